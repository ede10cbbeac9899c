"""Replay of Slack's own payload shapes (payloads/replay/README.md names each one's source): every
event, command and interaction type the manifest subscribes to, and the message subtypes real
workspaces send, through the real app over HTTP, signed."""

from __future__ import annotations

import json

import pytest
import yaml

from tests.slack.client import FORM, PAYLOADS, form_body, payload, post
from tests.slack.helpers import value_of

ANSWERED = {
    "app_mention": "C0GENERAL1",
    "message_im": "D0ADADM001",
    "replay/app_mention_thread_broadcast": "C0GENERAL1",
    "replay/message_im_thread_broadcast": "D0ADADM001",
    "replay/message_im_file_share": "D0ADADM001",
    "replay/message_im_me_message": "D0ADADM001",
}
IGNORED = [
    "replay/message_im_changed",
    "replay/message_im_deleted",
    "replay/message_im_bot_message",
    "replay/message_im_other_app",
    "replay/message_im_own_reply",
    "replay/app_mention_channel_join",
    "replay/app_mention_group_join",
    "replay/app_mention_channel_leave",
    "replay/app_mention_group_leave",
    "replay/app_home_opened_messages",
    "replay/tokens_revoked",
    "replay/app_uninstalled",
]
ACKNOWLEDGED = ["replay/view_submission", "replay/view_closed"]


def test_every_replay_file_is_replayed_and_has_its_source_noted() -> None:
    names = {p.stem for p in (PAYLOADS / "replay").glob("*.json")}
    replayed = {n.removeprefix("replay/") for n in [*ANSWERED, *IGNORED, *ACKNOWLEDGED]}
    assert names - replayed <= {"block_actions_channel_message"}
    notes = (PAYLOADS / "replay" / "README.md").read_text(encoding="utf-8")
    assert all(f"`{n}.json`" in notes for n in names)


def test_every_subscription_of_the_manifest_is_replayed() -> None:
    manifest = yaml.safe_load((PAYLOADS.parents[2] / "manifest.yml").read_text(encoding="utf-8"))
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    kinds = {payload(n)["event"]["type"] for n in [*ANSWERED, *IGNORED] if "event" in payload(n)}
    # message.im arrives as event type "message" with channel_type "im".
    assert {e.split(".")[0] for e in events} <= kinds | {"app_home_opened"}
    assert payload("app_home_opened")["event"]["type"] == "app_home_opened"
    commands = {c["command"] for c in manifest["features"]["slash_commands"]}
    assert commands == {payload("slash_command")["command"]}
    assert manifest["settings"]["interactivity"]["is_enabled"]


@pytest.mark.parametrize("name", ANSWERED)
def test_questions_are_answered(slack, fake_slack, name: str) -> None:
    data = payload(name)
    assert slack.event(data).status == 200
    (post_,) = fake_slack.wait_api("chat.postMessage")
    assert post_.body["channel"] == ANSWERED[name]
    event = data["event"]
    if event.get("thread_ts"):
        assert post_.body["thread_ts"] == event["thread_ts"]
    assert post_.body["blocks"]
    slack.drain()
    assert len(fake_slack.api_calls("chat.postMessage")) == 1


@pytest.mark.parametrize("name", IGNORED)
def test_what_is_not_someone_asking_is_acknowledged_and_ignored(slack, fake_slack, name) -> None:
    assert slack.event(payload(name)).status == 200
    slack.drain()
    assert [c.name for c in fake_slack.calls if c.name != "auth.test"] == []


@pytest.mark.parametrize("name", ACKNOWLEDGED)
def test_modal_payloads_are_acknowledged(slack, fake_slack, name: str) -> None:
    assert slack.action(payload(name)).status == 200
    slack.drain()
    assert [c.name for c in fake_slack.calls if c.name != "auth.test"] == []


def test_app_home_opened_publishes_the_home_tab(slack, fake_slack) -> None:
    assert slack.event(payload("app_home_opened")).status == 200
    (published,) = fake_slack.wait_api("views.publish")
    assert published.body["view"]["type"] == "home"


def test_url_verification_answers_the_challenge(slack) -> None:
    data = payload("url_verification")
    response = slack.event(data)
    assert response.status == 200
    assert data["challenge"] in response.body.decode()


def test_the_slash_command_is_answered_in_its_ack(slack) -> None:
    body = slack.command("who patches RDS?").json()
    assert body["response_type"] == "ephemeral" and body["blocks"]


def test_a_button_on_a_card_in_a_channel(slack, fake_slack) -> None:
    slack.event(payload("app_mention"))
    (card,) = fake_slack.wait_api("chat.postMessage")
    pressed = payload("replay/block_actions_channel_message")
    pressed["actions"][0]["value"] = json.dumps(value_of(card.body["blocks"], "srm_helpful"))
    pressed["response_url"] = fake_slack.response_url("vote")
    assert slack.action(pressed).status == 200
    (thanks,) = fake_slack.wait_responses("vote")
    assert thanks.body["response_type"] == "ephemeral"


def test_slacks_ssl_check(slack) -> None:
    body = form_body({"ssl_check": "1", "token": "gIkuvaNzQIHg97ATvDxqgjtO"})
    assert post(slack.base, "/slack/events", body, {"Content-Type": FORM}).status == 200
