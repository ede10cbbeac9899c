"""Buttons on srm's cards: share in channel, did you mean, helpful / not helpful.

Each press is acknowledged at once; the work (an answer, a response_url call, a vote) runs in a
lazy listener. Button values carry the question, the asker and the card id (bot.slack.answering).
"""

from __future__ import annotations

from collections.abc import Callable

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
from bot.slack.state import state_of
from bot.slack.votes import record_vote


def ack_action(ack: Callable) -> None:
    ack()


def _pressed(body: dict) -> tuple[dict, str]:
    action = (body.get("actions") or [{}])[0]
    return read_value(action.get("value")), (body.get("user") or {}).get("id", "")


def share_in_channel(body: dict, respond: Callable, context: BoltContext) -> None:
    """Post the card to the channel, saying who shared it, then remove the ephemeral one."""
    value, user = _pressed(body)
    question = question_from(value.get("q"))
    if not question:
        return
    srm = state_of(context).srm
    # The question was answered (and recorded) when it was asked; a share is no new question.
    message = answer_message(srm, question, asker=user, shared_by=user, record=False)
    # Through the response_url: it works in any conversation, also where the bot is no member.
    respond(response_type="in_channel", replace_original=False, **message.as_kwargs())
    respond(delete_original=True)


def did_you_mean(body: dict, respond: Callable, context: BoltContext) -> None:
    """Answer the chosen suggestion in place of the unsure card."""
    value, user = _pressed(body)
    question = question_from(value.get("q"))
    if not question:
        return
    asker = value.get("a") or user
    shareable = bool((body.get("container") or {}).get("is_ephemeral"))
    where = AskContext(
        workspace=(body.get("team") or {}).get("id"),
        channel=(body.get("channel") or {}).get("id"),
        user=asker,
    )
    srm = state_of(context).srm
    message = answer_message(srm, question, asker=asker, shareable=shareable, where=where)
    respond(replace_original=True, **message.as_kwargs())


def _vote(body: dict, respond: Callable, context: BoltContext, helpful: bool) -> None:
    value, user = _pressed(body)
    asker = value.get("a")
    if not asker or not value.get("c"):
        return
    if user != asker:
        respond(
            response_type="ephemeral",
            replace_original=False,
            text=f"Only <@{asker}>, who asked, can rate this answer.",
        )
        return
    record_vote(
        state_of(context).srm.engine,
        card_id=str(value["c"])[:64],
        user_id=user,
        question=question_from(value.get("q")),
        helpful=helpful,
        team_id=(body.get("team") or {}).get("id"),
    )
    thanks = "Thanks, glad it helped." if helpful else "Thanks, noted: this answer needs work."
    respond(response_type="ephemeral", replace_original=False, text=thanks)


def vote_helpful(body: dict, respond: Callable, context: BoltContext) -> None:
    _vote(body, respond, context, helpful=True)


def vote_not_helpful(body: dict, respond: Callable, context: BoltContext) -> None:
    _vote(body, respond, context, helpful=False)


def register(app: App) -> None:
    app.action(SHARE)(ack=ack_action, lazy=[share_in_channel])
    app.action(SUGGEST_PATTERN)(ack=ack_action, lazy=[did_you_mean])
    app.action(HELPFUL)(ack=ack_action, lazy=[vote_helpful])
    app.action(NOT_HELPFUL)(ack=ack_action, lazy=[vote_not_helpful])
    ask_owners.register(app)
