"""Buttons on srm's cards: share in channel, did you mean, helpful / not helpful.

Each press is acknowledged at once; the work (an answer, a response_url call, a vote) runs in a
lazy listener. Button values carry the question, the asker and the card id (bot.slack.answering).
A replayed press was already dropped by the dedupe middleware (bot.slack.app); every reply goes
to the response_url through the checked sender (bot.slack.outbound).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltContext

from bot.ops.context import AskContext
from bot.slack.answering import (
    HELPFUL,
    NOT_HELPFUL,
    SHARE,
    SUGGEST_PATTERN,
    answer_message,
    question_from,
    read_value,
)
from bot.slack.listeners.actions import ask_owners
from bot.slack.payload import ident
from bot.slack.ratelimit import friendly_message
from bot.slack.state import state_of
from bot.slack.votes import record_vote


def ack_action(ack: Callable) -> None:
    ack()


def _pressed(body: dict) -> tuple[dict, str]:
    """The pressed button's state and the presser's id (shapes were checked by the wsgi app;
    Socket Mode bodies are not, hence the care)."""
    actions = body.get("actions")
    action = actions[0] if isinstance(actions, list) and actions else {}
    if not isinstance(action, dict):
        action = {}
    user = body.get("user")
    return read_value(action.get("value")), ident(user.get("id") if isinstance(user, dict) else "")


def _id_of(body: dict, key: str) -> str | None:
    part = body.get(key)
    return (ident(part.get("id")) or None) if isinstance(part, dict) else None


def _reply(body: dict, context: BoltContext, **message: Any) -> bool:
    """Every response_url post goes through the one checked sender (bot.slack.outbound)."""
    return state_of(context).responses.send(body.get("response_url"), **message)


def share_in_channel(body: dict, context: BoltContext) -> None:
    """Post the card to the channel, saying who shared it, then remove the ephemeral one."""
    value, user = _pressed(body)
    question = question_from(value.get("q"))
    if not question or not user:
        return
    srm = state_of(context).srm
    # The question was answered (and recorded) when it was asked; a share is no new question,
    # and keeps its card id so that votes on it count for the recorded question.
    message = answer_message(
        srm, question, asker=user, shared_by=user, record=False, card_id=value.get("c")
    )
    # Through the response_url: it works in any conversation, also where the bot is no member.
    posted = _reply(
        body, context, response_type="in_channel", replace_original=False, **message.as_kwargs()
    )
    if posted:
        _reply(body, context, delete_original=True)


def did_you_mean(body: dict, context: BoltContext) -> None:
    """The asker's press answers the chosen suggestion in place of their unsure card; anyone
    else who presses it (on a card in a channel, or a shared one) gets their own answer,
    privately, and the card stays as its asker left it."""
    value, user = _pressed(body)
    question = question_from(value.get("q"))
    if not question or not user:
        return
    state = state_of(context)
    if not state.limiter.allow(user):  # a press asks a question like any other
        if state.limiter.notice_due(user):
            wait = state.limiter.retry_after(user)
            _reply(
                body,
                context,
                response_type="ephemeral",
                replace_original=False,
                text=friendly_message(wait),
            )
        return
    where = AskContext(workspace=_id_of(body, "team"), channel=_id_of(body, "channel"), user=user)
    if ident(value.get("a")) == user:
        container = body.get("container")
        shareable = isinstance(container, dict) and container.get("is_ephemeral") is True
        message = answer_message(state.srm, question, asker=user, shareable=shareable, where=where)
        _reply(body, context, replace_original=True, **message.as_kwargs())
        return
    message = answer_message(state.srm, question, asker=user, shareable=True, where=where)
    _reply(body, context, response_type="ephemeral", replace_original=False, **message.as_kwargs())


def _vote(body: dict, context: BoltContext, helpful: bool) -> None:
    value, user = _pressed(body)
    asker, card_id = ident(value.get("a")), ident(value.get("c"))
    if not asker or not card_id or not user:
        return
    if user != asker:
        _reply(
            body,
            context,
            response_type="ephemeral",
            replace_original=False,
            text=f"Only <@{asker}>, who asked, can rate this answer.",
        )
        return
    record_vote(
        state_of(context).srm.engine,
        card_id=card_id,
        user_id=user,
        helpful=helpful,
        team_id=_id_of(body, "team"),
    )
    thanks = "Thanks, glad it helped." if helpful else "Thanks, noted: this answer needs work."
    _reply(body, context, response_type="ephemeral", replace_original=False, text=thanks)


def vote_helpful(body: dict, context: BoltContext) -> None:
    _vote(body, context, helpful=True)


def vote_not_helpful(body: dict, context: BoltContext) -> None:
    _vote(body, context, helpful=False)


def register(app: App) -> None:
    app.action(SHARE)(ack=ack_action, lazy=[share_in_channel])
    app.action(SUGGEST_PATTERN)(ack=ack_action, lazy=[did_you_mean])
    app.action(HELPFUL)(ack=ack_action, lazy=[vote_helpful])
    app.action(NOT_HELPFUL)(ack=ack_action, lazy=[vote_not_helpful])
    ask_owners.register(app)
    # A button srm does not know (an old card's, or a forged id): a 200, so Slack shows no error.
    app.action(re.compile(r".*"))(ack_action)
    # srm opens no modals; a submission or close of one is acknowledged and nothing else.
    app.view(re.compile(r".*"))(ack_action)
    app.view_closed(re.compile(r".*"))(ack_action)
