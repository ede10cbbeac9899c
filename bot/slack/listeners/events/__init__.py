"""Events: mentions answered in their thread, DMs in the DM, the App Home tab.

Bolt acknowledges events itself; the work runs in lazy listeners so the 200 never waits on the
answer. Redeliveries were already dropped by the dedupe middleware (bot.slack.app) on event_id;
here each message is also claimed by channel and ts, because a DM that mentions the bot arrives
both as `message.im` and as `app_mention`, with different event ids.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.ops.context import AskContext
from bot.slack.answering import answer_message, question_from
from bot.slack.guide import home_view, usage_message
from bot.slack.listeners.commands import HELP_WORDS
from bot.slack.ratelimit import friendly_message
from bot.slack.state import state_of


def ack_event(ack: Callable) -> None:
    ack()


def bot_user_id(context: BoltContext, body: dict) -> str | None:
    """The bot's own user id: from auth.test (Bolt's context), else the event's authorizations."""
    if context.bot_user_id:
        return context.bot_user_id
    for auth in body.get("authorizations") or ():
        if auth.get("is_bot") and auth.get("user_id"):
            return auth["user_id"]
    return None


def strip_mention(text: str, bot_id: str | None) -> str:
    """The text without the bot's own mention (`<@U…>` or `<@U…|name>`), wherever it stands."""
    if bot_id:
        text = re.sub(rf"<@{re.escape(bot_id)}(?:\|[^>]*)?>", " ", text)
    return " ".join(text.split())


def is_from_a_bot(event: dict, bot_id: str | None) -> bool:
    return bool(
        event.get("bot_id")
        or event.get("subtype") == "bot_message"
        or event.get("bot_profile")
        or (bot_id and event.get("user") == bot_id)
    )


def answer_event(
    event: dict, body: dict, context: BoltContext, client: WebClient, logger: logging.Logger
) -> None:
    """Answer a mention or a DM once, in its thread (channels) or in the DM."""
    me = bot_user_id(context, body)
    # Edits, joins, deletions and the like carry a subtype: they are not questions.
    if is_from_a_bot(event, me) or event.get("subtype") or not event.get("user"):
        return
    channel, ts = event.get("channel"), event.get("ts")
    if not channel or not ts:
        return
    state = state_of(context)
    if not state.dedupe.claim(f"message:{channel}:{ts}"):
        return
    is_dm = event.get("channel_type") == "im" or channel.startswith("D")
    # In a channel the answer always goes in a thread; in a DM only when the question was in one.
    thread_ts = event.get("thread_ts") if is_dm else (event.get("thread_ts") or ts)
    question = question_from(strip_mention(event.get("text") or "", me))
    user = event["user"]
    try:
        if question.lower() in HELP_WORDS:
            message = usage_message().as_kwargs()
        elif not state.limiter.allow(user):
            message = {"text": friendly_message(state.limiter.retry_after(user))}
        else:
            where = AskContext(workspace=body.get("team_id"), channel=channel, user=user)
            message = answer_message(state.srm, question, asker=user, where=where).as_kwargs()
    except Exception:
        logger.exception("could not answer a %s event", event.get("type"))
        message = {"text": "Sorry, I couldn't answer that just now. Please try again."}
    client.chat_postMessage(
        channel=channel, thread_ts=thread_ts, unfurl_links=False, unfurl_media=False, **message
    )


def answer_dm(
    event: dict, body: dict, context: BoltContext, client: WebClient, logger: logging.Logger
) -> None:
    if event.get("channel_type") != "im":
        return
    answer_event(event, body, context, client, logger)


def publish_home(event: dict, context: BoltContext, client: WebClient) -> None:
    if event.get("tab", "home") != "home" or not event.get("user"):
        return
    srm = state_of(context).srm
    client.views_publish(user_id=event["user"], view=home_view(srm.index.knowledge, srm.owners))


def register(app: App) -> None:
    app.event("app_mention")(ack=ack_event, lazy=[answer_event])
    app.event("message")(ack=ack_event, lazy=[answer_dm])
    app.event("app_home_opened")(ack=ack_event, lazy=[publish_home])
