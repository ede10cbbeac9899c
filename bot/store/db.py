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
    from sqlalchemy.engine import URL

SUPPORTED = ("sqlite", "postgresql")
# Query options that carry a secret (libpq's password and sslpassword, and the like).
_SECRET_OPTIONS = ("pass", "secret", "token")


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


def parse_url(url: str) -> URL:
    """DATABASE_URL parsed and checked, or StoreError with one line that never shows a secret
    (the URL's text is not echoed unless it parsed, and then without its passwords)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    if "://" not in url:
        raise StoreError(
            "DATABASE_URL is not a database URL: it needs a scheme, such as "
            "sqlite:////path/to/srm.db or postgresql://user@host/db"
        )
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(
            "DATABASE_URL is not a database URL (not shown: it may hold a secret)"
        ) from None
    except ValueError:
        raise StoreError("DATABASE_URL's port is not a number") from None
    if "@" in (parsed.host or "") or "@" in (parsed.database or "").split("/")[0]:
        raise StoreError(
            "DATABASE_URL has an '@' in its user name or password: write it as %40 "
            "(percent-encoded)"
        )
    backend = parsed.get_backend_name()
    if backend not in SUPPORTED:
        raise StoreError(
            f"DATABASE_URL names a {backend!r} database: only SQLite and PostgreSQL are supported"
        )
    return parsed


def redacted(url: str) -> str:
    """The URL without its password or secret query options, for messages."""
    try:
        parsed = parse_url(url)
    except StoreError:
        return "(DATABASE_URL, not shown)"
    hidden = {k: "***" for k in parsed.query if any(word in k.lower() for word in _SECRET_OPTIONS)}
    shown = parsed.update_query_dict(hidden).render_as_string(hide_password=True)
    return shown.replace("%2A%2A%2A", "***")


def make_engine(url: str | None = None, *, connect_timeout: int = 5) -> Engine:
    """An engine for `url` (default DATABASE_URL); `connect_timeout` in seconds (PostgreSQL; libpq
    treats values below 2 as 2)."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.exc import ArgumentError

    url = url or database_url()
    parsed = parse_url(url)
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
