"""Fixtures shared by every test folder.

Databases
    database_url      A fresh, empty store's SQLAlchemy URL, once per backend: ``sqlite`` (a new
                      file in tmp_path) and ``postgresql`` (a new database ``srm_test_<random>``
                      created on the server named by ``SRM_TEST_POSTGRES_URL`` and dropped after the
                      test). Without ``SRM_TEST_POSTGRES_URL`` the ``postgresql`` case is skipped,
                      saying so. Example:
                      ``SRM_TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test``
                      (the server must let that user create databases; the ``/test`` database
                      itself is never written to).
    sqlite_url        Like database_url, SQLite only.
    postgres_url      Like database_url, PostgreSQL only (skipped without the variable).
    database_env      Sets ``DATABASE_URL`` to database_url (monkeypatch) and returns the URL.
    engine            ``bot.store.db.make_engine(database_url)``, disposed after the test.

Running srm
    base_env          A copy of os.environ for a subprocess, without ``DATABASE_URL`` and with
                      HOME / XDG_DATA_HOME inside tmp_path (so the embedded default store, and
                      anything else srm writes, stays in tmp_path).
    srm_env           base_env plus ``DATABASE_URL`` = database_url (so: once per backend).
    run_srm           ``run_srm("knowledge", "load", env=..., cwd=...)`` runs
                      ``python -m bot ...`` as a subprocess (cwd: tmp_path, stdin: empty) and
                      returns the CompletedProcess (text, stdout and stderr captured).

Knowledge
    knowledge_copy    A writable copy of the bundled knowledge folder in tmp_path.
    SOURCE_DOCUMENT   (module constant) The source document the knowledge was made from.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
# The canonical copy, where users find it (docs/source/README.md says where it came from).
SOURCE_DOCUMENT = TESTS.parent / "docs" / "source" / "aws-shared-responsibility-matrix.md"
POSTGRES_ENV = "SRM_TEST_POSTGRES_URL"


# --- databases --------------------------------------------------------------------------------


def _sqlite(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store' / 'srm.db'}"


def _server_url(url: str, database: str) -> str:
    """A libpq URL (for psycopg) of another database on the server of `url`."""
    from sqlalchemy.engine import make_url

    return (
        make_url(url)
        .set(drivername="postgresql", database=database)
        .render_as_string(hide_password=False)
    )


@pytest.fixture
def _fresh_postgres() -> Iterator[str]:
    """A new PostgreSQL database for one test; dropped afterwards, whatever the test left open."""
    base = os.environ.get(POSTGRES_ENV, "").strip()
    if not base:
        pytest.skip(f"PostgreSQL tests need {POSTGRES_ENV} (see README)")
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"srm_test_{secrets.token_hex(6)}"
    admin = _server_url(base, "postgres")
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        pytest.fail(f"{POSTGRES_ENV} is set but no test database could be created: {exc}")
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty store on each backend (see the module docstring)."""
    if request.param == "sqlite":
        return _sqlite(tmp_path)
    return request.getfixturevalue("_fresh_postgres")


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return _sqlite(tmp_path)


@pytest.fixture
def postgres_url(_fresh_postgres: str) -> str:
    return _fresh_postgres


@pytest.fixture
def database_env(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DATABASE_URL", database_url)
    return database_url


@pytest.fixture
def engine(database_url: str):
    from bot.store.db import make_engine

    eng = make_engine(database_url)
    yield eng
    eng.dispose()


# --- running srm ------------------------------------------------------------------------------


@pytest.fixture
def base_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in (POSTGRES_ENV, "DATABASE_URL")}
    home = tmp_path / "home"
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


@pytest.fixture
def srm_env(base_env: dict[str, str], database_url: str) -> dict[str, str]:
    return {**base_env, "DATABASE_URL": database_url}


@pytest.fixture
def run_srm(tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    def run(
        *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot", *args],
            env=env if env is not None else dict(os.environ),
            cwd=cwd or tmp_path,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
        )

    return run


# --- knowledge --------------------------------------------------------------------------------


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    from bot.paths import knowledge_dir

    target = tmp_path / "knowledge"
    shutil.copytree(knowledge_dir(), target)
    return target
