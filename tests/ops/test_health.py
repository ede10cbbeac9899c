"""`/healthz` while the store reads but refuses writes (a full disk): `degraded`, then `ok` again
once a write succeeds. The refusal is a trigger on query_log, so reads keep working exactly as on
a full disk (SQLite: SQLITE_FULL "database or disk is full"; PostgreSQL: "No space left")."""

from __future__ import annotations

from sqlalchemy import text

from bot.ops.health import health
from bot.runtime import Srm

REFUSE = {
    "sqlite": [
        "CREATE TRIGGER refuse_writes BEFORE INSERT ON query_log "
        "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION refuse_writes() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'could not extend file: No space left on device'; END $$",
        "CREATE TRIGGER refuse_writes BEFORE INSERT ON query_log "
        "FOR EACH ROW EXECUTE FUNCTION refuse_writes()",
    ],
}
ALLOW = {
    "sqlite": ["DROP TRIGGER refuse_writes"],
    "postgresql": ["DROP TRIGGER refuse_writes ON query_log", "DROP FUNCTION refuse_writes()"],
}


def _run(srm: Srm, statements: list[str]) -> None:
    with srm.engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))


def _ask_and_wait(srm: Srm, question: str) -> None:
    srm.ask(question)
    assert srm.recorder.flush(10)


def test_healthz_is_degraded_while_writes_fail_and_ok_when_they_succeed(database_url) -> None:
    if not database_url.startswith("sqlite"):
        from bot.knowledge.load import load_into
        from bot.store.db import make_engine
        from bot.store.migrate import upgrade

        engine = make_engine(database_url)
        upgrade(engine)
        load_into(engine)
        engine.dispose()
    srm = Srm.open(database_url, refresh_seconds=float("inf"))
    srm.recorder.retry_seconds = 0  # try every batch: the test controls when writes fail
    backend = srm.engine.url.get_backend_name()
    try:
        _ask_and_wait(srm, "who patches RDS?")
        assert health(srm) == (200, {**health(srm)[1], "status": "ok", "store": "ok"})

        _run(srm, REFUSE[backend])
        _ask_and_wait(srm, "who encrypts S3 objects?")
        code, body = health(srm)
        assert srm.store_ok, "reads still work: the store check alone would say ok"
        assert code == 200 and body["status"] == "degraded"
        assert body["store"] == "writes failing"
        assert body["query_log"]["unrecorded"] == 1

        _run(srm, ALLOW[backend])
        _ask_and_wait(srm, "who handles encryption?")
        code, body = health(srm)
        assert (code, body["status"], body["store"]) == (200, "ok", "ok")
        assert body["query_log"]["recorded"] == 2
    finally:
        srm.close(timeout=5)
        srm.engine.dispose()
