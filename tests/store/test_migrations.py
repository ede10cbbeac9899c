"""The Alembic migrations create exactly the tables the SQLAlchemy models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from bot.paths import migrations_dir
from bot.store import repository
from bot.store.migrate import upgrade
from bot.store.models import SCHEMA_REVISION, Base


def _head() -> str:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    heads = ScriptDirectory.from_config(config).get_heads()
    assert len(heads) == 1, f"the migrations have {len(heads)} heads: {heads}"
    return heads[0]


def test_models_and_migrations_agree(engine) -> None:
    assert repository.schema_revision(engine) is None
    upgrade(engine)
    # After the upgrade, env.py has imported every model module it migrates, so Base.metadata
    # is the whole schema the migrations are meant to build.
    assert {"services", "duties", "knowledge_versions"} <= set(Base.metadata.tables)
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "compare_server_default": True}
        )
        diffs = compare_metadata(context, Base.metadata)
        tables = set(inspect(conn).get_table_names())
    assert diffs == []
    assert tables == set(Base.metadata.tables) | {"alembic_version"}


def test_upgrade_reaches_the_revision_the_code_expects_and_is_idempotent(engine) -> None:
    upgrade(engine)
    assert repository.schema_revision(engine) == _head() == SCHEMA_REVISION
    upgrade(engine)
    assert repository.schema_revision(engine) == SCHEMA_REVISION


def test_bootstrap_waits_at_the_lock_when_another_process_holds_the_file(
    sqlite_url, monkeypatch
) -> None:
    """A first run that finds the file locked by another's setup waits for it at the setup
    lock instead of failing ("database is locked")."""
    from sqlalchemy.exc import OperationalError

    from bot.store import migrate
    from bot.store.db import make_engine

    engine = make_engine(sqlite_url)
    real = migrate.check_ready
    calls = []

    def busy_once(e):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("SELECT", {}, Exception("database is locked"))
        return real(e)

    monkeypatch.setattr(migrate, "check_ready", busy_once)
    try:
        version = migrate.bootstrap(engine)
        assert version is not None and len(calls) >= 2
    finally:
        engine.dispose()
