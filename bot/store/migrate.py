"""Schema migrations (Alembic) and the first-run bootstrap of the embedded store."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from bot.store import repository
from bot.store.errors import NotReady
from bot.store.models import SCHEMA_REVISION


def _config():
    from alembic.config import Config

    from bot.paths import migrations_dir

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return config


def _refuse_unknown(revision: str | None, script) -> None:
    """A store migrated by a newer srm: `srm db upgrade` cannot help, so do not suggest it."""
    if revision is not None and revision not in {s.revision for s in script.walk_revisions()}:
        raise NotReady(
            f"the database schema is at {revision}, which this srm does not know (a newer srm "
            "migrated it): upgrade srm, or point DATABASE_URL at another database"
        )


def upgrade(engine: Engine) -> list[str]:
    """Apply every migration in migrations/ to the engine's database; return the revisions
    applied, oldest first (empty when it was up to date)."""
    from alembic import command
    from alembic.script import ScriptDirectory

    config = _config()
    before = repository.schema_revision(engine)
    script = ScriptDirectory.from_config(config)
    _refuse_unknown(before, script)
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    after = repository.schema_revision(engine)
    if after is None or after == before:
        return []
    applied = [s.revision for s in script.iterate_revisions(after, before)]
    return list(reversed(applied))


def check_ready(engine: Engine, pack: str = "aws") -> repository.Version:
    revision = repository.schema_revision(engine)
    if revision is None:
        raise NotReady("the database has no srm tables yet: run `srm db upgrade` first")
    if revision != SCHEMA_REVISION:
        from alembic.script import ScriptDirectory

        _refuse_unknown(revision, ScriptDirectory.from_config(_config()))
        raise NotReady(
            f"the database schema is at {revision}, this srm needs {SCHEMA_REVISION}: "
            "run `srm db upgrade`"
        )
    with Session(engine) as session:
        version = repository.current_version(session, pack)
    if version is None:
        raise NotReady("the database has no knowledge loaded: run `srm knowledge load`")
    return version


def bootstrap(engine: Engine, knowledge_dir: Path | None = None) -> repository.Version:
    """Migrate and load the bundled knowledge when the store lacks them (the SQLite default).

    Several processes may start on a fresh file at once (`srm ask` twice, gunicorn's workers):
    one of them sets it up, holding a lock file beside it, and the others then find it ready.
    """
    try:
        return check_ready(engine)
    except NotReady:
        pass
    except OperationalError as exc:
        # Another process is setting the file up and holds it: wait for it at the lock below
        # (however long its setup takes), then find the store ready.
        if "locked" not in str(exc):
            raise
    with _setup_lock(engine):
        try:
            return check_ready(engine)
        except NotReady:
            pass
        upgrade(engine)
        from bot.knowledge.load import load_into

        return load_into(engine, knowledge_dir).version


@contextmanager
def _setup_lock(engine: Engine) -> Iterator[None]:
    database = engine.url.database
    if engine.url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        yield
        return
    import fcntl

    with open(f"{database}.setup-lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
