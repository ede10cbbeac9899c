"""A question in, a Slack message out: the card from bot.cards plus srm's buttons.

The buttons carry their state in their `value` (JSON, at most 2000 characters): the question, the
asker and a card id, so any replica can act on a press without a session store.
"""

from __future__ import annotations

import json
import re
import threading
import time
import uuid
from dataclasses import dataclass, replace

from bot.engine import Answer
from bot.ops.context import AskContext
from bot.runtime import Srm
from bot.slack.escape import clean, escape, shorten
from bot.slack.payload import ident

# Longer input is not a question; the engine and the button values need not carry it.
MAX_QUESTION = 1000
# Raw text is cut to this before anything parses it (mention stripping, cleaning, the engine),
# so no step's cost depends on how much a stranger sent; it leaves room for markup and spaces
# that the cleaning removes before the question is cut to MAX_QUESTION.
MAX_RAW = 4 * MAX_QUESTION
MAX_BLOCKS = 50
MAX_VALUE = 2000
MAX_SUGGESTIONS = 5

SHARE = "srm_share"
HELPFUL = "srm_helpful"
NOT_HELPFUL = "srm_not_helpful"
SUGGEST = "srm_suggest"  # action_ids srm_suggest_0 … srm_suggest_4 (unique within a message)
SUGGEST_PATTERN = re.compile(r"^srm_suggest_\d+$")
ACTIONS_BLOCK = "srm_actions"
SUGGESTIONS_BLOCK = "srm_suggestions"


@dataclass(frozen=True)
class Message:
    """What srm sends: `text` is the notification and screen-reader fallback of `blocks`."""

    text: str
    blocks: list[dict]

    def as_kwargs(self) -> dict:
        return {"text": self.text, "blocks": self.blocks}


def question_from(text: str | None) -> str:
    """The user's text made safe to hand on: no control characters, bounded length."""
    if not isinstance(text, str):
        return ""
    return " ".join(clean(text[:MAX_RAW]).split())[:MAX_QUESTION]


def button_value(question: str, asker: str, card_id: str, **extra: str) -> str:
    """JSON state for a button, the question shortened until it fits Slack's 2000 characters.

    The ids are capped (bot.slack.payload.ident), so without the question the value is always
    far below the limit; each round shortens the question by at least one character, so the
    loop ends after at most len(question) + 1 rounds.
    """
    state = {"a": ident(asker), "c": ident(card_id), **extra}
    q = question[:MAX_VALUE]
    while True:
        value = json.dumps({"q": q, **state}, ensure_ascii=False)
        if len(value) <= MAX_VALUE or not q:
            return value
        q = q[: max(0, len(q) - max(1, len(value) - MAX_VALUE))]


def read_value(value: str | None) -> dict:
    try:
        data = json.loads(value or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def answer_message(
    srm: Srm,
    question: str,
    *,
    asker: str,
    shareable: bool = False,
    shared_by: str | None = None,
    where: AskContext | None = None,
    record: bool = True,
    card_id: str | None = None,
) -> Message:
    """The card answering `question`, with did-you-mean, share and feedback buttons.

    `where` (workspace, channel, user) goes to the query log with the card's id; `record=False`
    for a card that answers no new question (a share of one already answered), which keeps
    the `card_id` of the card it repeats, so votes on it count for the question recorded then.
    """
    asker = ident(asker)
    shared_by = ident(shared_by) or None
    card_id = ident(card_id) or uuid.uuid4().hex[:16]
    context = replace(where or AskContext(user=asker or None), source="slack", card_id=card_id)
    answer, card_text, card_blocks = _ask(srm, question, context if record else None)
    extra: list[dict] = []
    if answer.unsure and answer.suggestions:
        extra.append(_suggestions_block(answer.suggestions, asker, card_id))
    from bot.slack.ask_owners import button as ask_owners_button

    ask = ask_owners_button(answer, question, asker, card_id)
    extra.append(_actions_block(question, asker, card_id, shareable=shareable, also=ask))
    head: list[dict] = []
    text = card_text
    if shared_by:
        quoted = escape(shorten(question, 300))
        head.append(
            {
                "type": "context",
                "elements": [
                    {
                        "type": "mrkdwn",
                        "text": f"<@{shared_by}> shared an answer to “{quoted}”",
                    }
                ],
            }
        )
        text = f"<@{shared_by}> shared: {text}"
    room = MAX_BLOCKS - len(head) - len(extra)
    kept = [b for b in card_blocks if b.get("block_id") not in _OURS][:room]
    return Message(text=text, blocks=[*head, *kept, *extra])


# Teams ask the same few questions again and again; a card depends only on the question and the
# knowledge version, so recent ones are kept (the blocks are shared, never mutated).
_CACHE_SIZE = 512
_cache: dict[tuple[int, str, int | None, str], tuple[Answer, str, list[dict]]] = {}
_cache_lock = threading.Lock()


def _ask(srm: Srm, question: str, context: AskContext | None) -> tuple[Answer, str, list[dict]]:
    start = time.perf_counter()
    srm.refresh()
    version = srm.version
    # The card shows owners too: a new overlay is a new card.
    key = (id(srm), version.content_hash, srm.owners.version, question)
    with _cache_lock:
        hit = _cache.get(key)
    if hit is not None:
        # Served from the cache, but answered all the same: counted and logged like any other.
        if context is not None:
            seconds = time.perf_counter() - start
            srm.record(hit[0], seconds=seconds, version=version.short, context=context)
        return hit
    reply = srm.ask(question, context=context, record=context is not None)
    entry = (reply.answer, reply.card.text, reply.card.blocks)
    with _cache_lock:
        if len(_cache) >= _CACHE_SIZE:
            _cache.clear()
        _cache[key] = entry
    return entry


_OURS = {ACTIONS_BLOCK, SUGGESTIONS_BLOCK}


def _button(text: str, action_id: str, value: str, style: str | None = None) -> dict:
    button = {
        "type": "button",
        "text": {"type": "plain_text", "text": shorten(text, 75), "emoji": True},
        "action_id": action_id,
        "value": value,
    }
    if style:
        button["style"] = style
    return button


def _suggestions_block(suggestions: tuple[str, ...], asker: str, card_id: str) -> dict:
    buttons = [
        _button(s, f"{SUGGEST}_{n}", button_value(s, asker, card_id))
        for n, s in enumerate(suggestions[:MAX_SUGGESTIONS])
    ]
    return {"type": "actions", "block_id": SUGGESTIONS_BLOCK, "elements": buttons}


def _actions_block(
    question: str, asker: str, card_id: str, *, shareable: bool, also: dict | None = None
) -> dict:
    value = button_value(question, asker, card_id)
    buttons = []
    if shareable:
        buttons.append(_button("Share in channel", SHARE, value, style="primary"))
    if also is not None:
        buttons.append(also)
    buttons.append(_button("👍 Helpful", HELPFUL, value))
    buttons.append(_button("👎 Not helpful", NOT_HELPFUL, value))
    return {"type": "actions", "block_id": ACTIONS_BLOCK, "elements": buttons}
