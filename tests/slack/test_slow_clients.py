"""The Procfile's web process under slow and idle clients (issue 10 item 1).

40 connections that send nothing and 20 that send a header line every 3 s stay open while 30 signed
`/srm` commands from 8 threads are answered (p99 within Slack's 3 s) and `/healthz` within 2 s;
afterwards the server's read timeouts close every one of those connections (and a request whose
body never comes gets 408). With the former
gthread workers (2 × 8 threads) the idle connections take every thread and the commands wait.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from tests.slack.client import SlackSender, get, payload
from tests.slack.procfile import WebProcess

IDLE = 40
SLOW = 20
COMMANDS = 30
THREADS = 8
HEADER_EVERY = 3.0


def _connect(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    sock.settimeout(None)  # blocking, so the MSG_DONTWAIT peek below answers at once
    return sock


def _open(sock: socket.socket) -> bool:
    """True while the peer has not closed the connection (peeks, never blocks)."""
    try:
        return sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False


def _closed_by_server(sock: socket.socket, deadline: float) -> bool:
    """Wait (until `deadline`) for the server to close `sock`."""
    while (left := deadline - time.monotonic()) > 0:
        sock.settimeout(left)
        try:
            if sock.recv(4096) == b"":
                return True
        except TimeoutError:
            return False
        except OSError:
            return True
    return False


def test_the_web_process_answers_while_slow_and_idle_clients_hold_connections(
    slack_env: dict, fake_slack
) -> None:
    web = WebProcess({**slack_env, "SRM_RATE_LIMIT": "0"})
    idle: list[socket.socket] = []
    slow: list[socket.socket] = []
    stalled: socket.socket | None = None
    stop = threading.Event()
    try:
        web.wait_ready()
        idle = [_connect(web.port) for _ in range(IDLE)]
        slow = [_connect(web.port) for _ in range(SLOW)]
        for sock in slow:
            sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: srm\r\n")
        # And one whose headers arrive but whose body never does.
        stalled = _connect(web.port)
        idle.append(stalled)
        stalled.sendall(
            b"POST /slack/events HTTP/1.1\r\nHost: srm\r\nContent-Length: 100\r\n"
            b"X-Slack-Request-Timestamp: 1700000000\r\nX-Slack-Signature: v0=00\r\n\r\n"
        )

        def trickle() -> None:  # one header line per connection every 3 s, until stopped
            n = 0
            while not stop.wait(HEADER_EVERY) and n < 20:
                n += 1
                for sock in slow:
                    with contextlib.suppress(OSError):
                        sock.sendall(f"X-Slow-{n}: {'a' * 20}\r\n".encode())

        trickler = threading.Thread(target=trickle, daemon=True)
        trickler.start()

        sender = SlackSender(web.base)

        def command(n: int) -> tuple[int, float, bool]:
            reply = sender.command(
                "who patches RDS?", fake_slack.response_url(f"c{n}"), user_id=f"U0SLOW{n:04d}"
            )
            has_card = reply.status == 200 and bool(reply.json().get("blocks"))
            return reply.status, reply.seconds, has_card

        def healthz(_: int) -> tuple[int, float]:
            reply = get(web.base, "/healthz", timeout=10)
            return reply.status, reply.seconds

        with ThreadPoolExecutor(max_workers=THREADS + 2) as pool:
            health = pool.map(healthz, range(5), timeout=60)
            results = list(pool.map(command, range(COMMANDS), timeout=60))
            health = list(health)

        # Every slow and idle client was still connected while the commands were answered.
        assert sum(_open(s) for s in idle) == IDLE + 1
        assert sum(_open(s) for s in slow) == SLOW

        assert [status for status, _, _ in results] == [200] * COMMANDS
        assert all(card for _, _, card in results)
        seconds = sorted(s for _, s, _ in results)
        p99 = seconds[min(len(seconds) - 1, round(0.99 * len(seconds)))]
        assert p99 < 3.0, seconds
        assert [status for status, _ in health] == [200] * 5
        assert max(s for _, s in health) < 2.0, health

        # The read timeouts: the server closes connections that never finish their headers.
        stop.set()
        deadline = time.monotonic() + 30
        idle.remove(stalled)
        assert all(_closed_by_server(s, deadline) for s in slow + idle)
        # The stalled body: answered 408 once the read timeout passed.
        stalled.settimeout(30)
        assert stalled.recv(4096).startswith(b"HTTP/1.1 408 ")
    finally:
        stop.set()
        for sock in [*idle, *slow, stalled]:
            if sock is not None:
                sock.close()
        web.terminate()
    assert "MonkeyPatchWarning" not in web.output()


def test_gevent_workers_run_lazy_listeners_web_api_calls_and_the_knowledge_refresh(
    slack_env: dict, fake_slack, knowledge_copy
) -> None:
    """A mention is acknowledged, then answered by a lazy listener (Bolt's thread pool, a greenlet
    pool once gevent has patched threading) calling chat.postMessage over patched sockets; newly
    loaded knowledge is picked up by the background refresh; gevent patched the standard library
    before srm's modules were imported (no MonkeyPatchWarning)."""
    from bot.knowledge.load import load_into
    from bot.store.db import make_engine
    from tests.store.test_load import edited_copy

    web = WebProcess({**slack_env, "PYTHONWARNINGS": "always::Warning:gevent.monkey"})
    try:
        web.wait_ready()
        event = payload("app_mention")
        assert SlackSender(web.base).event(event).status == 200
        (post,) = fake_slack.wait_api("chat.postMessage")
        assert post.body["thread_ts"] == event["event"]["ts"]
        assert post.body["blocks"]

        before = get(web.base, "/healthz").json()["knowledge"]
        engine = make_engine(slack_env["DATABASE_URL"])
        load_into(engine, edited_copy(knowledge_copy))
        engine.dispose()
        deadline = time.monotonic() + 30
        while get(web.base, "/healthz").json()["knowledge"] == before:
            assert time.monotonic() < deadline, "the new knowledge was not picked up"
            time.sleep(0.2)  # polling interval, not synchronisation
    finally:
        web.terminate()
    assert "MonkeyPatchWarning" not in web.output()
