"""`/srm`: the answer in the acknowledgement itself, so it arrives within Slack's 3 seconds
with no second request (and nothing to lose if the response_url call would fail)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt import App, BoltContext

from bot.ops.context import AskContext
from bot.slack.answering import answer_message, question_from
from bot.slack.checks import checks_listing
from bot.slack.guide import services_message, usage_message
from bot.slack.owners_messages import gaps_message
from bot.slack.payload import ident
from bot.slack.ratelimit import friendly_message
from bot.slack.state import state_of

HELP_WORDS = {"", "help", "?", "-h", "--help", "usage"}
LIST_WORDS = {"list", "services", "ls"}
SORRY = "Sorry, I couldn't answer that just now. Please try again in a moment."


def handle_srm(ack: Callable, command: dict, context: BoltContext, logger: logging.Logger) -> None:
    state = state_of(context)
    question = question_from(command.get("text"))
    user = ident(command.get("user_id"))
    word = question.lower()
    try:
        if word in HELP_WORDS:
            message = usage_message()
        elif word in LIST_WORDS:
            message = services_message(state.srm.index.knowledge)
        elif word == "owners":
            message = gaps_message(state.srm.owners)
        elif (listing := checks_listing(state.srm.index.knowledge, question)) is not None:
            message = listing  # "/srm check SERVICE"
        elif not state.limiter.allow(user):
            if state.limiter.notice_due(user):
                wait = state.limiter.retry_after(user)
                ack(response_type="ephemeral", text=friendly_message(wait))
            else:
                ack()  # told once in this window already: nothing more to say
            return
        else:
            where = AskContext(
                workspace=ident(command.get("team_id")) or None,
                channel=ident(command.get("channel_id")) or None,
                user=user or None,
            )
            message = answer_message(state.srm, question, asker=user, shareable=True, where=where)
    except Exception:
        logger.exception("could not answer a /srm command")
        ack(response_type="ephemeral", text=SORRY)
        return
    ack(response_type="ephemeral", **message.as_kwargs())


def register(app: App) -> None:
    app.command("/srm")(handle_srm)
