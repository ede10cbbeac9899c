"""`srm ask` on the embedded store without loading SQLAlchemy first.

When the SQLite store's knowledge matches its snapshot (bot.store.snapshot), the question is
answered from the snapshot and printed at once; the query log is written afterwards, through the
ordinary recorder. Any other case returns False and the caller takes the ordinary path.
"""

from __future__ import annotations

import gc
import json
import sqlite3
import sys
import time
from datetime import UTC
from pathlib import Path

from bot.store import snapshot
from bot.store.db import database_url


def show(result, card, as_json: bool) -> None:
    """Print one answer: the JSON answer object, or the terminal card."""
    if as_json:
        from bot.cards import answer_json

        sys.stdout.write(json.dumps(answer_json(result, card), ensure_ascii=False) + "\n")
    else:
        from bot.cards.terminal import print_content

        print_content(card.content)
    sys.stdout.flush()


def answer_quickly(question: str, as_json: bool) -> bool:
    """Answer from the snapshot beside the SQLite store; False when there is none to trust."""
    # Reading the index makes some 10^5 objects that live until the process ends: the cyclic
    # collector walking them again and again midway is most of a large pack's load time.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _answer_quickly(question, as_json)
    finally:
        if was_enabled:
            gc.enable()


def _answer_quickly(question: str, as_json: bool) -> bool:
    url = database_url()
    db = snapshot.sqlite_file(url)
    if db is None:
        return False
    from bot import quick_index

    digest = snapshot.stored_hash(db)
    built = quick_index.read(db, digest) if digest else None
    if built is not None:
        knowledge, index = built
    else:
        found = snapshot.read(db)
        if found is None:
            return False
        knowledge, digest = found
        index = None
    from bot.cards import render
    from bot.engine import Index, answer
    from bot.owners import sqlite_read
    from bot.owners.attach import attach
    from bot.owners.resolve import Owners

    start = time.perf_counter()
    try:
        stored = sqlite_read.current(db)
    except sqlite_read.Unreadable:
        return False
    owners = Owners(stored[1], knowledge, version=stored[0]) if stored else None
    if index is None:
        index = Index.build(knowledge)
        quick_index.write(db, digest, knowledge, index)
    result = attach(answer(index, question), owners)
    card = render(result, knowledge, owners)
    seconds = time.perf_counter() - start
    show(result, card, as_json)
    _record(db, url, result, seconds, digest[:12])
    return True


def _record(db: Path, url: str, result, seconds: float, version: str) -> None:
    """Write the query log's row for this answer. A CLI answer names no user, so no salt is
    needed and the row goes in with sqlite3; should that fail (a store being migrated, a
    locked file), the ordinary recorder writes it instead."""
    from bot.ops.records import record_for, recording_enabled, row_for

    if not recording_enabled():
        return
    record = record_for(
        question=result.query,
        intent=result.intent,
        services=tuple(result.services),
        verdict=result.verdict,
        confidence=result.confidence,
        seconds=seconds,
        knowledge_version=version,
    )
    row = row_for(record, lambda workspace, user: None)
    # As SQLAlchemy keeps a DateTime on SQLite: UTC, without an offset.
    row["asked_at"] = record.asked_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    row["unknown"] = int(row["unknown"])
    columns = ", ".join(row)
    marks = ", ".join(f":{k}" for k in row)
    try:
        conn = sqlite3.connect(db, timeout=3)
        try:
            with conn:
                conn.execute(f"INSERT INTO query_log ({columns}) VALUES ({marks})", row)
        finally:
            conn.close()
    except Exception:  # a locked or migrating store: the ordinary recorder tries instead
        _record_through_recorder(url, record)


def _record_through_recorder(url: str, record) -> None:
    from bot.ops.querylog import Recorder
    from bot.store.db import make_engine

    engine = make_engine(url)
    recorder = Recorder(engine)
    recorder.submit(record)
    recorder.close(timeout=3)
    engine.dispose()
