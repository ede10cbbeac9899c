"""Questions that ask which team here owns a duty are marked for the owners room; questions of
who-is-responsible (AWS or us) are not, and no labelled question of the engine sets is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.engine import answer
from bot.engine.owner_intent import asks_owner

OWNER = [
    "which team owns kms key rotation here?",
    "Which team is responsible for VPC flow logs?",
    "what team handles s3 bucket policies",
    "who do I talk to about s3 bucket policies?",
    "who should we ask about rds backups",
    "who can I contact about IAM password policies?",
    "who to contact about cloudtrail",
    "who is on call for rds backups?",
    "who's on-call for lambda",
    "who owns key rotation here?",
    "who owns ebs snapshots in our company?",
    "point of contact for dynamodb backups",
]
NOT_OWNER = [
    "Who owns KMS?",
    "who owns key rotation on kms?",
    "who patches the os on ec2?",
    "who handles encryption?",
    "our team uses lambda, who patches it?",
    "first week here - can someone explain what we own in the vpc?",
    "new hire here, who owns what on dynamodb?",
    "the on prem team asked: who patches rds",
    "what does aws do for s3",
]


@pytest.mark.parametrize("question", OWNER)
def test_owner_questions_are_marked(question: str) -> None:
    assert asks_owner(question)


@pytest.mark.parametrize("question", NOT_OWNER)
def test_responsibility_questions_are_not(question: str) -> None:
    assert not asks_owner(question)


def test_the_engine_marks_but_keeps_the_answer(index) -> None:
    marked = answer(index, "which team owns kms key rotation here?")
    plain = answer(index, "who is responsible for kms key rotation?")
    assert marked.asks_owner and not plain.asks_owner
    assert marked.intent == plain.intent == "who"
    assert marked.items[0].text == plain.items[0].text == "Key rotation configuration"


def test_no_labelled_question_of_the_engine_sets_asks_for_an_owner(index) -> None:
    for path in sorted(Path(__file__).parent.glob("*.jsonl")):
        for line in path.read_text().splitlines():
            q = json.loads(line)
            text = q.get("q") or q.get("question") or ""
            if q.get("intent") and set(q["intent"]) <= {"unknown", "help"}:
                # An uncovered question may well ask whom to ping ("my laptop's vpn drops,
                # who do I ping?"): answered as uncovered, it carries no duties, so it is never
                # marked. (One the engine still answers with a card is a confident unknown,
                # which test_engine.py counts set by set.)
                got = answer(index, text)
                if got.intent in ("unknown", "help"):
                    assert not got.asks_owner, (path.name, text)
                continue
            assert not asks_owner(text), (path.name, text)


def test_long_hostile_text_is_read_in_bounded_time() -> None:
    assert not asks_owner("who " * 100_000)
    assert asks_owner("which team " + "x " * 100_000)


def test_an_aws_group_is_no_team() -> None:
    assert not asks_owner("the parameter group is owned by whom, aws or us?")
    assert not asks_owner("security group owns which ports, us or amazon?")
    assert asks_owner("which group owns the parameter groups here?")


def test_a_team_said_to_own_something_is_no_question_of_owners() -> None:
    assert not asks_owner("who sets the ttl? it fronts a bucket that the web team owns")
    assert asks_owner("does that team own the load balancer?")
    assert asks_owner("is that team responsible for rds?")
