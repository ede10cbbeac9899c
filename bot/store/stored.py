"""The store's current knowledge for a command that needs no answer engine (export, checks,
raci, owners): SQLite is set up on first use; PostgreSQL must be migrated and loaded."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from bot import domain
from bot.store import repository
from bot.store.db import database_url, is_sqlite, make_engine
from bot.store.migrate import NotReady, bootstrap, check_ready


def engine_and_knowledge() -> tuple[Engine, domain.Knowledge]:
    """The store's engine and its current knowledge; NotReady when it has none."""
    url = database_url()
    engine = make_engine(url)
    if is_sqlite(url):
        bootstrap(engine)
    else:
        check_ready(engine)
    with Session(engine) as session:
        knowledge = repository.load_knowledge(session)
    if knowledge is None:
        raise NotReady("the database has no knowledge loaded: run `srm knowledge load`")
    return engine, knowledge
