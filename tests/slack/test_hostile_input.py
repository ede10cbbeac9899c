"""User text never pings anyone; odd input (huge, control characters, emoji, RTL) is answered."""

from __future__ import annotations

import re

import pytest

from tests.slack.client import payload
from tests.slack.helpers import all_text, press, value_of

HOSTILE = "<!channel> <!here> <!everyone> <@U0VICTIM1> <#C0SECRET1> & who patches RDS? <https://evil.example|click>"
# What would notify people or make a link if Slack saw it unescaped (srm's own links may stay).
LIVE = ("<!channel>", "<!here>", "<!everyone>", "<@U0VICTIM1>", "<#C0SECRET1>", "<https://evil")


def assert_escaped(message: dict) -> None:
    text = all_text(message)
    assert not [token for token in LIVE if token in text], text
    # A bare "&" from the user would start an entity: only escaped ones may appear.
    assert "& who" not in text


def test_hostile_text_in_a_command_is_escaped(slack) -> None:
    body = slack.command(HOSTILE).json()
    assert body["blocks"]
    assert_escaped(body)


def test_hostile_text_in_a_mention_is_escaped(slack, fake_slack) -> None:
    data = payload("app_mention")
    data["event"]["text"] = f"<@U0SRMBOT> {HOSTILE}"
    slack.event(data)
    (post,) = fake_slack.wait_api("chat.postMessage")
    assert_escaped(post.body)


def test_hostile_text_in_a_shared_card_is_escaped(slack, fake_slack) -> None:
    card = slack.command(HOSTILE).json()
    pressed = press(payload("block_actions"), "srm_share", value_of(card["blocks"], "srm_share"))
    pressed["response_url"] = fake_slack.response_url("share")
    slack.action(pressed)
    posted, _ = fake_slack.wait_responses("share", count=2)
    assert "<@U0ASKER001>" in all_text(posted.body)
    assert "&lt;!channel&gt;" in all_text(posted.body)  # the question, quoted, escaped
    assert_escaped(posted.body)


def test_hostile_usage_words_and_unknown_questions_are_escaped(slack) -> None:
    for text in ("<!channel>", "&lt;!here&gt;", "<@U0VICTIM1> xyzzy", "help <!everyone>"):
        assert_escaped(slack.command(text).json())


@pytest.mark.parametrize(
    "text",
    [
        "who patches RDS? " * 1200,  # about 20,000 characters
        "x" * 20_000,
        "who\x00 patches\x07 RDS?\x1b[31m\x7f",
        "who patches RDS? 🔥🛡️👩‍💻 ☁️",
        "من يقوم بتحديث RDS؟ who patches RDS?",
        "\u202ewho patches RDS?\u202c",
        "\ufeff\u200b",
    ],
    ids=["long-question", "long-word", "control", "emoji", "rtl", "rtl-override", "invisible"],
)
def test_odd_input_gets_a_valid_card_within_the_limits(slack, text: str) -> None:
    response = slack.command(text)
    assert response.status == 200
    body = response.json()
    assert body["response_type"] == "ephemeral"
    assert body["text"]
    blocks = body.get("blocks", [])
    assert len(blocks) <= 50
    for block in blocks:
        for element in block.get("elements", []):
            if element.get("type") == "button":
                assert len(element["value"]) <= 2000
                assert len(element["text"]["text"]) <= 75
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", all_text(body))


def test_odd_input_in_a_mention_is_answered(slack, fake_slack) -> None:
    data = payload("app_mention")
    data["event"]["text"] = "<@U0SRMBOT> " + "🔥" * 5000 + " who patches RDS?\x00"
    slack.event(data)
    (post,) = fake_slack.wait_api("chat.postMessage")
    assert post.body["thread_ts"] == data["event"]["ts"]
