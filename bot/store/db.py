"""Where the store is and how to reach it: the URL, the engine, and one-line errors."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

# SQLAlchemy is imported where it is used, so that reading the URL (the quick path of `srm ask`)
# does not cost its import.
from bot.store.errors import StoreError

__all__ = ["StoreError", "database_url", "describe_error", "is_sqlite", "make_engine"]

if TYPE_CHECKING:
    from sqlalchemy import Engine


def default_sqlite_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("srm", appauthor=False)) / "srm.db"


def database_url() -> str:
    """DATABASE_URL, normalised for SQLAlchemy; else the embedded SQLite file."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return f"sqlite:///{default_sqlite_path()}"
    # Heroku-style and bare PostgreSQL URLs name no driver; psycopg 3 is the one we ship.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def redacted(url: str) -> str:
    """The URL without its password, for messages."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(unparseable DATABASE_URL)"


def make_engine(url: str | None = None, *, connect_timeout: int = 5) -> Engine:
    """An engine for `url` (default DATABASE_URL); `connect_timeout` in seconds (PostgreSQL; libpq
    treats values below 2 as 2)."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    url = url or database_url()
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(f"DATABASE_URL is not a database URL: {url!r}") from None
    kwargs: dict = {"pool_pre_ping": True}
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            folder = Path(parsed.database).expanduser().parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the folder {folder}: {exc.strerror}") from None
        kwargs["connect_args"] = {"timeout": 15, "check_same_thread": False}
    elif parsed.get_backend_name() == "postgresql":
        kwargs["connect_args"] = {"connect_timeout": connect_timeout}
        kwargs["pool_timeout"] = connect_timeout + 1
    try:
        engine = create_engine(parsed, **kwargs)
    except (ArgumentError, ImportError) as exc:
        raise StoreError(f"cannot use DATABASE_URL {redacted(url)}: {exc}") from None
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def describe_error(exc: BaseException, url: str) -> str:
    """One line that says why the database could not be used."""
    from sqlalchemy.exc import InterfaceError, OperationalError

    first = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    reason = first[0] if first else exc.__class__.__name__
    if isinstance(exc, OperationalError | InterfaceError):
        return f"cannot use the database at {redacted(url)}: {reason}"
    return f"database error at {redacted(url)}: {reason}"
