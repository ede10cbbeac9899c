"""SIGTERM writes what the query log still holds before the process exits (issue 11 item 10).

The store is kept busy from the test (a write lock, so the writer waits), questions are asked,
the process gets SIGTERM and logs that it is writing its queue; only then is the lock released.
Before the fix the process exited at once and the queued questions were lost.
"""

from __future__ import annotations

import re
import sqlite3
import time

import pytest
from sqlalchemy import text

from tests.slack.client import SlackSender, get
from tests.slack.procfile import LoggedProcess, ServeProcess, WebProcess

QUESTIONS = ("who patches RDS?", "who encrypts S3 objects?", "Lambda best practices")


def _ask(proc: LoggedProcess, fake_slack) -> None:
    sender = SlackSender(proc.base)
    for n, question in enumerate(QUESTIONS):
        reply = sender.command(question, fake_slack.response_url(f"q{n}"), user_id=f"U0TERM{n}")
        assert reply.status == 200 and reply.json()["blocks"]


def _stored(url: str) -> int:
    from bot.store.db import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM query_log")).scalar_one()
    finally:
        engine.dispose()


def _wait_pending(proc: LoggedProcess, count: int, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if get(proc.base, "/healthz").json()["query_log"]["pending"] >= count:
            return
        time.sleep(0.05)  # polling interval, not synchronisation
    raise AssertionError("the questions were not queued")


def test_srm_serve_writes_its_queue_on_sigterm(slack_env: dict, fake_slack) -> None:
    path = slack_env["DATABASE_URL"].removeprefix("sqlite:///")
    serve = ServeProcess(slack_env)
    lock = sqlite3.connect(path, isolation_level=None)
    try:
        serve.wait_ready()
        lock.execute("BEGIN IMMEDIATE")  # the writer now waits for the store
        _ask(serve, fake_slack)
        _wait_pending(serve, len(QUESTIONS))
        serve.proc.terminate()
        serve.wait_line(f"writing {len(QUESTIONS)} queued records")
        lock.execute("ROLLBACK")
        assert serve.wait_exit(timeout=30) == 0, serve.output()
    finally:
        lock.close()
        serve.terminate()
    assert _stored(slack_env["DATABASE_URL"]) == len(QUESTIONS)


@pytest.mark.postgres
def test_gunicorn_workers_write_their_queues_on_sigterm(
    slack_env: dict, fake_slack, loaded_postgres: str
) -> None:
    """On PostgreSQL, whose waits do not block a gevent worker's loop (psycopg 3 cooperates)."""
    import psycopg

    web = WebProcess({**slack_env, "DATABASE_URL": loaded_postgres})
    lock = psycopg.connect(loaded_postgres.replace("postgresql+psycopg://", "postgresql://"))
    try:
        web.wait_ready()
        lock.execute("LOCK TABLE query_log IN EXCLUSIVE MODE")  # inserts now wait
        _ask(web, fake_slack)
        web.proc.terminate()
        written = 0
        while written < len(QUESTIONS):  # one line per worker that held some
            line = web.wait_line("queued records before stopping")
            written += int(re.search(r"writing (\d+) queued", line).group(1))
        lock.rollback()
        assert web.wait_exit(timeout=30) == 0, web.output()
    finally:
        lock.close()
        web.terminate()
    assert _stored(loaded_postgres) == len(QUESTIONS)


def test_srm_serve_socket_mode_stops_on_sigterm(slack_env: dict, fake_slack) -> None:
    """Socket Mode stops within the drain's bound too (its client's threads do not hold it)."""
    import sys

    proc = LoggedProcess(
        [sys.executable, "-m", "bot", "serve", "--socket-mode"],
        {**slack_env, "SLACK_APP_TOKEN": "xapp-1-A0SRMAPP01-1234-apptokenvalue"},
    )
    try:
        # The first call checks the app token before start-up; the second is the connection
        # itself, made once the SIGTERM handler is in place.
        fake_slack.wait_api("apps.connections.open", count=2)
        proc.proc.terminate()
        assert proc.wait_exit(timeout=15) == 0, proc.output()
        assert "SIGTERM, stopping" in proc.output()
    finally:
        proc.terminate()
