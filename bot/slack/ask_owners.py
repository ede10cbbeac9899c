"""**Ask the owners**: a card whose evidence has a customer duty owned here, with a channel,
gets a button; the asker's press posts the question to the owner's channel (escaped, with the
duty, the owner's user group mentioned once and a link back to where it was asked) and tells
the asker it was sent, or plainly why not.

A press is acted on once: it is claimed in the shared store (the table that dedupes events), so
a second press, on any replica, posts nothing more; the claim is given back when Slack refused
the message, so the asker can press again after inviting the bot. The owner is resolved again
from the current overlay at the press, never taken from the button.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import delete
from sqlalchemy.exc import SQLAlchemyError

from bot import domain
from bot.engine.types import Answer, Item
from bot.slack.escape import escape, shorten
from bot.slack.ratelimit import friendly_message
from bot.slack.state import AppState
from bot.store.slack_models import SlackEvent

log = logging.getLogger(__name__)

ASK_OWNERS = "srm_ask_owners"
QUESTION_SHOWN = 500  # characters of the question quoted in the owners' channel

REASONS = {
    "not_in_channel": (
        "I couldn't post in <#{channel}>: I'm not a member of that channel. Someone in it can "
        "invite me with `/invite @srm`; then press *Ask the owners* again."
    ),
    "channel_not_found": (
        "I couldn't find the owners' channel <#{channel}> (it may be private or deleted): "
        "tell whoever runs srm to fix the ownership overlay."
    ),
    "is_archived": (
        "The owners' channel <#{channel}> is archived, so I couldn't post there: tell whoever "
        "runs srm to fix the ownership overlay."
    ),
}


def owned_item(answer: Answer) -> Item | None:
    """The best evidence item owned here by someone with a channel, if any."""
    for item in answer.items:
        if (
            item.party == "customer"
            and item.kind == "duty"
            and item.owner is not None
            and item.owner.channel
            and (item.score > 0 or answer.intent == "owner")
        ):
            return item
    return None


def button(answer: Answer, question: str, asker: str, card_id: str) -> dict | None:
    """The Ask the owners button for this answer, or None when nobody here can be asked."""
    from bot.slack.answering import _button, button_value

    item = owned_item(answer)
    if item is None or item.service is None:
        return None
    value = button_value(
        question, asker, card_id, s=item.service, l=item.launch_type or "", d=item.text
    )
    return _button("Ask the owners", ASK_OWNERS, value)


def _release(state: AppState, key: str) -> None:
    try:
        with state.srm.engine.begin() as conn:
            conn.execute(delete(SlackEvent).where(SlackEvent.event_id == key))
    except SQLAlchemyError:
        log.warning("could not release the claim of an Ask the owners press", exc_info=True)


def _permalink(client: WebClient, container: dict) -> str | None:
    """A link to the card the asker pressed: an ephemeral card (from /srm) has none."""
    channel, ts = container.get("channel_id"), container.get("message_ts")
    if container.get("is_ephemeral") or not channel or not ts:
        return None
    try:
        link = client.chat_getPermalink(channel=channel, message_ts=ts).get("permalink")
    except SlackApiError as exc:
        log.info("no permalink for an Ask the owners press: %s", exc.response.get("error"))
        return None
    return link if isinstance(link, str) and link.startswith("https://") else None


def owners_message(
    owner: domain.Owner,
    *,
    asker: str,
    question: str,
    service: str,
    duty: str,
    link: str | None,
    channel: str | None,
) -> str:
    """What the owners read: plain mrkdwn text, the only mention their user group, once."""
    group = f"<!subteam^{owner.usergroup}> " if owner.usergroup else ""
    if link:
        where = f"<{link}|where it was asked>"
    elif channel and not channel.startswith("D"):
        where = f"asked in <#{channel}>"
    else:
        where = "asked in a direct message with srm"
    return (
        f"{group}<@{asker}> has a question for *{escape(owner.team)}* ({where}):\n"
        f">{escape(shorten(question, QUESTION_SHOWN))}\n"
        f"Duty ({escape(service)}): {escape(duty)}"
    )


def ask(
    state: AppState, body: dict, value: dict, client: WebClient, respond: Callable[..., object]
) -> None:
    """Act on one press of Ask the owners (see the module docstring)."""
    from bot.slack.answering import question_from

    user = (body.get("user") or {}).get("id", "")
    asker, card_id = value.get("a"), value.get("c")

    def tell(text: str) -> None:
        respond(response_type="ephemeral", replace_original=False, text=text)

    if not asker or not card_id:
        return
    if user != asker:
        tell(f"Only <@{asker}>, who asked, can ask the owners about this answer.")
        return
    if not state.limiter.allow(user):
        tell(friendly_message(state.limiter.retry_after(user)))
        return
    key = f"ask-owners:{str(card_id)[:64]}"
    if not state.dedupe.claim(key):
        tell("You already asked the owners about this answer.")
        return
    service, duty = str(value.get("s") or ""), str(value.get("d") or "")
    owner = state.srm.owners.owner_of(service, value.get("l") or None, duty)
    if owner is None or not owner.channel:
        _release(state, key)
        tell("Nobody here owns this duty with a channel any more, so there is no one to ask.")
        return
    container = body.get("container") or {}
    k = state.srm.index.knowledge
    name = next((s.name for s in k.services if s.slug == service), service)
    text = owners_message(
        owner,
        asker=user,
        question=question_from(value.get("q")),
        service=name,
        duty=duty,
        link=_permalink(client, container),
        channel=container.get("channel_id") or (body.get("channel") or {}).get("id"),
    )
    try:
        client.chat_postMessage(
            channel=owner.channel, text=text, unfurl_links=False, unfurl_media=False
        )
    except SlackApiError as exc:
        _release(state, key)
        error = str(exc.response.get("error") or "unknown")
        reason = REASONS.get(error, "Slack refused the message ({error}); please try again later.")
        tell(reason.format(channel=owner.channel, error=escape(error)))
        return
    tell(f"Sent to *{escape(owner.team)}* in <#{owner.channel}>.")
