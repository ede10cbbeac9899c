"""Where a question came from, as the query log records it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AskContext:
    """The asker's side of a question. `user` is the raw id: it is hashed before it is stored."""

    source: str = "cli"  # "slack" or "cli"
    workspace: str | None = None
    channel: str | None = None
    user: str | None = None
    card_id: str | None = None


CLI = AskContext(source="cli")
