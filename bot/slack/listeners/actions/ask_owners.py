"""The Ask the owners button (bot.slack.ask_owners): acknowledged at once, acted on lazily."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.slack import ask_owners
from bot.slack.answering import read_value
from bot.slack.state import state_of


def ack_press(ack: Callable) -> None:
    ack()


def ask_the_owners(body: dict, respond: Callable, client: WebClient, context: BoltContext) -> None:
    action = (body.get("actions") or [{}])[0]
    ask_owners.ask(state_of(context), body, read_value(action.get("value")), client, respond)


def register(app: App) -> None:
    app.action(ask_owners.ASK_OWNERS)(ack=ack_press, lazy=[ask_the_owners])
