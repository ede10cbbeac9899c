"""The query log: what is recorded (never a raw user id), off the answer path, retention."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, insert, select

from bot.ops.context import AskContext
from bot.ops.identity import SALT_ENV
from bot.ops.querylog import Recorder, record_for
from bot.ops.retention import BadAge, parse_age, purge, retention
from bot.runtime import Srm
from bot.store.migrate import upgrade
from bot.store.ops_models import OpsSetting, QueryLogEntry


@pytest.fixture
def srm(database_url: str):
    if not database_url.startswith("sqlite"):
        from bot.knowledge.load import load_into
        from bot.store.db import make_engine

        engine = make_engine(database_url)
        upgrade(engine)
        load_into(engine)
        engine.dispose()
    runtime = Srm.open(database_url, refresh_seconds=float("inf"))
    yield runtime
    runtime.close()
    runtime.engine.dispose()


def rows(srm: Srm) -> list[QueryLogEntry]:
    from sqlalchemy.orm import Session

    with Session(srm.engine) as session:
        return list(session.scalars(select(QueryLogEntry).order_by(QueryLogEntry.id)))


def test_every_answer_is_recorded_with_its_context_and_a_hashed_user(srm, monkeypatch) -> None:
    monkeypatch.delenv(SALT_ENV, raising=False)
    where = AskContext(
        "slack", workspace="T0TEAM", channel="C0CHAN", user="U0RAWUSER", card_id="c1"
    )
    srm.ask("who patches RDS?", context=where)
    srm.ask("how do I bake a sourdough loaf?")
    assert srm.recorder.flush(10)
    first, second = rows(srm)
    assert (first.source, first.workspace, first.channel, first.card_id) == (
        "slack",
        "T0TEAM",
        "C0CHAN",
        "c1",
    )
    assert (first.intent, first.services, first.verdict, first.unknown) == (
        "who",
        "rds",
        "aws",
        False,
    )
    assert first.confidence > 0.5 and first.latency_ms > 0
    assert first.knowledge_version == srm.version.short
    assert first.user_hash and "U0RAWUSER" not in first.user_hash and len(first.user_hash) == 32
    assert (second.source, second.intent, second.unknown, second.user_hash) == (
        "cli",
        "unknown",
        True,
        None,
    )
    # The salt was generated once and kept in the store; the same user hashes the same.
    with srm.engine.connect() as conn:
        salts = conn.execute(select(OpsSetting.value)).scalars().all()
    assert len(salts) == 1 and len(salts[0]) == 64
    srm.ask("who encrypts S3 objects?", context=where)
    assert srm.recorder.flush(10)
    assert rows(srm)[-1].user_hash == first.user_hash


def test_the_salt_can_come_from_the_environment(srm, monkeypatch) -> None:
    monkeypatch.setenv(SALT_ENV, "one-salt-for-every-replica")
    srm.ask("who patches RDS?", context=AskContext("slack", workspace="T1", user="U1"))
    assert srm.recorder.flush(10)
    from bot.ops.identity import user_hash

    assert rows(srm)[0].user_hash == user_hash("one-salt-for-every-replica", "T1", "U1")
    with srm.engine.connect() as conn:
        assert conn.execute(select(OpsSetting)).all() == []


def test_a_broken_store_never_breaks_or_delays_an_answer(tmp_path) -> None:
    broken = create_engine(f"sqlite:///{tmp_path / 'missing' / 'no.db'}")  # no such directory
    recorder = Recorder(broken, retry_seconds=60)
    record = record_for(
        question="q",
        intent="who",
        services=("rds",),
        verdict="aws",
        confidence=1.0,
        seconds=0.001,
        knowledge_version="v",
    )
    for _ in range(10):
        assert recorder.submit(record) is True
    assert recorder.flush(10)
    stats = recorder.stats()
    assert (stats.recorded, stats.unrecorded, stats.store_ok) == (0, 10, False)
    recorder.close()


def test_a_full_queue_drops_and_counts_instead_of_waiting(srm) -> None:
    recorder = Recorder(srm.engine, capacity=1)
    record = record_for(
        question="q",
        intent="unknown",
        services=(),
        verdict=None,
        confidence=0.0,
        seconds=0.001,
        knowledge_version="v",
    )
    accepted = sum(recorder.submit(record) for _ in range(500))
    assert recorder.flush(10)
    stats = recorder.stats()
    assert stats.submitted == 500 and stats.recorded + stats.unrecorded == 500
    assert stats.recorded == accepted and stats.unrecorded == 500 - accepted > 0
    recorder.close()


def test_recording_can_be_switched_off(srm, monkeypatch) -> None:
    monkeypatch.setenv("SRM_QUERY_LOG", "off")
    recorder = Recorder(srm.engine)
    assert recorder.enabled is False
    srm.recorder = recorder
    srm.ask("who patches RDS?")
    assert rows(srm) == []


def test_purge_removes_only_older_questions(srm) -> None:
    now = datetime.now(UTC)
    base = {
        "source": "cli",
        "question": "q",
        "intent": "who",
        "services": "",
        "confidence": 1.0,
        "unknown": False,
        "latency_ms": 1.0,
        "knowledge_version": "v",
    }
    with srm.engine.begin() as conn:
        conn.execute(
            insert(QueryLogEntry),
            [{**base, "asked_at": now - timedelta(days=d)} for d in (1, 89, 91, 400)],
        )
    assert purge(srm.engine, timedelta(days=90), now=now) == 2
    assert len(rows(srm)) == 2


def test_ages_and_retention(monkeypatch) -> None:
    assert parse_age("7d") == timedelta(days=7)
    assert parse_age("24h") == timedelta(hours=24)
    assert parse_age("2w") == timedelta(weeks=2)
    assert parse_age("30") == timedelta(days=30)
    with pytest.raises(BadAge):
        parse_age("soon")
    monkeypatch.delenv("SRM_LOG_RETENTION_DAYS", raising=False)
    assert retention() == timedelta(days=90)
    monkeypatch.setenv("SRM_LOG_RETENTION_DAYS", "30")
    assert retention() == timedelta(days=30)
    monkeypatch.setenv("SRM_LOG_RETENTION_DAYS", "-1")
    with pytest.raises(BadAge):
        retention()


def test_srm_log_purge_command(run_srm, srm_env) -> None:
    if not srm_env["DATABASE_URL"].startswith("sqlite"):
        assert run_srm("db", "upgrade", env=srm_env).returncode == 0
    done = run_srm("log", "purge", "--older-than", "30d", "--yes", env=srm_env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "srm: purged 0 questions older than 30d"
    bad = run_srm("log", "purge", env={**srm_env, "SRM_LOG_RETENTION_DAYS": "ninety"})
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
