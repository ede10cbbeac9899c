"""A missing, unreachable or unprepared database: one `srm: …` line on stderr, exit 1, never a
traceback. And no DATABASE_URL at all means the embedded SQLite store, which just works."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from bot.store import repository
from bot.store.db import make_engine

UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:1/x"  # nothing listens on port 1

COMMANDS = [("knowledge", "load"), ("db", "upgrade"), ("knowledge", "export")]


def one_line_error(done) -> str:
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("srm: ")
    assert done.stdout == ""
    return lines[0]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_an_unreachable_database_is_one_line(command, run_srm, base_env) -> None:
    line = one_line_error(run_srm(*command, env={**base_env, "DATABASE_URL": UNREACHABLE}))
    assert "127.0.0.1" in line and "cannot use the database" in line


@pytest.mark.parametrize("url", ["not a url", "nosuchdb://u@127.0.0.1/x"])
def test_a_bad_database_url_is_one_line(url: str, run_srm, base_env) -> None:
    one_line_error(run_srm("knowledge", "load", env={**base_env, "DATABASE_URL": url}))


def test_a_password_is_not_printed(run_srm, base_env) -> None:
    url = "postgresql+psycopg://postgres:s3cr3t-pw@127.0.0.1:1/x"
    line = one_line_error(run_srm("db", "upgrade", env={**base_env, "DATABASE_URL": url}))
    assert "s3cr3t-pw" not in line


def test_without_database_url_the_embedded_store_is_used(run_srm, base_env, tmp_path) -> None:
    assert "DATABASE_URL" not in base_env
    done = run_srm("knowledge", "load", env=base_env)
    assert done.returncode == 0, done.stdout + done.stderr
    stores = list((tmp_path / "home").rglob("*.db"))
    assert len(stores) == 1, "the default store lives in the user's data directory"
    engine = make_engine(f"sqlite:///{stores[0]}")
    with Session(engine) as s:
        assert repository.current_version(s) is not None
    engine.dispose()
    again = run_srm("knowledge", "load", env=base_env)
    assert "unchanged" in again.stdout


@pytest.mark.parametrize("command", [("knowledge", "load"), ("knowledge", "export")], ids=" ".join)
def test_postgres_without_db_upgrade_says_so(command, run_srm, base_env, postgres_url) -> None:
    line = one_line_error(run_srm(*command, env={**base_env, "DATABASE_URL": postgres_url}))
    assert "run `srm db upgrade`" in line
    engine = make_engine(postgres_url)
    assert repository.schema_revision(engine) is None, "nothing was created behind its back"
    engine.dispose()


def test_postgres_without_knowledge_says_so(run_srm, base_env, postgres_url: str) -> None:
    env = {**base_env, "DATABASE_URL": postgres_url}
    assert run_srm("db", "upgrade", env=env).returncode == 0
    line = one_line_error(run_srm("knowledge", "export", env=env))
    assert "run `srm knowledge load`" in line


def test_srm_runs_from_any_directory(run_srm, srm_env, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    if not srm_env["DATABASE_URL"].startswith("sqlite"):
        assert run_srm("db", "upgrade", env=srm_env, cwd=elsewhere).returncode == 0
    done = run_srm("knowledge", "load", env=srm_env, cwd=elsewhere)
    assert done.returncode == 0, done.stdout + done.stderr
    assert list(elsewhere.iterdir()) == []
