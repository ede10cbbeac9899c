"""The plain-text answer: Slack's notification and screen-reader text, and the terminal's."""

from __future__ import annotations

import re

from bot.cards.content import CardContent

_BOLD = re.compile(r"\*([^*\n]+)\*")


def unmark(text: str) -> str:
    return _BOLD.sub(r"\1", text)


def render_text(card: CardContent, limit: int = 3000) -> str:
    lines = [unmark(card.answer)]
    if card.quote:
        lines.append(f"“{card.quote}”")
    lines.append(f"({card.title})")
    text = " ".join(lines)
    return text if len(text) <= limit else text[: limit - 1] + "…"
