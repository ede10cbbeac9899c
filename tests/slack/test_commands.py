"""`/srm`: answers in the acknowledgement, usage, list, share in channel."""

from __future__ import annotations

from tests.slack.client import payload
from tests.slack.helpers import all_text, buttons, press, value_of


def test_question_is_answered_ephemerally_in_the_ack_with_buttons(slack) -> None:
    response = slack.command("who patches RDS?")
    assert response.status == 200
    body = response.json()
    assert body["response_type"] == "ephemeral"
    assert body["text"]
    assert 3 <= len(body["blocks"]) <= 50
    assert {"srm_share", "srm_helpful", "srm_not_helpful"} <= set(buttons(body["blocks"]))
    value = value_of(body["blocks"], "srm_share")
    assert value["q"] == "who patches RDS?"
    assert value["a"] == "U0ASKER001"
    # The card is the engine's card for that question (whatever its wording).
    assert body["text"] == slack.srm.ask("who patches RDS?").card.text


def test_help_and_empty_show_usage_with_examples(slack) -> None:
    for text in ("", "help", "  HELP  "):
        body = slack.command(text).json()
        assert body["response_type"] == "ephemeral"
        assert "/srm" in all_text(body)
        assert "srm_share" not in buttons(body.get("blocks", []))


def test_list_shows_every_service(slack) -> None:
    body = slack.command("list").json()
    text = all_text(body)
    for service in slack.srm.index.knowledge.services:
        assert service.name in text


def test_share_posts_the_card_to_the_channel_and_deletes_the_ephemeral(slack, fake_slack) -> None:
    card = slack.command("who patches RDS?").json()
    value = value_of(card["blocks"], "srm_share")
    pressed = press(payload("block_actions"), "srm_share", value)
    pressed["response_url"] = fake_slack.response_url("share")
    assert slack.action(pressed).status == 200

    posted, deleted = fake_slack.wait_responses("share", count=2)
    assert posted.body["response_type"] == "in_channel"
    assert posted.body["replace_original"] is False
    assert "<@U0ASKER001>" in all_text(posted.body)  # who shared it
    assert len(posted.body["blocks"]) >= len(card["blocks"]) - 1
    assert "srm_share" not in buttons(posted.body["blocks"])
    assert deleted.body.get("delete_original") is True
    assert "blocks" not in deleted.body


def test_rate_limit_replies_kindly_and_still_acks(start_app, monkeypatch, fake_slack) -> None:
    monkeypatch.setenv("SRM_RATE_LIMIT", "3/3600")
    slack = start_app()
    replies = [slack.command(f"who patches RDS? {n}") for n in range(6)]
    assert all(r.status == 200 for r in replies)
    assert all("blocks" in r.json() for r in replies[:3])
    # One notice per window, not one per message: the later ones are acknowledged silently.
    notice = replies[3].json()
    assert "blocks" not in notice and "try again" in notice["text"]
    assert [r.body for r in replies[4:]] == [b"", b""]
    # Another user is not limited by the first one's questions.
    other = slack.command("who patches RDS?", user_id="U0OTHER001").json()
    assert "blocks" in other
