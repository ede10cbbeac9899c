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
from bot.slack.answering import MAX_RAW, answer_message, question_from
from bot.slack.guide import home_view, usage_message
from bot.slack.listeners.commands import HELP_WORDS
from bot.slack.payload import ident
from bot.slack.ratelimit import friendly_message
from bot.slack.state import state_of

# Message subtypes that are not someone asking: edits, deletions, bots, joins and leaves, channel
# housekeeping (https://docs.slack.dev/reference/events/message#subtypes). Every other subtype
# (thread_broadcast: "also send to #channel", file_share: a file with a typed question,
# me_message, …) carries a person's words and is answered.
IGNORED_SUBTYPES = frozenset(
    {
        "message_changed",
        "message_deleted",
        "message_replied",
        "bot_message",
        "bot_add",
        "bot_remove",
        "channel_join",
        "channel_leave",
        "group_join",
        "group_leave",
        "channel_topic",
        "channel_purpose",
        "channel_name",
        "channel_archive",
        "channel_unarchive",
        "group_topic",
        "group_purpose",
        "group_name",
        "group_archive",
        "group_unarchive",
        "channel_convert_to_private",
        "channel_convert_to_public",
        "channel_posting_permissions",
        "pinned_item",
        "unpinned_item",
        "ekm_access_denied",
        "reminder_add",
        "file_comment",
        "file_mention",
        "tombstone",
        "huddle_thread",
        "sh_room_created",
    }
)
# The bot's mention is `<@U…>` or `<@U…|name>`; the name part is bounded so that the pattern
# cannot backtrack over a text made of many unclosed openings.
_MENTION_NAME = r"(?:\|[^<>|]{0,128})?>"


def ack_event(ack: Callable) -> None:
    ack()


def bot_user_id(context: BoltContext, body: dict) -> str | None:
    """The bot's own user id: from auth.test (Bolt's context), else the event's authorizations."""
    if context.bot_user_id:
        return context.bot_user_id
    for auth in body.get("authorizations") or ():
        if isinstance(auth, dict) and auth.get("is_bot") and ident(auth.get("user_id")):
            return auth["user_id"]
    return None


def strip_mention(text: str, bot_id: str | None) -> str:
    """The text without the bot's own mention (`<@U…>` or `<@U…|name>`), wherever it stands.

    The text is cut to a bound before the pattern sees it; the pattern itself is linear.
    """
    if not isinstance(text, str):  # Socket Mode bodies are not shape-checked by the wsgi app
        return ""
    text = text[:MAX_RAW]
    bot_id = ident(bot_id)
    if bot_id:
        text = re.sub(rf"<@{re.escape(bot_id)}{_MENTION_NAME}", " ", text)
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
    if is_from_a_bot(event, me) or str(event.get("subtype") or "") in IGNORED_SUBTYPES:
        return
    user, channel, ts = (ident(event.get(key)) for key in ("user", "channel", "ts"))
    if not user or not channel or not ts:
        return
    state = state_of(context)
    if not state.dedupe.claim(f"message:{channel}:{ts}"):
        return
    is_dm = event.get("channel_type") == "im" or channel.startswith("D")
    # In a channel the answer always goes in a thread; in a DM only when the question was in one.
    thread_ts = ident(event.get("thread_ts")) or None
    if not is_dm:
        thread_ts = thread_ts or ts
    question = question_from(strip_mention(event.get("text") or "", me))
    try:
        if question.lower() in HELP_WORDS:
            message = usage_message().as_kwargs()
        elif not state.limiter.allow(user):
            if not state.limiter.notice_due(user):
                return  # told once in this window already
            message = {"text": friendly_message(state.limiter.retry_after(user))}
        else:
            team = ident(body.get("team_id")) or None
            where = AskContext(workspace=team, channel=channel, user=user)
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
    user = ident(event.get("user"))
    if event.get("tab", "home") != "home" or not user:
        return
    srm = state_of(context).srm
    client.views_publish(user_id=user, view=home_view(srm.index.knowledge, srm.owners))


def register(app: App) -> None:
    app.event("app_mention")(ack=ack_event, lazy=[answer_event])
    app.event("message")(ack=ack_event, lazy=[answer_dm])
    app.event("app_home_opened")(ack=ack_event, lazy=[publish_home])
    # Any other event (a subscription added in Slack's settings before the code, or one Slack
    # sends unasked): a 200, since an unhandled 404 makes Slack retry it.
    app.event(re.compile(r".*"))(ack_event)
