"""The store goes away while srm serves, and comes back; knowledge is loaded while replicas
serve; the store is unreachable at start. On a throwaway PostgreSQL cluster (tests.ops.pgcluster).
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from sqlalchemy import func, select

from bot.ops import metrics
from bot.ops.health import health
from bot.runtime import Srm
from bot.store.ops_models import QueryLogEntry
from tests.ops.waiting import wait_until

SLACK_DEADLINE = 3.0


def unrecorded_total() -> float:
    return (
        metrics.REGISTRY.get_sample_value("srm_query_log_records_total", {"outcome": "unrecorded"})
        or 0.0
    )


def logged(srm: Srm, question: str) -> int:
    with srm.engine.connect() as conn:
        return conn.scalar(
            select(func.count())
            .select_from(QueryLogEntry)
            .where(QueryLogEntry.question == question)
        )


def test_the_database_goes_away_answers_continue_and_recording_resumes(pg_cluster, pg_store):
    srm = Srm.open(pg_store, refresh_seconds=0.2)
    srm.recorder.retry_seconds = 0.2
    try:
        srm.ask("who patches RDS?")
        assert srm.recorder.flush(10)
        assert srm.recorder.stats().recorded == 1
        assert health(srm)[1]["status"] == "ok"

        pg_cluster.stop()
        before, metric_before = srm.recorder.stats(), unrecorded_total()
        for n in range(100):
            start = time.perf_counter()
            reply = srm.ask(f"who patches RDS? ({n})")
            assert time.perf_counter() - start < SLACK_DEADLINE
            assert reply.answer.intent == "who" and reply.answer.services[:1] == ("rds",)
        assert srm.recorder.flush(30)
        after = srm.recorder.stats()
        assert after.unrecorded - before.unrecorded == 100
        assert after.recorded == before.recorded
        assert unrecorded_total() - metric_before == 100

        # Degraded at once (the query log's failed writes say so); the background store check
        # then names why: the store is unreachable.
        wait_until(lambda: health(srm)[1]["status"] == "degraded", 15, "healthz to say degraded")
        wait_until(lambda: health(srm)[1]["store"] == "unreachable", 15, "the store check")
        code, body = health(srm)
        assert code == 200 and body["status"] == "degraded"

        pg_cluster.start()  # nothing else: no restart of srm, no manual step

        def recording_again() -> bool:
            srm.ask("who encrypts S3 objects?")
            srm.recorder.flush(5)
            return srm.recorder.stats().recorded > after.recorded

        wait_until(recording_again, 30, "recording to resume")
        wait_until(lambda: health(srm)[1]["status"] == "ok", 15, "healthz to say ok again")
        assert logged(srm, "who encrypts S3 objects?") >= 1
        assert logged(srm, "who patches RDS? (7)") == 0, "unrecorded questions are not replayed"
    finally:
        srm.close(timeout=5)
        srm.engine.dispose()


def test_replicas_pick_up_new_knowledge_and_never_mix_versions(pg_store, knowledge_copy: Path):
    from bot.knowledge.load import load_into

    rds = knowledge_copy / "services" / "rds.yaml"
    rds.write_text(
        rds.read_text().replace(
            "text: Database engine patching and updates",
            "text: Database engine patching and updates (second edition)",
        )
    )
    replicas = [Srm.open(pg_store, refresh_seconds=0.5) for _ in range(2)]
    old = replicas[0].version.short
    seen: list[tuple[str, bool]] = []
    stop = threading.Event()

    def keep_asking(srm: Srm) -> None:
        while not stop.is_set():
            reply = srm.ask("who patches RDS?", record=False)
            texts = " ".join(item.text for item in reply.answer.items)
            seen.append((reply.version, "second edition" in texts))

    threads = [threading.Thread(target=keep_asking, args=(r,), daemon=True) for r in replicas]
    try:
        for t in threads:
            t.start()
        result = load_into(replicas[0].engine, knowledge_copy)
        new = result.version.short
        assert result.changed and new != old
        loaded = time.monotonic()
        wait_until(
            lambda: all(r.version.short == new for r in replicas), 10, "both replicas on the new"
        )
        assert time.monotonic() - loaded < 5, "picked up within a few seconds"
        wait_until(lambda: any(v == new for v, _ in list(seen)), 10, "an answer from the new")
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=10)
        for r in replicas:
            r.close()
            r.engine.dispose()
    # Every answer came whole from one version: the old text with the old version, the new
    # text with the new one.
    assert {(v, edited) for v, edited in seen} <= {(old, False), (new, True)}


def test_an_unreachable_database_at_start_is_one_line(run_srm, base_env) -> None:
    env = {**base_env, "DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:1/x"}
    for command in (("ask", "who patches RDS?"), ("report",)):
        done = run_srm(*command, env=env)
        assert done.returncode == 1
        assert "Traceback" not in done.stderr
        assert done.stderr.strip().splitlines() == [done.stderr.strip()]
        assert done.stderr.startswith("srm: cannot use the database")


def test_serve_can_wait_for_the_database_then_gives_up_in_one_line(
    run_srm, base_env, fake_slack
) -> None:
    from tests.slack.client import SIGNING_SECRET
    from tests.slack.conftest import BOT_TOKEN

    env = {
        **base_env,
        "DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:1/x",
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake_slack.api_url,
        "SRM_DB_WAIT_SECONDS": "1",
    }
    done = run_srm("serve", "--port", "3999", env=env)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert any("retrying for up to" in line for line in lines), lines
    assert lines[-1].startswith("srm: cannot use the database"), lines
