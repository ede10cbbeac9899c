"""A copy of the stored knowledge beside an embedded SQLite store, so that `srm ask` can answer
before SQLAlchemy is even imported.

The copy is used only when it is exactly the store's current knowledge: the store's schema
revision and newest content hash are read with the standard library's sqlite3 (read-only), and
the copy's own content must hash to that value. Anything else (PostgreSQL, a missing, stale or
damaged copy, an unmigrated store) means the caller takes the ordinary path, which rewrites it.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from dataclasses import asdict
from pathlib import Path

from bot import domain
from bot.store.revision import SCHEMA_REVISION

FORMAT = 2  # 2: duties carry checks, review notes and sourced notes
_PREFIXES = ("sqlite:///", "sqlite+pysqlite:///")


def sqlite_file(url: str) -> Path | None:
    """The database file of a plain SQLite URL, or None (PostgreSQL, memory, URL options)."""
    for prefix in _PREFIXES:
        if url.startswith(prefix):
            rest = url[len(prefix) :]
            if not rest or rest == ":memory:" or "?" in rest:
                return None
            return Path(rest)
    return None


def _path(db: Path) -> Path:
    return db.with_name(db.name + ".knowledge.json")


def stored_hash(db: Path, pack: str = "aws") -> str | None:
    """The store's current content hash, when its schema is the one this srm needs."""
    if not db.is_file():
        return None
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=2)
        try:
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            if not revision or revision[0] != SCHEMA_REVISION:
                return None
            row = conn.execute(
                "SELECT content_hash FROM knowledge_versions WHERE pack = ? "
                "ORDER BY id DESC LIMIT 1",
                (pack,),
            ).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def read(db: Path, pack: str = "aws") -> tuple[domain.Knowledge, str] | None:
    """The knowledge and its hash, when the copy matches the store; else None."""
    expected = stored_hash(db, pack)
    if expected is None:
        return None
    try:
        data = json.loads(_path(db).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            return None
        knowledge = domain.knowledge_from_dict(data["knowledge"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if knowledge.content_hash() != expected:
        return None
    return knowledge, expected


def write(db: Path, knowledge: domain.Knowledge) -> None:
    """Save the copy atomically; failing to (a read-only folder) only costs the quick path."""
    payload = json.dumps({"format": FORMAT, "knowledge": asdict(knowledge)}, ensure_ascii=False)
    target = _path(db)
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=target.name, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(payload)
        os.replace(tmp, target)
    except OSError:
        pass
