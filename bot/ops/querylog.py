"""The query log recorder: every answered question, written after the answer by a background thread.

`submit()` never blocks and never raises: it puts the record on a bounded in-memory queue. One
daemon thread drains the queue in batches and writes them in one short transaction each. When the
store cannot be written (down, or the queue is full), the records are dropped and counted as
unrecorded; after a failure the writer waits `retry_seconds` before it tries the store again, so a
dead database costs one failed connection per interval, not one per question. Recording resumes
on its own when the store is back.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Engine, insert
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError

from bot.ops import metrics
from bot.ops.identity import stored_salt, user_hash
from bot.ops.records import ENABLED_ENV, QueryRecord, record_for, recording_enabled, row_for

__all__ = ["ENABLED_ENV", "QueryRecord", "Recorder", "record_for", "recording_enabled"]
from bot.ops.retention import BadAge, purge, retention
from bot.store.ops_models import QueryLogEntry

log = logging.getLogger(__name__)

CAPACITY_ENV = "SRM_QUERY_LOG_QUEUE"
DEFAULT_CAPACITY = 10_000
BATCH = 200
PURGE_EVERY = timedelta(hours=6)
# How long a stopping server (SIGTERM) waits for the queue to be written before it exits.
DRAIN_SECONDS = 5.0


class RefusedWrites(Exception):
    """The store refused every row of a batch (it still accepts connections)."""


@dataclass(frozen=True)
class RecorderStats:
    submitted: int
    recorded: int
    unrecorded: int
    pending: int
    store_ok: bool


_STOP = object()


def _capacity() -> int:
    raw = os.environ.get(CAPACITY_ENV, "").strip()
    return int(raw) if raw.isdigit() and int(raw) > 0 else DEFAULT_CAPACITY


class Recorder:
    def __init__(
        self,
        engine: Engine,
        *,
        capacity: int | None = None,
        retry_seconds: float = 1.0,
        enabled: bool | None = None,
    ) -> None:
        self.engine = engine
        self.enabled = recording_enabled() if enabled is None else enabled
        self.retry_seconds = retry_seconds
        self._queue: queue.Queue[object] = queue.Queue(maxsize=capacity or _capacity())
        self._lock = threading.Lock()
        self._done = threading.Condition(self._lock)
        self._thread: threading.Thread | None = None
        self._submitted = self._recorded = self._unrecorded = 0
        self._store_ok = True
        self._retry_at = 0.0
        self._salt: str | None = None
        self._purged_at: float | None = None
        _live.add(self)

    # --- the request side: never blocks, never raises ------------------------------------------

    def submit(self, record: QueryRecord) -> bool:
        """Queue `record` for writing; False (and counted as unrecorded) when it cannot be."""
        if not self.enabled:
            return False
        with self._lock:
            self._submitted += 1
            self._ensure_thread()
        try:
            self._queue.put_nowait(record)
            return True
        except queue.Full:
            self._handled(unrecorded=1)
            return False

    def stats(self) -> RecorderStats:
        with self._lock:
            return RecorderStats(
                self._submitted,
                self._recorded,
                self._unrecorded,
                self._submitted - self._recorded - self._unrecorded,
                self._store_ok,
            )

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until every submitted record is written or counted unrecorded; False on timeout."""
        deadline = time.monotonic() + timeout
        with self._done:
            while self._recorded + self._unrecorded < self._submitted:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._done.wait(left)
        return True

    def close(self, timeout: float = 5.0) -> None:
        """Write what is queued (within `timeout`) and stop the writer thread."""
        pending = self.stats().pending
        if pending:
            log.info("query log: writing %d queued records before stopping", pending)
        if not self.flush(timeout):
            log.warning(
                "query log: %d records not written within %.0f s; dropped",
                self.stats().pending,
                timeout,
            )
        thread = self._thread
        if thread is not None and thread.is_alive():
            try:
                self._queue.put_nowait(_STOP)
            except queue.Full:
                return
            thread.join(timeout=max(0.1, timeout))

    # --- the writer thread ----------------------------------------------------------------------

    def _ensure_thread(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name="srm-query-log", daemon=True)
            self._thread.start()

    def _handled(self, *, recorded: int = 0, unrecorded: int = 0) -> None:
        if recorded:
            metrics.QUERY_LOG.labels(outcome="recorded").inc(recorded)
        if unrecorded:
            metrics.QUERY_LOG.labels(outcome="unrecorded").inc(unrecorded)
        with self._done:
            self._recorded += recorded
            self._unrecorded += unrecorded
            self._done.notify_all()

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            batch: list[QueryRecord] = []
            stop = first is _STOP
            if not stop:
                batch.append(first)  # type: ignore[arg-type]
            while not stop and len(batch) < BATCH:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is _STOP:
                    stop = True
                else:
                    batch.append(item)  # type: ignore[arg-type]
            if batch:
                self._write(batch)
            if stop:
                return

    def _write(self, batch: Sequence[QueryRecord]) -> None:
        if time.monotonic() < self._retry_at:
            self._handled(unrecorded=len(batch))
            return
        try:
            if self._salt is None:
                self._salt = stored_salt(self.engine)
            rows = self._rows(batch)
            made = len(rows)
            self._insert(rows)
            if made and not rows:
                # The store reads but refused every row (a full disk, a read-only database):
                # writes are failing, whatever the connection says.
                raise RefusedWrites()
        except (SQLAlchemyError, RefusedWrites) as exc:
            self._retry_at = time.monotonic() + self.retry_seconds
            if self._store_ok:
                log.warning(
                    "query log: store unavailable, recording skipped until it is back (%s)",
                    exc.__class__.__name__,
                )
            with self._lock:
                self._store_ok = False
            self._handled(unrecorded=len(batch))
            return
        except Exception:  # a bug here must never stop the writer
            log.exception("query log: could not write %d records", len(batch))
            self._handled(unrecorded=len(batch))
            return
        if not self._store_ok:
            log.warning("query log: store is back, recording resumed")
        with self._lock:
            self._store_ok = True
        self._handled(recorded=len(rows), unrecorded=len(batch) - len(rows))
        if len(rows) < len(batch):
            skipped = len(batch) - len(rows)
            log.warning("query log: %d records could not be written and were skipped", skipped)
        self._maybe_purge()

    def _rows(self, batch: Sequence[QueryRecord]) -> list[dict]:
        """The rows of the records that make one; a record that does not is skipped alone."""
        rows: list[dict] = []
        for record in batch:
            try:
                rows.append(row_for(record, lambda ws, u: user_hash(self._salt or "", ws, u)))
            except Exception:  # one bad record must never cost the batch its other records
                continue
        return rows

    def _insert(self, rows: list[dict]) -> None:
        """One insert for the batch; when the database refuses its data (not its connection),
        row by row, so one bad row drops only itself (the list keeps the rows written)."""
        if not rows:
            return
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(QueryLogEntry), rows)
            return
        except (OperationalError, InterfaceError):
            raise
        except SQLAlchemyError:
            pass
        written = []
        for row in rows:
            try:
                with self.engine.begin() as conn:
                    conn.execute(insert(QueryLogEntry), [row])
                written.append(row)
            except (OperationalError, InterfaceError):
                raise
            except SQLAlchemyError:
                continue
        rows[:] = written

    def _maybe_purge(self) -> None:
        """Apply the retention now and then (every replica may; the delete is idempotent)."""
        now = time.monotonic()
        if self._purged_at is not None and now - self._purged_at < PURGE_EVERY.total_seconds():
            return
        self._purged_at = now
        try:
            removed = purge(self.engine, retention())
        except (SQLAlchemyError, BadAge) as exc:
            log.warning("query log: retention purge skipped: %s", exc)
            return
        if removed:
            log.info("query log: purged %d questions older than the retention", removed)


_live: weakref.WeakSet[Recorder] = weakref.WeakSet()


def drain_all(timeout: float = DRAIN_SECONDS) -> None:
    """Write what every recorder of this process still holds (a stopping server's last step),
    within `timeout` seconds in all."""
    deadline = time.monotonic() + timeout
    for recorder in list(_live):
        recorder.close(max(0.1, deadline - time.monotonic()))
