"""Cards: every rendering of an `Answer` (Block Kit, plain text, terminal) comes from here."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from bot import domain
from bot.cards.content import CardContent, build, escape
from bot.cards.plain import render_text
from bot.engine.types import Answer

if TYPE_CHECKING:
    from bot.owners.resolve import Owners


class Card:
    """A rendered card: `text` (plain) and `blocks` (Block Kit), from one `CardContent`.

    Blocks are built on first use, so the terminal path never imports slack_sdk.
    """

    def __init__(self, content: CardContent) -> None:
        self.content = content
        self.text = render_text(content)

    @cached_property
    def blocks(self) -> list[dict]:
        return _blocks_of(repr(self.content), self.content)


_RENDERED: dict[str, list[dict]] = {}
_RENDERED_MAX = 2048


def _blocks_of(key: str, content: CardContent) -> list[dict]:
    """Block Kit for `content`, rendered once per distinct card: many questions share a card,
    and building the blocks through slack_sdk's models is the costliest step of an answer.
    The lists are shared: callers build new lists around them and never mutate them."""
    blocks = _RENDERED.get(key)
    if blocks is None:
        from bot.cards.blocks import render_blocks

        blocks = render_blocks(content)
        if len(_RENDERED) >= _RENDERED_MAX:
            _RENDERED.clear()
        _RENDERED[key] = blocks
    return blocks


def render(answer: Answer, knowledge: domain.Knowledge, owners: Owners | None = None) -> Card:
    return Card(build(answer, knowledge, owners))


def answer_json(answer: Answer, card: Card) -> dict:
    """The answer object of the interface (`srm ask --json`)."""
    return {
        "query": escape(answer.query),
        "intent": answer.intent,
        "services": list(answer.services),
        "variant": answer.variant,
        "verdict": answer.verdict,
        "items": [i.to_dict() for i in answer.items],
        "confidence": round(answer.confidence, 3),
        "suggestions": list(answer.suggestions),
        "text": card.text,
        "blocks": card.blocks,
    }


__all__ = ["Card", "answer_json", "escape", "render"]
