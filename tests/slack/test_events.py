"""Mentions in threads, DMs in the DM, once per message, never to bots; the App Home tab."""

from __future__ import annotations

import pytest

from tests.slack.client import payload
from tests.slack.helpers import all_text, buttons


def mention(text: str, ts: str = "1700000100.000100", event_id: str = "Ev0MENTION001") -> dict:
    data = payload("app_mention")
    data["event"].update(text=text, ts=ts, event_ts=ts)
    data["event_id"] = event_id
    return data


def test_mention_is_answered_in_a_thread_of_its_message(slack, fake_slack) -> None:
    assert slack.event(mention("<@U0SRMBOT> who patches RDS?")).status == 200
    (post,) = fake_slack.wait_api("chat.postMessage")
    assert post.body["channel"] == "C0GENERAL1"
    assert post.body["thread_ts"] == "1700000100.000100"
    assert post.body["blocks"] and post.body["text"]
    assert post.body["text"] == slack.srm.ask("who patches RDS?").card.text
    assert {"srm_helpful", "srm_not_helpful"} <= set(buttons(post.body["blocks"]))
    assert "srm_share" not in buttons(post.body["blocks"])  # already in the channel


def test_mention_inside_a_thread_answers_in_that_thread(slack, fake_slack) -> None:
    data = mention("<@U0SRMBOT> who patches RDS?", ts="1700000150.000150")
    data["event"]["thread_ts"] = "1700000001.000001"
    slack.event(data)
    (post,) = fake_slack.wait_api("chat.postMessage")
    assert post.body["thread_ts"] == "1700000001.000001"


@pytest.mark.parametrize(
    "text",
    [
        "who patches RDS? <@U0SRMBOT>",
        "who <@U0SRMBOT> patches RDS?",
        "<@U0SRMBOT|srm> who patches RDS?",
        "<@U0SRMBOT>   who patches RDS?  <@U0SRMBOT>",
    ],
)
def test_own_mention_is_stripped_wherever_it_stands(slack, fake_slack, text: str) -> None:
    slack.event(mention(text))
    (post,) = fake_slack.wait_api("chat.postMessage")
    assert post.body["text"] == slack.srm.ask("who patches RDS?").card.text
    assert "U0SRMBOT" not in post.body["text"]


def test_other_mentions_are_kept_and_escaped(slack, fake_slack) -> None:
    slack.event(mention("<@U0SRMBOT> <@U0SOMEONE> who patches RDS?"))
    (post,) = fake_slack.wait_api("chat.postMessage")
    assert "<@U0SOMEONE>" not in all_text(post.body)


def test_direct_message_is_answered_in_the_dm(slack, fake_slack) -> None:
    slack.event(payload("message_im"))
    (post,) = fake_slack.wait_api("chat.postMessage")
    assert post.body["channel"] == "D0ADADM001"
    assert post.body.get("thread_ts") in (None, "")  # top level of the DM, like a chat
    assert post.body["blocks"]


def test_dm_that_also_arrives_as_a_mention_is_answered_once(slack, fake_slack) -> None:
    dm = payload("message_im")
    dm["event"]["text"] = "<@U0SRMBOT> who encrypts S3 objects?"
    as_mention = payload("app_mention")
    as_mention["event"].update(text=dm["event"]["text"], channel="D0ADADM001", ts=dm["event"]["ts"])
    as_mention["event_id"] = "Ev0MENTIONDM1"
    assert slack.event(dm).status == 200
    assert slack.event(as_mention).status == 200
    fake_slack.wait_api("chat.postMessage")
    slack.drain()
    assert len(fake_slack.api_calls("chat.postMessage")) == 1


@pytest.mark.parametrize(
    "change",
    [
        {"bot_id": "B0SRMBOT", "subtype": "bot_message"},
        {"bot_id": "B0OTHERBOT"},
        {"subtype": "bot_message", "username": "another bot"},
        {"user": "U0SRMBOT"},
        {"subtype": "message_changed"},
    ],
)
def test_bots_and_itself_are_never_answered(slack, fake_slack, change: dict) -> None:
    dm = payload("message_im")
    dm["event"].update(change)
    assert slack.event(dm).status == 200
    slack.drain()
    assert fake_slack.api_calls("chat.postMessage") == []


def test_retries_of_an_event_are_answered_once(slack, fake_slack) -> None:
    data = mention("<@U0SRMBOT> who patches RDS?")
    assert slack.event(data).status == 200
    for retry in (1, 2, 3):
        assert slack.event(data, retry=retry).status == 200
    fake_slack.wait_api("chat.postMessage")
    slack.drain()
    assert len(fake_slack.api_calls("chat.postMessage")) == 1


def test_a_retry_whose_first_delivery_was_lost_is_answered(slack, fake_slack) -> None:
    assert slack.event(mention("<@U0SRMBOT> who patches RDS?"), retry=1).status == 200
    fake_slack.wait_api("chat.postMessage")


def test_app_home_tab_is_published(slack, fake_slack) -> None:
    assert slack.event(payload("app_home_opened")).status == 200
    (call,) = fake_slack.wait_api("views.publish")
    view = call.body["view"]
    assert call.body["user_id"] == "U0ASKER001"
    assert view["type"] == "home"
    text = str(view["blocks"])
    for service in slack.srm.index.knowledge.services:
        assert service.name in text
    assert "/srm" in text
    assert 0 < len(view["blocks"]) <= 100


def test_messages_tab_opening_publishes_nothing(slack, fake_slack) -> None:
    data = payload("app_home_opened")
    data["event"]["tab"] = "messages"
    slack.event(data)
    slack.drain()
    assert fake_slack.api_calls("views.publish") == []


def test_url_verification_returns_the_challenge(slack) -> None:
    data = payload("url_verification")
    response = slack.event(data)
    assert response.status == 200
    assert data["challenge"] in response.body.decode()
