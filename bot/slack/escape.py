"""Escaping of user text that srm echoes into Slack messages.

Slack parses `<…>` as links and mentions (`<!channel>`, `<@U123>`) and `&` as the start of an
entity, so any text a user typed must have these three escaped before it is echoed; slack_sdk
has no helper. Only user text: srm's own mrkdwn (`<@asker>` in "shared by") must stay live.
"""

from __future__ import annotations

import re

from bot.cards.content import escape

__all__ = ["clean", "escape", "shorten"]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(text: str) -> str:
    """User text without control characters (they render as garbage and break some clients)."""
    return _CONTROL.sub(" ", text)


def shorten(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: max(0, limit - 1)] + "…"
