"""gunicorn's gevent worker with a read timeout on every client socket.

The gevent worker already bounds the request line and headers (gunicorn's `keepalive` seconds, a
silent close) and holds thousands of idle or slow connections per process as cheap greenlets. What
it lacks is a bound on a body that trickles in: here each read from a client waits at most
`READ_TIMEOUT_ENV` seconds (default 10); the app answers such a request 408 (bot.slack.wsgi).
"""

from __future__ import annotations

import os
import socket
from typing import Any

from gunicorn.workers.base_async import AsyncWorker
from gunicorn.workers.ggevent import GeventWorker

READ_TIMEOUT_ENV = "SRM_READ_TIMEOUT"
DEFAULT_READ_TIMEOUT = 10.0


def read_timeout() -> float:
    raw = os.environ.get(READ_TIMEOUT_ENV, "").strip()
    try:
        value = float(raw) if raw else DEFAULT_READ_TIMEOUT
    except ValueError:
        return DEFAULT_READ_TIMEOUT
    return value if value > 0 else DEFAULT_READ_TIMEOUT


class ReadTimeoutGeventWorker(GeventWorker):
    def handle(self, listener: Any, client: socket.socket, addr: Any) -> None:
        # GeventWorker.handle only puts the socket in blocking mode (no timeout); this sets one,
        # longer than the header phase, which gunicorn bounds itself (a silent close; a socket
        # timeout there would be logged as an error with a traceback).
        client.settimeout(max(read_timeout(), self.cfg.keepalive + 1))
        AsyncWorker.handle(self, listener, client, addr)
