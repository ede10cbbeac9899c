"""`srm serve` as a user runs it: HTTP on a port, and Socket Mode through SLACK_API_URL."""

from __future__ import annotations

import os
import queue
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.slack.client import SlackSender, get, payload
from tests.slack.conftest import BOT_TOKEN


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def serve(slack_env: dict, tmp_path: Path) -> Iterator:
    started: list[subprocess.Popen] = []

    def run(*args: str, env: dict | None = None) -> tuple[subprocess.Popen, queue.Queue]:
        full_env = {**os.environ, **slack_env, "HOME": str(tmp_path), **(env or {})}
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve", *args],
            env=full_env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        started.append(proc)
        lines: queue.Queue = queue.Queue()

        def pump() -> None:
            assert proc.stderr is not None
            for line in proc.stderr:
                lines.put(line)
            lines.put(None)

        threading.Thread(target=pump, daemon=True).start()
        return proc, lines

    yield run
    for proc in started:
        proc.terminate()
        proc.wait(timeout=10)


def wait_for_line(lines: queue.Queue, needle: str, timeout: float = 30.0) -> str:
    seen = []
    while True:
        line = lines.get(timeout=timeout)
        if line is None:
            raise AssertionError(f"process ended before {needle!r}: {''.join(seen)}")
        seen.append(line)
        if needle in line:
            return line


def test_srm_serve_answers_over_http(serve, fake_slack) -> None:
    port = _free_port()
    _, lines = serve("--host", "127.0.0.1", "--port", str(port))
    wait_for_line(lines, "listening")
    base = f"http://127.0.0.1:{port}"
    health = get(base, "/healthz")
    assert health.status == 200 and health.json()["knowledge"]
    reply = SlackSender(base).command("who patches RDS?", fake_slack.response_url("x"))
    assert reply.status == 200 and reply.json()["blocks"]
    assert BOT_TOKEN not in "".join(list(lines.queue))


def test_srm_serve_reads_port_from_the_environment(serve) -> None:
    port = _free_port()
    _, lines = serve("--host", "127.0.0.1", env={"PORT": str(port)})
    wait_for_line(lines, f":{port}/slack/events")
    assert get(f"http://127.0.0.1:{port}", "/healthz").status == 200


def test_socket_mode_connects_through_slack_api_url(serve, fake_slack) -> None:
    serve("--socket-mode", env={"SLACK_APP_TOKEN": "xapp-1-A0SRMAPP01-1234-apptokenvalue"})
    (call,) = fake_slack.wait_api("apps.connections.open")[:1]
    assert call.headers["authorization"] == "Bearer xapp-1-A0SRMAPP01-1234-apptokenvalue"


def _two_processes(serve, env: dict | None = None) -> list[SlackSender]:
    senders = []
    for _ in range(2):
        port = _free_port()
        _, lines = serve("--host", "127.0.0.1", "--port", str(port), env=env)
        wait_for_line(lines, "listening")
        senders.append(SlackSender(f"http://127.0.0.1:{port}"))
    return senders


def _at_once(senders: list[SlackSender], event: dict, retry: int | None) -> list[int]:
    statuses: list[int] = []

    def send(sender: SlackSender) -> None:
        statuses.append(sender.event(event, retry=retry).status)

    threads = [threading.Thread(target=send, args=(s,)) for s in senders]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return statuses


def _answered_once_across_processes(senders: list[SlackSender], fake_slack) -> None:
    """The same event (and Slack's retries of it) to both processes; then a different event to
    each, whose answers mark that both have finished with the first."""
    event = payload("app_mention")
    for retry in (None, 1, 2):
        assert _at_once(senders, event, retry) == [200, 200]
    for n, sender in enumerate(senders):
        marker = payload("app_mention")
        marker["event_id"] = f"Ev0MARKER{n}"
        marker["event"].update(ts=f"1700000200.00000{n + 1}", text="<@U0SRMBOT> s3")
        assert sender.event(marker).status == 200
    fake_slack.wait_api("chat.postMessage", count=3)
    posts = fake_slack.api_calls("chat.postMessage")
    thread = event["event"]["ts"]
    assert sum(1 for c in posts if c.body.get("thread_ts") == thread) == 1


def test_two_srm_processes_on_one_sqlite_file_answer_an_event_once(serve, fake_slack) -> None:
    _answered_once_across_processes(_two_processes(serve), fake_slack)


@pytest.mark.postgres
def test_two_srm_processes_on_one_postgres_database_answer_an_event_once(
    serve, fake_slack, loaded_postgres: str
) -> None:
    senders = _two_processes(serve, env={"DATABASE_URL": loaded_postgres})
    _answered_once_across_processes(senders, fake_slack)


def test_socket_mode_with_an_app_token_slack_refuses_is_one_line(serve, fake_slack) -> None:
    # What Slack answers apps.connections.open for a revoked or mistyped app token.
    reply = fake_slack._api_reply
    fake_slack._api_reply = lambda method, body: (
        {"ok": False, "error": "invalid_auth"}
        if method == "apps.connections.open"
        else reply(method, body)
    )
    proc, lines = serve("--socket-mode", env={"SLACK_APP_TOKEN": "xapp-1-A0SRMAPP01-1-revoked"})
    assert proc.wait(timeout=60) == 1
    out = []
    while (line := lines.get(timeout=10)) is not None:
        out.append(line)
    assert len(out) == 1, "".join(out)
    assert out[0].startswith("srm: Slack refused SLACK_APP_TOKEN")
    assert "invalid_auth" in out[0] and "revoked" not in out[0]
    assert fake_slack.api_calls("apps.connections.open")


def test_ctrl_c_during_start_up_is_one_line_without_a_traceback(serve, fake_slack) -> None:
    import signal

    # Start-up waits in auth.test (the token check) until the test has pressed Ctrl-C.
    pressed = threading.Event()
    reply = fake_slack._api_reply

    def slow(method: str, body: dict) -> dict:
        if method == "auth.test":
            pressed.wait(30)
        return reply(method, body)

    fake_slack._api_reply = slow
    proc, lines = serve("--host", "127.0.0.1", "--port", str(_free_port()))
    try:
        fake_slack.wait_api("auth.test", timeout=60)
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=60) == 130
    finally:
        pressed.set()
    out = []
    while (line := lines.get(timeout=10)) is not None:
        out.append(line)
    assert out == ["srm: interrupted\n"], "".join(out)
