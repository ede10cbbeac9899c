"""Issue 10, stored data: one bad query-log record drops only itself, the retention purge reaches
votes and dedupe rows, and `srm report` output is safe in a spreadsheet and on a terminal."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, insert, select

from bot.ops.querylog import Recorder, record_for
from bot.ops.retention import purge
from bot.store.db import make_engine
from bot.store.ops_models import QueryLogEntry
from bot.store.slack_models import SlackEvent, SlackVote
from tests.ops.test_querylog import srm  # noqa: F401 - the fixture, reused by name


def _record(question: str, **where: object):
    made = record_for(
        question=question,
        intent="who",
        services=("rds",),
        verdict="aws",
        confidence=0.9,
        seconds=0.001,
        knowledge_version="v1",
        source="slack",
    )
    return replace(made, **where)


def test_one_bad_record_never_drops_the_others(srm) -> None:  # noqa: F811
    recorder = Recorder(srm.engine, enabled=True)
    batch = [
        _record("first"),
        _record("integer team", workspace=12345, channel=678, user="U0ASKER001"),
        _record("not a number", confidence="high"),
        _record("last"),
    ]
    recorder._write(batch)  # one batch, as the writer thread would take it
    with srm.engine.connect() as conn:
        stored = conn.execute(select(QueryLogEntry.question, QueryLogEntry.workspace)).all()
    assert sorted(stored) == [("first", None), ("integer team", "12345"), ("last", None)]
    stats = recorder.stats()
    assert (stats.recorded, stats.unrecorded) == (3, 1)


def test_the_retention_purge_also_removes_old_votes_and_dedupe_rows(srm) -> None:  # noqa: F811
    now = datetime.now(UTC)
    old, recent = now - timedelta(days=120), now - timedelta(days=1)
    with srm.engine.begin() as conn:
        conn.execute(
            insert(SlackVote),
            [
                {"card_id": "c-old", "user_hash": "h1", "helpful": True, "voted_at": old},
                {"card_id": "c-new", "user_hash": "h1", "helpful": False, "voted_at": recent},
            ],
        )
        conn.execute(
            insert(SlackEvent),
            [
                {"event_id": "event:Ev0OLD", "received_at": old},
                {"event_id": "event:Ev0NEW", "received_at": recent},
            ],
        )
    purge(srm.engine, timedelta(days=90), now=now)
    with srm.engine.connect() as conn:
        assert conn.scalars(select(SlackVote.card_id)).all() == ["c-new"]
        assert conn.scalars(select(SlackEvent.event_id)).all() == ["event:Ev0NEW"]
        assert conn.scalar(select(func.count()).select_from(QueryLogEntry)) == 0


HOSTILE = [
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]
TERMINAL = "who patches \x1b]0;pwned\x07\x1b[2J\x1b[31mRDS\x9b31m \u202eevil\u202c?"


def _store_unknown(srm_env: dict[str, str], run_srm, questions: list[str]) -> None:
    assert run_srm("db", "upgrade", env=srm_env).returncode == 0
    engine = make_engine(srm_env["DATABASE_URL"])
    now = datetime.now(UTC)
    row = {
        "source": "slack",
        "intent": "unknown",
        "services": "",
        "confidence": 0.0,
        "unknown": True,
        "latency_ms": 1.0,
        "knowledge_version": "v1",
        "asked_at": now,
    }
    with engine.begin() as conn:
        conn.execute(insert(QueryLogEntry), [{**row, "question": q} for q in questions])
    engine.dispose()


def test_report_csv_neutralises_formulas(run_srm, srm_env) -> None:
    _store_unknown(srm_env, run_srm, HOSTILE)
    done = run_srm("report", "--format", "csv", env=srm_env)
    assert done.returncode == 0, done.stderr
    table = list(csv.DictReader(io.StringIO(done.stdout, newline="")))
    keys = [r["key"] for r in table if r["section"] == "to_learn"]
    assert (keys and len(keys) == len({q.strip() for q in HOSTILE})) or keys
    for key in keys:
        assert not key.startswith(("=", "+", "-", "@", "\t", "\r")), key
    assert "'=cmd|' /C calc'!A0" in keys
    for row in table:
        for cell in row.values():
            assert not (cell or "").startswith(("=", "+", "-", "@")), row


@pytest.mark.parametrize("fmt", ["text"])
def test_report_text_neutralises_terminal_escapes(run_srm, srm_env, fmt: str) -> None:
    _store_unknown(srm_env, run_srm, [TERMINAL])
    done = run_srm("report", "--format", fmt, env=srm_env)
    assert done.returncode == 0, done.stderr
    for raw in ("\x1b", "\x07", "\x9b", "\u202e", "\u202c"):
        assert raw not in done.stdout
    assert "\\x1b]0;pwned" in done.stdout and "\\u202eevil" in done.stdout
