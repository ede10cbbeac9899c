"""`/srm check SERVICE` through the real app over HTTP (signed slash-command requests, as Slack
sends them): the service's customer duties with their linked controls, within Slack's limits;
`/srm check` alone says how to ask; a check *question* is answered by the engine."""

from __future__ import annotations

from slack_sdk.models.blocks import Block

from bot.cards.blocks import limit_problems
from tests.slack.helpers import all_text, buttons


def test_check_service_lists_its_customer_duties_and_controls(slack) -> None:
    response = slack.command("check s3")
    assert response.status == 200
    body = response.json()
    assert body["response_type"] == "ephemeral"
    assert limit_problems(body["blocks"]) == []
    for block in body["blocks"]:
        Block.parse(block).validate_json()
    text = all_text(body)
    s3 = slack.srm.index.knowledge.service("s3")
    for duty in s3.duties_of("customer"):
        assert f"Check it: {duty.text}" in text
    assert (
        "<https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-1|S3.1>"
        in text
    )
    assert "Security Hub checks include:" in text
    assert "check it by review" in text  # IAM policies for user/role access has no S3 control
    assert "S3.1" in body["text"]


def test_check_takes_a_service_by_name_or_alias(slack) -> None:
    for text in ("check Key Management Service", "CHECKS kms"):
        body = slack.command(text).json()
        assert "|KMS.4> AWS KMS key rotation should be enabled" in all_text(body), text


def test_check_alone_says_how_to_ask(slack) -> None:
    body = slack.command("check").json()
    assert "/srm check s3" in all_text(body)
    assert "srm_share" not in buttons(body.get("blocks", []))


def test_a_check_question_is_answered_as_a_card(slack) -> None:
    body = slack.command("check that our <!channel> buckets aren't public").json()
    text = all_text(body)
    assert "srm_share" in buttons(body["blocks"])  # an ordinary answer card
    assert "|S3.8>" in text
    assert "<!channel>" not in text
