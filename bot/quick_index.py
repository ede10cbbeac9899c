"""The built index beside an embedded SQLite store (`srm.db.index`), so a cold `srm ask` reads
the index instead of building it (which grows with the knowledge: a second at 240 services).

Written with `marshal` (plain values only, no code), and trusted only when it was made from the
store's current knowledge (its content hash) by this very engine (a digest of the engine's own
files): anything else is ignored, and the caller builds the index and writes the file again.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path

from bot import domain

FORMAT = 1


@lru_cache(maxsize=1)
def engine_digest() -> str:
    """A digest of the engine's source and data files: a new srm never reads an old index."""
    import bot.engine

    root = Path(bot.engine.__file__).parent
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".py", ".txt")):
        h.update(path.relative_to(root).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def _path(db: Path) -> Path:
    return db.with_name(db.name + ".index")


def read(db: Path, digest: str):
    """(knowledge, index) built for the knowledge whose content hash is `digest`, or None."""
    try:
        data = marshal.loads(_path(db).read_bytes())
        if (
            not isinstance(data, dict)
            or data.get("format") != FORMAT
            or data.get("digest") != digest
            or data.get("engine") != engine_digest()
        ):
            return None
        from bot.engine.state import from_state

        knowledge = domain.knowledge_from_dict(data["knowledge"])
        return knowledge, from_state(knowledge, data["index"])
    except (OSError, EOFError, ValueError, TypeError, KeyError):
        return None


def write(db: Path, digest: str, knowledge: domain.Knowledge, index) -> None:
    """Save atomically; failing to (a read-only folder) only costs the next cold start."""
    from bot.engine.state import to_state

    payload = {
        "format": FORMAT,
        "digest": digest,
        "engine": engine_digest(),
        "knowledge": asdict(knowledge),
        "index": to_state(index),
    }
    target = _path(db)
    try:
        blob = marshal.dumps(payload)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=target.name, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(blob)
        os.replace(tmp, target)
    except (OSError, ValueError):
        pass
