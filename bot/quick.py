"""`srm ask` on the embedded store without loading SQLAlchemy first.

When the SQLite store's knowledge matches its snapshot (bot.store.snapshot), the question is
answered from the snapshot and printed at once; the query log is written afterwards, through the
ordinary recorder. Any other case returns False and the caller takes the ordinary path.
"""

from __future__ import annotations

import json
import sys
import time

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
    url = database_url()
    db = snapshot.sqlite_file(url)
    found = snapshot.read(db) if db is not None else None
    if found is None:
        return False
    knowledge, digest = found
    from bot.cards import render
    from bot.engine import Index, answer

    start = time.perf_counter()
    result = answer(Index.build(knowledge), question)
    card = render(result, knowledge)
    seconds = time.perf_counter() - start
    show(result, card, as_json)
    _record(url, result, seconds, digest[:12])
    return True


def _record(url: str, result, seconds: float, version: str) -> None:
    from bot.ops.querylog import Recorder, record_for, recording_enabled
    from bot.store.db import make_engine

    if not recording_enabled():
        return
    engine = make_engine(url)
    recorder = Recorder(engine)
    recorder.submit(
        record_for(
            question=result.query,
            intent=result.intent,
            services=tuple(result.services),
            verdict=result.verdict,
            confidence=result.confidence,
            seconds=seconds,
            knowledge_version=version,
        )
    )
    recorder.close(timeout=3)
    engine.dispose()
