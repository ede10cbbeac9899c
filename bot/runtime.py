"""The running srm: a store, the index built from it, and `ask()`, shared by the CLI, the Slack
listeners and the benchmarks.

The index is rebuilt when the stored knowledge version changes (checked at most every
`refresh_seconds`, on a background thread, so a request never waits on the store), and swapped
whole, so a reader never sees half of one version and half of another. When the database is
unreachable the last good index keeps answering.

Every answer is handed to the query log (bot.ops.querylog) after it is made: a non-blocking put
on a bounded queue, so recording never delays or breaks an answer.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.cards import Card, render
from bot.engine import Answer, Index, answer
from bot.ops import metrics
from bot.ops.context import CLI, AskContext
from bot.ops.querylog import Recorder, record_for
from bot.ops.requestlog import annotate
from bot.owners import live as owners_live
from bot.owners.attach import attach
from bot.owners.resolve import Owners
from bot.store import repository
from bot.store.db import StoreError, database_url, describe_error, is_sqlite, make_engine
from bot.store.migrate import NotReady, bootstrap, check_ready

log = logging.getLogger(__name__)

# libpq's smallest connect timeout: a dead database must not hold a Slack request for long.
SERVING_CONNECT_TIMEOUT = 2


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
    def __init__(
        self,
        engine: Engine,
        *,
        refresh_seconds: float = 5.0,
        pack: str = "aws",
        recorder: Recorder | None = None,
    ) -> None:
        self.engine = engine
        self.pack = pack
        self.refresh_seconds = refresh_seconds
        self.recorder = recorder if recorder is not None else Recorder(engine)
        self._lock = threading.Lock()
        # (index, version), replaced in one assignment: readers take both from one snapshot.
        self._current: tuple[Index, repository.Version] | None = None
        # Who owns what here (bot.owners), rebuilt when the overlay or the knowledge changes.
        self._owners: Owners | None = None
        self._checked_at = time.monotonic()
        self.store_ok = True
        self._reload()
        self._owners = owners_live.refreshed(self.engine, None, self._current[0].knowledge)
        metrics.track(self)

    @classmethod
    def open(
        cls,
        url: str | None = None,
        *,
        refresh_seconds: float = 5.0,
        connect_timeout: int = SERVING_CONNECT_TIMEOUT,
    ) -> Srm:
        """Connect to the store; on SQLite, migrate and load the bundled knowledge if needed.

        Raises StoreError (unreachable, bad URL) or NotReady (PostgreSQL not yet set up), each
        with a one-line message.
        """
        url = url or database_url()
        engine = make_engine(url, connect_timeout=connect_timeout)
        try:
            if is_sqlite(url):
                bootstrap(engine)
            else:
                check_ready(engine)
            return cls(engine, refresh_seconds=refresh_seconds)
        except NotReady:
            engine.dispose()
            raise
        except SQLAlchemyError as exc:
            engine.dispose()
            raise StoreError(describe_error(exc, url)) from None

    def _reload(self) -> None:
        with Session(self.engine) as session:
            version = repository.current_version(session, self.pack)
            if version is None:
                raise NotReady("the database has no knowledge loaded: run `srm knowledge load`")
            current = self._current
            if current is not None and version.content_hash == current[1].content_hash:
                self._current = (current[0], version)
                return
            loaded = repository.load_consistent(session, self.pack)
        if loaded is None:
            raise NotReady("the database has no knowledge loaded: run `srm knowledge load`")
        version, knowledge = loaded
        index = Index.build(knowledge)
        if current is not None:
            log.info("knowledge %s loaded (was %s)", version.short, current[1].short)
        self._current = (index, version)

    def refresh(self, force: bool = False) -> bool:
        """Pick up a newly loaded knowledge version; False when the store could not be read.

        Forced, the check runs now. Otherwise, when a check is due it starts on a background
        thread and this returns at once with the last known state of the store.
        """
        if force:
            with self._lock:
                self._check()
            return self.store_ok
        if time.monotonic() - self._checked_at < self.refresh_seconds:
            return self.store_ok
        if self._lock.acquire(blocking=False):
            if time.monotonic() - self._checked_at < self.refresh_seconds:
                self._lock.release()
            else:
                self._checked_at = time.monotonic()
                threading.Thread(
                    target=self._check_then_release, name="srm-refresh", daemon=True
                ).start()
        return self.store_ok

    def _check_then_release(self) -> None:
        try:
            self._check()
        finally:
            self._lock.release()

    def _check(self) -> None:
        was_ok = self.store_ok
        try:
            self._reload()
            assert self._current is not None
            self._owners = owners_live.refreshed(
                self.engine, self._owners, self._current[0].knowledge
            )
            self.store_ok = True
        except (SQLAlchemyError, NotReady) as exc:
            self.store_ok = False
            if was_ok:
                log.warning(
                    "store unavailable (%s): answering from knowledge %s in memory",
                    exc.__class__.__name__,
                    self.version.short,
                )
        except Exception:  # never let a refresh take the runtime down
            self.store_ok = False
            log.exception("could not refresh the knowledge")
        else:
            if not was_ok:
                log.warning("store is back: knowledge %s", self.version.short)
        finally:
            self._checked_at = time.monotonic()

    @property
    def index(self) -> Index:
        self.refresh()
        assert self._current is not None
        return self._current[0]

    @property
    def owners(self) -> Owners:
        """The owners of every customer duty under the stored overlay (none loaded: empty)."""
        self.refresh()
        assert self._owners is not None
        return self._owners

    @property
    def version(self) -> repository.Version:
        assert self._current is not None
        return self._current[1]

    def ask(
        self, question: str, *, context: AskContext | None = None, record: bool = True
    ) -> Reply:
        """Answer `question`; then (unless `record` is False) count it and queue it for the
        query log with its `context`."""
        start = time.perf_counter()
        self.refresh()
        current = self._current
        assert current is not None
        index, version = current
        owners = self._owners
        result = attach(answer(index, question), owners)
        card = render(result, index.knowledge, owners)
        reply = Reply(result, card, version.short, time.perf_counter() - start)
        if record:
            self.record(result, seconds=reply.seconds, version=version.short, context=context)
        return reply

    def record(
        self,
        result: Answer,
        *,
        seconds: float,
        version: str | None = None,
        context: AskContext | None = None,
    ) -> None:
        """Count and log an answer (also one served from a cache). Never raises, never blocks."""
        ctx = context or CLI
        try:
            metrics.observe_answer(result.intent, ctx.source, seconds)
            # On the request's log line when answered in the request (e.g. /srm in its ack).
            annotate(
                intent=result.intent,
                unknown=result.intent == "unknown",
                confidence=round(result.confidence, 3),
            )
            self.recorder.submit(
                record_for(
                    question=result.query,
                    intent=result.intent,
                    services=tuple(result.services),
                    verdict=result.verdict,
                    confidence=result.confidence,
                    seconds=seconds,
                    knowledge_version=version or self.version.short,
                    source=ctx.source,
                    workspace=ctx.workspace,
                    channel=ctx.channel,
                    user=ctx.user,
                    card_id=ctx.card_id,
                )
            )
        except Exception:
            log.exception("could not record an answer")

    def close(self, timeout: float = 5.0) -> None:
        """Write the query log's queue (within `timeout`) and stop its thread."""
        self.recorder.close(timeout)
