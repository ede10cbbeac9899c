"""The current overlay of an embedded SQLite store, read with the standard library's sqlite3
(read-only), for the quick path of `srm ask`, which answers before SQLAlchemy is imported."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from bot.owners.overlay import Overlay


class Unreadable(Exception):
    """The overlay could not be read this way: the caller takes the ordinary path."""


def current(db: Path) -> tuple[int, Overlay] | None:
    """(version, overlay) of the store's current overlay, None when none is loaded."""
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=2)
        try:
            row = conn.execute(
                "SELECT id, document FROM owner_overlays ORDER BY id DESC LIMIT 1"
            ).fetchone()
        finally:
            conn.close()
        return (int(row[0]), Overlay.from_json(json.loads(row[1]))) if row else None
    except (sqlite3.Error, ValueError, KeyError, TypeError) as exc:
        raise Unreadable(str(exc)) from None
