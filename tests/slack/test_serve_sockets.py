"""`srm serve`'s HTTP server takes a burst of connections and drops silent ones (issue 10 item 4).

With socketserver's listen backlog of 5, most of 200 simultaneous connections were refused or
reset; and a client that sent nothing held its thread for ever.
"""

from __future__ import annotations

import socket
import threading
import time

import pytest

from bot.slack import serve

CONNECTIONS = 200


def test_200_simultaneous_connections_are_all_answered(slack) -> None:
    port = int(slack.base.rsplit(":", 1)[1])
    start = threading.Barrier(CONNECTIONS, timeout=30)
    replies: list[bytes] = []
    errors: list[str] = []
    lock = threading.Lock()

    def client() -> None:
        try:
            start.wait()  # every client connects at the same moment
            with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
                sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: srm\r\nConnection: close\r\n\r\n")
                data = b""
                while chunk := sock.recv(65536):
                    data += chunk
            with lock:
                replies.append(data)
        except (OSError, threading.BrokenBarrierError) as exc:
            with lock:
                errors.append(repr(exc))

    threads = [threading.Thread(target=client) for _ in range(CONNECTIONS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert len(replies) == CONNECTIONS
    assert all(r.split(b"\r\n", 1)[0].endswith(b" 200 OK") for r in replies)


def test_a_silent_client_is_disconnected(slack, monkeypatch: pytest.MonkeyPatch) -> None:
    """A connection that stops sending mid-request is closed after the handler's timeout
    (SOCKET_TIMEOUT, 10 s; 1 s here to keep the test short)."""
    assert serve.QuietHandler.timeout == serve.SOCKET_TIMEOUT == 10
    monkeypatch.setattr(serve.QuietHandler, "timeout", 1.0)
    port = int(slack.base.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\n")  # and never the rest
        started = time.monotonic()
        assert sock.recv(4096) == b""  # closed by the server, well before our own timeout
        assert 0.5 < time.monotonic() - started < 15
