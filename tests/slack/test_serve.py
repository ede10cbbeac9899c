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

from tests.slack.client import SlackSender, get
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
