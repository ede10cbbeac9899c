"""The `check` intent: questions that ask how to check, verify or audit a duty, or which
Security Hub control covers it, are answered with the matching customer duties and their
controls; other questions keep their intent."""

from __future__ import annotations

import pytest

from bot.engine import Index, answer
from bot.engine.check_intent import asks_for_checks

# (question, first service, a control among the first item's checks). Own wordings, plus the
# issue's done-when question.
CHECK_QUESTIONS = [
    ("how do i check that our kms keys get rotated?", "kms", "KMS.4"),
    ("which control covers KMS key rotation?", "kms", "KMS.4"),
    ("how can we verify nobody made our s3 buckets public", "s3", "S3.8"),
    ("how would an auditor verify that mfa delete is on for our buckets", "s3", "S3.20"),
    (
        "which security hub control tells me cloudtrail log file validation is on",
        "cloudtrail",
        "CloudTrail.4",
    ),
    ("is there a config rule for ebs volume encryption", "ebs", "EC2.3"),
    ("how do we audit the root user mfa in iam", "iam", "IAM.9"),
    ("how to test that our rds instances are not publicly accessible", "rds", "RDS.2"),
    ("what controls cover lambda function urls and public access", "lambda", "Lambda.1"),
    ("how do I confirm imdsv2 is required on our ec2 instances", "ec2", "EC2.8"),
]


@pytest.mark.parametrize(("question", "service", "control"), CHECK_QUESTIONS)
def test_check_questions_get_the_duty_and_its_control(
    index: Index, question: str, service: str, control: str
) -> None:
    result = answer(index, question)
    assert result.intent == "check", question
    assert result.services[0] == service
    assert result.verdict is None
    first = result.items[0]
    assert first.party == "customer" and first.kind == "duty"
    ids = {c.id for item in result.items[:2] for c in item.checks}
    assert control in ids, (question, [(i.text, [c.id for c in i.checks]) for i in result.items])
    assert all(i.party == "customer" for i in result.items)


def test_naming_only_a_service_lists_all_its_customer_duties(index: Index) -> None:
    result = answer(index, "how would we audit dynamodb?")
    assert result.intent == "check" and result.services == ("dynamodb",)
    dynamodb = index.knowledge.service("dynamodb")
    assert [i.text for i in result.items] == [d.text for d in dynamodb.duties_of("customer")]


def test_the_fargate_launch_type_keeps_to_its_duties(index: Index) -> None:
    result = answer(index, "how do we verify our fargate tasks don't get a public ip")
    assert result.intent == "check" and result.variant == "fargate"
    assert {i.launch_type for i in result.items} == {"fargate"}
    assert "ECS.2" in {c.id for c in result.items[0].checks}


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("who is responsible for s3 bucket policies?", "who"),
        ("who patches RDS?", "who"),
        ("who checks the os patches on ec2?", "who"),  # asks who, not how
        ("how do I audit sqs queues", "unknown"),  # not covered, whatever the verb
        ("how do I check the weather in paris", "unknown"),
        ("what is security hub", "unknown"),
        ("s3", "service"),
        ("who handles audit logs", "who|topic"),  # logs under several services: either
    ],
)
def test_other_questions_keep_their_intent(index: Index, question: str, intent: str) -> None:
    assert answer(index, question).intent in intent.split("|"), question


def test_cue_detection() -> None:
    assert asks_for_checks("How do I check that our buckets aren't public?")
    assert asks_for_checks("which Security Hub control covers this")
    assert asks_for_checks("verify that logging is on")
    assert not asks_for_checks("who verifies the backups")
    assert not asks_for_checks("who manages s3 access controls for buckets")
    assert not asks_for_checks("how do I enable versioning")
    # A side asked without "who": the product or the checking tells why it is asked.
    assert not asks_for_checks("security hub says our root user has no mfa, aws or us")
    assert not asks_for_checks("nobody checked the uploads for malware. shouldn't amazon do that?")
    assert asks_for_checks("how do we verify aws or us set up the flow logs")


def test_customer_items_of_other_intents_carry_their_checks(index: Index) -> None:
    result = answer(index, "who is responsible for s3 bucket policies?")
    first = next(i for i in result.items if i.party == "customer")
    assert "S3.8" in [c.id for c in first.checks]
    payload = first.to_dict()
    s38 = next(c for c in payload["checks"] if c["id"] == "S3.8")
    assert set(s38) == {"id", "title", "standards", "url"}
    assert s38["url"].startswith("https://docs.aws.amazon.com/securityhub/")
    aws = answer(index, "who patches RDS?").items[0]
    assert aws.party == "aws" and aws.to_dict()["checks"] == []
