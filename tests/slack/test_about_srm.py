"""Questions about srm itself, in a mention or a DM: "list" and "what services do you cover"
get the services srm knows (as `/srm list` does), and a greeting gets the usage card."""

from __future__ import annotations

import pytest

from tests.slack.client import payload
from tests.slack.helpers import all_text


def dm(text: str) -> dict:
    # The shape Slack sends for a DM (tests/slack/payloads/message_im.json, from Slack's
    # Events API `message.im` docs); only the text differs.
    data = payload("message_im")
    data["event"]["text"] = text
    data["event"]["blocks"][0]["elements"][0]["elements"][0]["text"] = text
    return data


def mention(text: str) -> dict:
    data = payload("app_mention")
    data["event"]["text"] = f"<@U0SRMBOT> {text}"
    return data


def service_names(slack) -> list[str]:
    return [s.name for s in slack.srm.index.knowledge.services]


@pytest.mark.parametrize("text", ["list", "what services do you cover?", "list services"])
@pytest.mark.parametrize("how", [dm, mention], ids=["dm", "mention"])
def test_list_and_what_services_answer_with_the_service_list(slack, fake_slack, text, how):
    assert slack.event(how(text)).status == 200
    (post,) = fake_slack.wait_api("chat.postMessage")
    shown = all_text(post.body)
    assert "I don't know how to answer that" not in shown
    for name in service_names(slack):
        assert name in shown, f"{name} missing from the answer to {text!r}"


def test_a_dm_greeting_gets_the_usage_card_as_a_mention_does(slack, fake_slack) -> None:
    slack.event(dm("hello, can you hear me?"))
    (in_dm,) = fake_slack.wait_api("chat.postMessage")
    slack.event(mention("hello"))
    in_channel = fake_slack.wait_api("chat.postMessage", 2)[1]
    assert in_dm.body["text"] == in_channel.body["text"]
    assert "I don't know how to answer that" not in all_text(in_dm.body)
    assert "who patches RDS?" in all_text(in_dm.body), "the usage: examples of what to ask"
