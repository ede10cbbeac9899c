"""Cards say how to check a customer duty: "Check it" with the linked controls ("checks
include"), how to check it by review where no control tests it, and sourced notes labelled with
their link; every such card stays within Slack's limits."""

from __future__ import annotations

import io
import json
import re

import pytest
from rich.console import Console
from slack_sdk.models.blocks import Block

from bot import domain
from bot.cards import Card, render
from bot.cards.blocks import limit_problems
from bot.cards.checks import service_checks_card
from bot.cards.terminal import print_content
from bot.engine import Index, answer


def _mrkdwn(card: Card) -> str:
    return json.dumps(card.blocks, ensure_ascii=False)


def _valid(card: Card) -> None:
    assert limit_problems(card.blocks) == []
    for block in card.blocks:
        Block.parse(block).validate_json()


def test_a_check_answer_links_each_control_under_its_duty(
    index: Index, knowledge: domain.Knowledge
) -> None:
    card = render(answer(index, "how do I check that our buckets aren't public?"), knowledge)
    _valid(card)
    text = _mrkdwn(card)
    assert "Check it: Bucket policies and access controls" in text
    assert "Security Hub checks include:" in text
    s38 = "https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-8"
    assert f"<{s38}|S3.8> S3 general purpose buckets should block public access" in text
    assert "S3.8" in card.text  # the plain text names the controls too


def test_a_who_card_shows_the_checks_of_its_customer_evidence(
    index: Index, knowledge: domain.Knowledge
) -> None:
    card = render(answer(index, "who is responsible for s3 bucket policies?"), knowledge)
    _valid(card)
    assert "|S3.8>" in _mrkdwn(card)
    aws_only = render(answer(index, "who patches RDS?"), knowledge)
    assert "Check it:" not in _mrkdwn(aws_only)  # AWS's duties are not the customer's to check


def test_a_duty_without_a_control_says_how_to_review_it(
    index: Index, knowledge: domain.Knowledge
) -> None:
    result = answer(index, "how do we verify kms grant management for temporary permissions")
    assert result.intent == "check"
    text = _mrkdwn(render(result, knowledge))
    assert "Check it: Grant management for temporary permissions" in text
    assert "check it by review: no control evaluates KMS grants" in text


def test_sourced_notes_are_labelled_and_linked(index: Index, knowledge: domain.Knowledge) -> None:
    card = render(answer(index, "who rotates the kms keys?"), knowledge)
    text = _mrkdwn(card)
    assert "Note (newer than the document)" in text
    assert (
        "<https://docs.aws.amazon.com/kms/latest/APIReference/API_EnableKeyRotation.html|" in text
    )
    assert "read 2026-12-02" in text
    # The matrix's own words are unchanged beside the note.
    assert "Key rotation configuration" in text


def test_every_note_in_the_knowledge_is_sourced_from_aws_documentation(
    knowledge: domain.Knowledge,
) -> None:
    notes = [(s.slug, d.text, n) for s in knowledge.services for d in s.duties for n in d.notes]
    assert len(notes) >= 3
    texts = {(slug, duty) for slug, duty, _ in notes}
    assert ("s3", "Object encryption (SSE-S3, SSE-KMS, SSE-C)") in texts
    assert ("dynamodb", "Encryption at rest configuration") in texts
    assert ("kms", "Key rotation configuration") in texts
    for _, _, n in notes:
        assert n.source_url.startswith("https://docs.aws.amazon.com/")
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", n.read_on)


@pytest.mark.parametrize("slug", ["ec2", "rds", "s3", "lambda", "ecs", "iam", "cloudfront", "vpc"])
def test_service_check_cards_fit_and_cut_long_lists(knowledge: domain.Knowledge, slug: str) -> None:
    service = knowledge.service(slug)
    card = Card(service_checks_card(knowledge, service))
    _valid(card)
    text = _mrkdwn(card)
    for d in service.duties_of("customer"):
        assert f"Check it: {d.text}" in text
        if len(d.checks) > 3:
            assert f"and {len(d.checks) - 3} more" in text


def test_service_and_topic_cards_with_checks_stay_within_limits(
    index: Index, knowledge: domain.Knowledge
) -> None:
    for q in ("ec2", "ecs", "iam", "who handles encryption?", "who handles logging?", "rds"):
        card = render(answer(index, q), knowledge)
        _valid(card)


def test_terminal_card_shows_control_ids_titles_and_links(
    index: Index, knowledge: domain.Knowledge
) -> None:
    out = io.StringIO()
    result = answer(index, "which control covers KMS key rotation?")
    print_content(render(result, knowledge).content, Console(file=out, width=200))
    text = out.getvalue()
    assert "KMS.4 AWS KMS key rotation should be enabled" in text
    assert "kms-controls.html#kms-4" in text
    assert "<http" not in text and "*" not in text
