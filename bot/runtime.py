"""The running srm: a store, the index built from it, and `ask()`, shared by the CLI, the Slack
listeners and the benchmarks.

The index is rebuilt when the stored knowledge version changes (checked at most every
`refresh_seconds`), and swapped whole, so a reader never sees half of one version and half of
another. When the database is unreachable the last good index keeps answering.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.cards import Card, render
from bot.engine import Answer, Index, answer
from bot.store import repository
from bot.store.db import StoreError, database_url, describe_error, is_sqlite, make_engine
from bot.store.migrate import NotReady, bootstrap, check_ready


@dataclass(frozen=True)
class Reply:
    answer: Answer
    card: Card
    version: str
    seconds: float

    def to_json(self) -> dict:
        from bot.cards import answer_json

        return answer_json(self.answer, self.card)


class Srm:
    def __init__(self, engine: Engine, *, refresh_seconds: float = 5.0, pack: str = "aws") -> None:
        self.engine = engine
        self.pack = pack
        self.refresh_seconds = refresh_seconds
        self._lock = threading.Lock()
        self._index: Index | None = None
        self._version: repository.Version | None = None
        self._checked_at = 0.0
        self.store_ok = True
        self._reload()

    @classmethod
    def open(cls, url: str | None = None, *, refresh_seconds: float = 5.0) -> Srm:
        """Connect to the store; on SQLite, migrate and load the bundled knowledge if needed.

        Raises StoreError (unreachable, bad URL) or NotReady (PostgreSQL not yet set up), each
        with a one-line message.
        """
        url = url or database_url()
        engine = make_engine(url)
        try:
            if is_sqlite(url):
                bootstrap(engine)
            else:
                check_ready(engine)
        except NotReady:
            raise
        except SQLAlchemyError as exc:
            raise StoreError(describe_error(exc, url)) from None
        return cls(engine, refresh_seconds=refresh_seconds)

    def _reload(self) -> None:
        with Session(self.engine) as session:
            version = repository.current_version(session, self.pack)
            if version is None:
                raise NotReady("the database has no knowledge loaded: run `srm knowledge load`")
            if self._version is not None and version.content_hash == self._version.content_hash:
                self._version = version
                return
            knowledge = repository.load_knowledge(session, self.pack)
        if knowledge is None:
            raise NotReady("the database has no knowledge loaded: run `srm knowledge load`")
        index = Index.build(knowledge)
        self._index, self._version = index, version

    def refresh(self, force: bool = False) -> bool:
        """Pick up a newly loaded knowledge version; False when the store could not be read."""
        now = time.monotonic()
        if not force and now - self._checked_at < self.refresh_seconds:
            return self.store_ok
        with self._lock:
            if not force and now - self._checked_at < self.refresh_seconds:
                return self.store_ok
            self._checked_at = now
            try:
                self._reload()
                self.store_ok = True
            except (SQLAlchemyError, NotReady):
                self.store_ok = False
        return self.store_ok

    @property
    def index(self) -> Index:
        self.refresh()
        assert self._index is not None
        return self._index

    @property
    def version(self) -> repository.Version:
        assert self._version is not None
        return self._version

    def ask(self, question: str) -> Reply:
        start = time.perf_counter()
        index = self.index
        result = answer(index, question)
        card = render(result, index.knowledge)
        return Reply(result, card, self.version.short, time.perf_counter() - start)
