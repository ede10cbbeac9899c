"""Every card srm renders is valid Block Kit within Slack's limits, leads with the answer, marks
the evidence, and never carries unescaped user text."""

from __future__ import annotations

import json
import re

import pytest
from slack_sdk.models.blocks import Block

from bot import domain
from bot.cards import answer_json, render
from bot.cards.blocks import limit_problems
from bot.engine import Index, answer
from tests.engine.test_engine import CASES

EXTRA = [
    "who handles encryption?",
    "compare ec2, rds, s3, lambda, ecs, vpc, iam, cloudfront, dynamodb, ebs, cloudtrail and kms",
    "help",
    "what are the compliance responsibilities?",
    "iaas vs paas vs saas",
    "explain the shared responsibility model",
    "who's responsible for logging/monitoring??",
    "<!channel> who patches <@U024BE7LH> rds & <script>",
    "x" * 20000,
    "lambda " + "security " * 4000,
]


def _questions(tuning: list[dict]) -> list[str]:
    return [q["q"] for q in tuning] + [c["q"] for c in CASES] + EXTRA


def test_every_card_is_valid_block_kit_within_limits(
    index: Index, knowledge: domain.Knowledge, tuning_questions: list[dict]
) -> None:
    for q in _questions(tuning_questions):
        card = render(answer(index, q), knowledge)
        assert limit_problems(card.blocks) == [], q[:60]
        for block in card.blocks:
            parsed = Block.parse(block)
            assert parsed is not None
            parsed.validate_json()  # slack_sdk's own checks
        assert card.text and len(card.text) <= 3000


def test_limit_checker_catches_what_slack_sdk_does_not() -> None:
    field = {"type": "mrkdwn", "text": "x" * 2001}
    too_long = [{"type": "section", "fields": [field]}]
    assert limit_problems(too_long)
    assert limit_problems([{"type": "divider"}] * 51)
    big = [{"type": "section", "text": {"type": "mrkdwn", "text": "y" * 2900}}] * 5
    assert limit_problems(big)


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("who patches RDS?", "AWS"),
        ("who configures encrpytion for rds", "You"),
        ("who handles MFA for IAM, aws or us?", "Shared"),
    ],
)
def test_answer_line_names_the_verdict_party(
    index: Index, knowledge: domain.Knowledge, question: str, word: str
) -> None:
    card = render(answer(index, question), knowledge)
    first_section = card.blocks[1]["text"]["text"]
    assert first_section.startswith(f"*{word}*")
    assert card.text.startswith(word)


def test_marked_duties_are_the_evidence(index: Index, knowledge: domain.Knowledge) -> None:
    result = answer(index, "who writes the s3 bucket polices")
    card = render(result, knowledge)
    marked = set()
    for block in card.blocks:
        for f in block.get("fields", []):
            marked |= set(re.findall(r"^• \*(.+)\*$", f["text"], re.M))
    evidence = {i.text for i in result.items if i.kind == "duty" and i.score > 0}
    assert marked and marked == evidence


def test_hostile_text_is_escaped_everywhere(index: Index, knowledge: domain.Knowledge) -> None:
    hostile = "<!channel> <!here> <@U024BE7LH> who runs sqs & <b>"
    result = answer(index, hostile)
    payload = answer_json(result, render(result, knowledge))
    dumped = json.dumps(payload)
    for raw in ("<!channel>", "<!here>", "<@U024BE7LH>"):
        assert raw not in dumped
    assert payload["query"].startswith("&lt;!channel&gt;")


def test_service_card_shows_both_sides_and_every_best_practice(
    index: Index, knowledge: domain.Knowledge
) -> None:
    card = render(answer(index, "s3"), knowledge)
    s3 = knowledge.service("s3")
    text = json.dumps(card.blocks)
    for duty in s3.duties:
        assert duty.text in text
    for bp in s3.best_practices:
        assert bp.text in text
    assert s3.docs_url in text


def test_long_lists_are_cut_with_a_count() -> None:
    from bot.cards.blocks import bullet_lines
    from bot.cards.content import Bullet

    text = bullet_lines([Bullet(f"duty number {i}") for i in range(500)], 2000)
    assert len(text) <= 2000
    assert re.search(r"…and \d+ more$", text)


def test_terminal_card_has_no_slack_markup(index: Index, knowledge: domain.Knowledge) -> None:
    import io

    from rich.console import Console

    from bot.cards.terminal import print_card

    out = io.StringIO()
    print_card(answer(index, "who patches RDS?"), knowledge, Console(file=out, width=100))
    text = out.getvalue()
    assert "Database engine patching and updates" in text
    assert "*" not in text and "<http" not in text and "&gt;" not in text


def test_ecs_without_a_launch_type_says_it_depends(
    index: Index, knowledge: domain.Knowledge
) -> None:
    got = answer(index, "whose job is os patching on ecs")
    assert got.variant is None and got.verdict == "shared"
    assert {i.launch_type for i in got.items[:2]} == {"fargate", "ec2"}
    card = render(got, knowledge)
    assert "depends on the launch type" in card.text
    assert "Fargate, AWS holds" in card.text and "you hold" in card.text


def test_pricing_is_named_as_not_covered_in_plain_words(
    index: Index, knowledge: domain.Knowledge
) -> None:
    card = render(answer(index, "what does the kms bill come to each month"), knowledge)
    assert "pricing" in card.text and "does not cover" not in card.text


def test_asking_for_our_side_puts_the_customer_first(
    index: Index, knowledge: domain.Knowledge
) -> None:
    ours = json.dumps(render(answer(index, "what is on our plate for dynamodb"), knowledge).blocks)
    theirs = json.dumps(render(answer(index, "dynamodb"), knowledge).blocks)
    assert ours.index("You (customer)") < ours.index('"*AWS*')
    assert theirs.index('"*AWS*') < theirs.index("You (customer)")


def test_topic_headline_counts_what_the_card_shows(
    index: Index, knowledge: domain.Knowledge
) -> None:
    got = answer(index, "who takes care of encryption across our services?")
    assert got.intent == "topic"
    card = render(got, knowledge)
    on_services = [i for i in got.items if i.service and i.kind in ("duty", "best_practice")]
    aws = sum(1 for i in on_services if i.kind == "duty" and i.party == "aws")
    yours = len(on_services) - aws
    if aws and yours:
        assert f"AWS holds {aws} of the matching duties" in card.text
        assert f"hold {yours}" in card.text
    general = [i for i in got.items if i not in on_services]
    if general:
        assert "In general (every service)" in json.dumps(card.blocks)


def test_disagreement_is_noted_only_where_the_document_disagrees(
    index: Index, knowledge: domain.Knowledge
) -> None:
    note = "two sections file it differently"
    assert note in json.dumps(render(answer(index, "lambda"), knowledge).blocks)
    assert note in json.dumps(render(answer(index, "rds"), knowledge).blocks)
    assert note not in json.dumps(render(answer(index, "s3"), knowledge).blocks)
    assert note not in json.dumps(render(answer(index, "ec2"), knowledge).blocks)


def test_compare_context_names_the_service_of_each_line(
    index: Index, knowledge: domain.Knowledge
) -> None:
    card = render(answer(index, "lambda vs ec2"), knowledge)
    blocks = json.dumps(card.blocks)
    assert "Lambda: Category" in blocks and "EC2: Category" in blocks
