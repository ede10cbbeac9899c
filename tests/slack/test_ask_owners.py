"""Owners on cards and the Ask the owners button, driven for real: the app over HTTP with signed
requests, the fake Web API recording what srm sent. Payload shapes: tests/slack/payloads (copies
of what Slack sends: app_mention, block_actions)."""

from __future__ import annotations

import itertools

import pytest

from bot.knowledge.validate import validate_dir
from bot.owners import store
from bot.owners.validate import validate_file
from bot.paths import knowledge_dir
from bot.store.db import make_engine
from tests.owners.conftest import INTERFACE_OVERLAY
from tests.slack.client import payload
from tests.slack.helpers import all_text, buttons, press, value_of

OWNERS_CHANNEL = "C0CRYPTO01"
QUESTION = "which team owns kms key rotation here?"


def load_overlay(database_url: str) -> None:
    knowledge = validate_dir(knowledge_dir()).knowledge
    engine = make_engine(database_url)
    store.save(engine, validate_file(INTERFACE_OVERLAY, knowledge).overlay)
    engine.dispose()


@pytest.fixture
def owned(start_app, slack_env):
    load_overlay(slack_env["DATABASE_URL"])
    return start_app()


def mention(app, text: str, event_id: str = "Ev0OWNERS0001") -> dict:
    """Ask in a channel; return the card srm posted in the thread."""
    data = payload("app_mention")
    data["event_id"] = event_id
    data["event"]["text"] = f"<@U0SRMBOT> {text}"
    before = len(app.fake.api_calls("chat.postMessage"))
    assert app.event(data).status == 200
    return app.fake.wait_api("chat.postMessage", count=before + 1)[before].body


def press_ask(app, card: dict, *, user: str | None = None, ts: str = "1700000000.000001") -> None:
    pressed = press(
        payload("block_actions"), "srm_ask_owners", value_of(card["blocks"], "srm_ask_owners"), user
    )
    pressed["container"] = {
        "type": "message",
        "message_ts": ts,
        "channel_id": "C0GENERAL1",
        "is_ephemeral": False,
    }
    pressed["response_url"] = app.fake.response_url("ask")
    # Each real press is its own delivery: Slack gives it a new action_ts and trigger_id (a
    # byte-identical body is a replay, which srm drops).
    n = next(_PRESSES)
    pressed["actions"][0]["action_ts"] = f"{1700000100 + n}.000{n:03d}"
    pressed["trigger_id"] = f"1700000100.{n}.press"
    assert app.action(pressed).status == 200


_PRESSES = itertools.count(1)


def to_owners(fake) -> list:
    return [
        c for c in fake.api_calls("chat.postMessage") if c.body.get("channel") == OWNERS_CHANNEL
    ]


def test_cards_name_the_owner_without_pinging_anyone(owned) -> None:
    card = mention(owned, QUESTION)
    text = all_text(card)
    assert "crypto" in text
    assert f"<#{OWNERS_CHANNEL}>" in text
    assert "<https://example.pagerduty.com/service-directory/PCRYPTO|on-call>" in text
    assert "<https://wiki.example.com/kms-rotation|runbook>" in text
    for ping in ("<!subteam^", "<!channel>", "<!here>", "<!everyone>"):
        assert ping not in text
    assert "srm_ask_owners" in buttons(card["blocks"])
    # The same on the ephemeral /srm card, and on a plain who-card with an owned duty.
    command = owned.command("who patches the os on ec2?").json()
    text = all_text(command)
    assert "platform" in text and "<#C0PLATFRM1>" in text and "<!subteam^" not in text
    assert "srm_ask_owners" in buttons(command["blocks"])


def test_the_askers_press_posts_once_with_the_group_mentioned_once(owned) -> None:
    card = mention(owned, QUESTION + " <!channel> & <@U0BOSS0001>")
    press_ask(owned, card)
    (sent,) = owned.fake.wait_responses("ask")
    assert sent.body["response_type"] == "ephemeral"
    assert f"<#{OWNERS_CHANNEL}>" in sent.body["text"] and "Sent" in sent.body["text"]
    (post,) = to_owners(owned.fake)
    text = post.body["text"]
    assert text.count("<!subteam^S0CRYPTO01>") == 1
    assert "<!subteam^" not in text.replace("<!subteam^S0CRYPTO01>", "")
    # The question, escaped: no ping can come from what the asker typed.
    assert "&lt;!channel&gt; &amp; &lt;@U0BOSS0001&gt;" in text
    assert "<!channel>" not in text and "<@U0BOSS0001>" not in text
    assert "Key rotation configuration" in text
    (link,) = owned.fake.api_calls("chat.getPermalink")
    assert link.body["channel"] == "C0GENERAL1"
    assert link.body["message_ts"] == "1700000000.000001"
    assert "https://srm-test.slack.com/archives/C0GENERAL1/p1700000000000001" in text

    # A second press by the asker, and a stranger's press: nothing more is posted.
    press_ask(owned, card)
    press_ask(owned, card, user="U0STRANGER")
    replies = owned.fake.wait_responses("ask", count=3)
    owned.drain()
    assert len(to_owners(owned.fake)) == 1
    answers = sorted(r.body["text"] for r in replies[1:])
    assert any("already asked" in a for a in answers)
    assert any("Only <@U0ASKER001>" in a for a in answers)


def test_not_in_channel_becomes_a_plain_message_to_the_asker(owned) -> None:
    card = mention(owned, QUESTION)
    owned.fake.refuse("chat.postMessage", "not_in_channel")
    press_ask(owned, card)
    (reply,) = owned.fake.wait_responses("ask")
    assert reply.body["response_type"] == "ephemeral"
    assert "blocks" not in reply.body
    assert "/invite @srm" in reply.body["text"] and f"<#{OWNERS_CHANNEL}>" in reply.body["text"]
    # Refused by Slack, so the press was not used up: after the invite it can be pressed again.
    press_ask(owned, card)
    owned.fake.wait_responses("ask", count=2)
    owned.drain()
    assert len(to_owners(owned.fake)) == 2  # the refused attempt and the one that went through


@pytest.mark.parametrize(
    ("error", "says"), [("channel_not_found", "couldn't find"), ("is_archived", "archived")]
)
def test_a_missing_or_archived_channel_is_said_plainly(owned, error: str, says: str) -> None:
    card = mention(owned, QUESTION)
    owned.fake.refuse("chat.postMessage", error)
    press_ask(owned, card)
    (reply,) = owned.fake.wait_responses("ask")
    assert says in reply.body["text"]


def test_a_press_from_an_ephemeral_card_links_to_the_channel(owned) -> None:
    card = owned.command(QUESTION).json()
    pressed = press(
        payload("block_actions"), "srm_ask_owners", value_of(card["blocks"], "srm_ask_owners")
    )
    pressed["response_url"] = owned.fake.response_url("ask")
    owned.action(pressed)
    owned.fake.wait_responses("ask")
    (post,) = to_owners(owned.fake)
    assert "asked in <#C0GENERAL1>" in post.body["text"]
    assert owned.fake.api_calls("chat.getPermalink") == []  # ephemeral messages have none


def test_the_press_counts_against_the_askers_rate_limit(start_app, slack_env, monkeypatch) -> None:
    monkeypatch.setenv("SRM_RATE_LIMIT", "1/3600")
    load_overlay(slack_env["DATABASE_URL"])
    app = start_app()
    card = mention(app, QUESTION)  # the one question allowed
    press_ask(app, card)
    (reply,) = app.fake.wait_responses("ask")
    assert "faster than I can keep up" in reply.body["text"]
    app.drain()
    assert to_owners(app.fake) == []


def test_without_an_overlay_there_is_nobody_to_ask(slack) -> None:
    card = mention(slack, QUESTION)
    assert "srm_ask_owners" not in buttons(card["blocks"])
    assert "No owners are configured" in all_text(card)


def test_app_home_shows_the_overlay_and_how_many_duties_are_unowned(
    start_app, slack_env, tmp_path
) -> None:
    app = start_app()
    assert app.event(payload("app_home_opened")).status == 200
    (first,) = app.fake.wait_api("views.publish")
    assert "No ownership overlay is loaded" in str(first.body["view"]["blocks"])

    # An overlay without defaults: 87 customer duties, some owned by its rules.
    no_defaults = tmp_path / "owners.yaml"
    no_defaults.write_text(
        "version: 1\nrules:\n  - match: {service: kms}\n    team: crypto\n    channel: C0CRYPTO01\n"
    )
    knowledge = validate_dir(knowledge_dir()).knowledge
    engine = make_engine(slack_env["DATABASE_URL"])
    store.save(engine, validate_file(no_defaults, knowledge).overlay)
    engine.dispose()
    kms = sum(1 for d in knowledge.service("kms").duties if d.party == "customer")
    app.srm.refresh(force=True)  # what the next background check does within seconds

    data = payload("app_home_opened")
    data["event_id"] = "Ev0HOME00002"
    app.event(data)
    calls = app.fake.wait_api("views.publish", count=2)
    home = str(calls[1].body["view"]["blocks"])
    assert f"*v1* is loaded: {87 - kms} of 87 customer duties have no owner" in home

    listed = app.command("owners").json()
    text = all_text(listed)
    assert f"{87 - kms} of 87" in text
    assert "Key rotation configuration" not in text  # KMS is owned
    assert "Operating system patching and updates" in text
    assert "Bucket policies and access controls" in text


def test_a_cached_card_is_not_served_after_a_new_overlay(start_app, slack_env) -> None:
    app = start_app()
    before = app.command("who patches the os on ec2?").json()
    assert "srm_ask_owners" not in buttons(before["blocks"])
    assert "platform" not in all_text(before)
    load_overlay(slack_env["DATABASE_URL"])
    app.srm.refresh(force=True)  # what the next background check does within seconds
    after = app.command("who patches the os on ec2?").json()
    assert "<#C0PLATFRM1>" in all_text(after)
    assert "srm_ask_owners" in buttons(after["blocks"])
