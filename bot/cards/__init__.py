"""Cards: every rendering of an `Answer` (Block Kit, plain text, terminal) comes from here."""

from __future__ import annotations

from dataclasses import dataclass

from bot import domain
from bot.cards.blocks import render_blocks
from bot.cards.content import build, escape
from bot.cards.plain import render_text
from bot.engine.types import Answer


@dataclass(frozen=True)
class Card:
    text: str
    blocks: list[dict]


def render(answer: Answer, knowledge: domain.Knowledge) -> Card:
    content = build(answer, knowledge)
    return Card(render_text(content), render_blocks(content))


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
