"""Running the Procfile's own `web:` command (gunicorn), or `srm serve`, on a loopback port.

The command is read from the Procfile and run by bash as a platform would, with PORT set and the
bind address narrowed to 127.0.0.1. Its stderr is read line by line on a thread, so a test can
wait for a line (with a deadline) or count them after the process ended.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from tests.slack.client import get

ROOT = Path(__file__).resolve().parents[2]


def web_command() -> str:
    for line in (ROOT / "Procfile").read_text(encoding="utf-8").splitlines():
        if line.startswith("web:"):
            return line.removeprefix("web:").strip()
    raise AssertionError("the Procfile has no web: process")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# gunicorn's own log lines: "[2026-01-01 00:00:00 +0000] [123] [INFO] …".
GUNICORN_LINE = re.compile(r"\[\d{4}-\d\d-\d\d [^\]]{1,40}\] \[\d{1,10}\] \[[A-Z]{1,10}\] ")


class LoggedProcess:
    """A child process whose output (stdout and stderr) is read line by line on a thread."""

    base: str  # http://127.0.0.1:PORT of the server it runs

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        bin_dir = str(Path(sys.executable).parent)  # the gunicorn and srm of this environment
        full_env = {**os.environ, **env, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
        self.proc = subprocess.Popen(
            argv,
            cwd=ROOT,
            env=full_env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._pump, daemon=True)
        self._reader.start()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line)
            self._queue.put(line)
        self._queue.put(None)

    def wait_line(self, needle: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no line with {needle!r} in {timeout} s: {self.output()}")
            try:
                line = self._queue.get(timeout=left)
            except queue.Empty:
                continue
            if line is None:
                raise AssertionError(f"process ended before {needle!r}: {self.output()}")
            if needle in line:
                return line

    def wait_ready(self, timeout: float = 60.0) -> None:
        """Until /healthz answers 200 (the server, or gunicorn's workers, are up), or the
        deadline."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"exited {self.proc.returncode}: {self.output()}")
            try:
                if get(self.base, "/healthz", timeout=2).status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)  # polling interval, not synchronisation
        raise AssertionError(f"not ready in {timeout} s: {self.output()}")

    def wait_exit(self, timeout: float = 60.0) -> int:
        code = self.proc.wait(timeout=timeout)
        self._reader.join(timeout=5)
        return code

    def terminate(self, timeout: float = 30.0) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.wait_exit(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.wait_exit(10)

    def output(self) -> str:
        return "".join(self.lines)

    def own_lines(self) -> list[str]:
        """What srm printed: every line that is not gunicorn's own log line."""
        return [line for line in self.lines if not GUNICORN_LINE.match(line)]


class WebProcess(LoggedProcess):
    """The Procfile's web command on a free loopback port."""

    def __init__(self, env: dict[str, str], extra_args: str = "") -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        command = web_command().replace("0.0.0.0", "127.0.0.1")
        assert "127.0.0.1:${PORT" in command, command
        if extra_args:  # gunicorn options go before the app, which is the last word
            head, app = command.rsplit(" ", 1)
            command = f"{head} {extra_args} {app}"
        super().__init__(["bash", "-c", f"exec {command}"], {**env, "PORT": str(self.port)})


class ServeProcess(LoggedProcess):
    """`srm serve` on a free loopback port."""

    def __init__(self, env: dict[str, str]) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        argv = [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1"]
        super().__init__([*argv, "--port", str(self.port)], env)
