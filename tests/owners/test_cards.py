"""Cards with an overlay loaded: every card stays valid Block Kit within Slack's limits, each
customer duty shows its owner (team, channel link, on-call and runbook links), and nothing on a
card can ping anyone."""

from __future__ import annotations

from slack_sdk.models.blocks import Block

from bot.cards import answer_json, render
from bot.cards.blocks import limit_problems
from bot.engine import Index, answer
from bot.owners.attach import attach
from bot.owners.resolve import Owners
from bot.owners.validate import validate_file
from tests.cards.test_cards import EXTRA
from tests.engine.test_engine import CASES
from tests.owners.conftest import EXAMPLE_OVERLAY, INTERFACE_OVERLAY

OWNER_QUESTIONS = [
    "which team owns kms key rotation here?",
    "who do I talk to about s3 bucket policies?",
    "who is on call for rds backups?",
    "which team owns encryption here?",
    "who do I ask about kms?",
    "who should I contact about ecs on fargate?",
    "who is on call for rds engine patching?",
]


def _render(q: str, index: Index, owners: Owners):
    result = attach(answer(index, q), owners)
    return result, render(result, index.knowledge, owners)


def test_every_card_with_owners_is_valid_block_kit_within_limits(knowledge) -> None:
    index = Index.build(knowledge)
    owners = Owners(validate_file(EXAMPLE_OVERLAY, knowledge).overlay, knowledge, version=1)
    questions = [c["q"] for c in CASES] + EXTRA + OWNER_QUESTIONS
    questions += [f"{s.slug}" for s in knowledge.services] + ["ecs on ec2", "ecs fargate"]
    for q in questions:
        _, card = _render(q, index, owners)
        assert limit_problems(card.blocks) == [], q[:60]
        for block in card.blocks:
            Block.parse(block).validate_json()
        shown = str(card.blocks) + card.text
        assert "<!subteam^" not in shown and "<!channel>" not in shown, q[:60]


def test_a_service_card_shows_every_customer_duty_with_its_owner(knowledge) -> None:
    index = Index.build(knowledge)
    owners = Owners(validate_file(EXAMPLE_OVERLAY, knowledge).overlay, knowledge, version=1)
    _, card = _render("kms", index, owners)
    fields = [f["text"] for b in card.blocks if b["type"] == "section" for f in b.get("fields", [])]
    customer = next(f for f in fields if f.startswith("*You (customer)*"))
    assert "…and" not in customer  # nothing cut
    for d in knowledge.service("kms").duties_of("customer"):
        assert d.text in customer
    assert customer.count("Owner: *crypto* · <#C0CRYPTO01>") == 6
    assert "<https://wiki.example.com/kms-rotation|runbook>" in customer


def test_owner_answers(knowledge) -> None:
    index = Index.build(knowledge)
    owners = Owners(validate_file(INTERFACE_OVERLAY, knowledge).overlay, knowledge, version=1)
    result, card = _render("which team owns kms key rotation here?", index, owners)
    out = answer_json(result, card)
    assert out["intent"] == "owner" and out["verdict"] == "customer"
    assert [i["owner"]["team"] for i in out["items"]] == ["crypto"]
    assert card.content.answer.startswith("*crypto* owns this here.")
    # A question about a duty AWS holds has no customer duty to own.
    result, card = _render("who is on call for rds engine patching?", index, owners)
    assert result.intent == "owner" and result.verdict == "aws"
    assert result.items == ()
    assert "AWS" in card.text
    # Several duties, several owners: each named once, on its duty.
    result, card = _render("who do I talk to about ecs?", index, owners)
    assert result.intent == "owner"
    assert {i.owner.team for i in result.items} == {"app-platform", "platform", "cloud-security"}
    assert all(i.party == "customer" for i in result.items)
