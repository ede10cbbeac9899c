"""Opening the store when a server starts: fail with one line, or wait for it (configurable).

`SRM_DB_WAIT_SECONDS` (default 0): how long `srm serve` and the gunicorn app keep retrying an
unreachable or not yet prepared store before they give up. Each failed attempt logs one line.
"""

from __future__ import annotations

import logging
import os
import threading
import time

from bot.runtime import Srm
from bot.store.db import StoreError
from bot.store.migrate import NotReady

log = logging.getLogger(__name__)

WAIT_ENV = "SRM_DB_WAIT_SECONDS"
RETRY_EVERY = 2.0


def wait_seconds() -> float:
    raw = os.environ.get(WAIT_ENV, "").strip()
    if not raw:
        return 0.0
    try:
        value = float(raw)
    except ValueError:
        raise StoreError(f"{WAIT_ENV} must be a number of seconds, not {raw!r}") from None
    if value < 0:
        raise StoreError(f"{WAIT_ENV} must be 0 or more, not {raw!r}")
    return value


def open_store(url: str | None = None, *, wait: float | None = None) -> Srm:
    """Srm.open(), retried for `wait` seconds (default SRM_DB_WAIT_SECONDS); then its error."""
    wait = wait_seconds() if wait is None else wait
    deadline = time.monotonic() + wait
    stop = threading.Event()
    while True:
        try:
            return Srm.open(url)
        except (StoreError, NotReady) as exc:
            left = deadline - time.monotonic()
            if left <= 0:
                raise
            log.warning("%s; retrying for up to %.0f s more", exc, left)
            stop.wait(min(RETRY_EVERY, left))
