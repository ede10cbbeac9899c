"""gunicorn settings of the Procfile's web process (`gunicorn -c python:bot.slack.gunicorn_conf`).

- **Slow and idle clients**: gevent workers (one greenlet per connection, up to
  `worker_connections` each), the request line and headers bounded by `keepalive` seconds and
  every later read by SRM_READ_TIMEOUT (bot.slack.gevent_worker).
- **One line on a bad start**: the master checks the settings, Slack and the store once, in a
  child process, before it binds or forks (`on_starting`); a worker that still fails to boot exits
  with gunicorn's boot-error code, which stops the master instead of respawning it.
- **SIGTERM**: each worker writes its queued query-log records before it exits (`worker_exit`).
- **Metrics across workers**: prometheus_client's multiprocess mode; PROMETHEUS_MULTIPROC_DIR is
  made (or emptied) at start and a dead worker's live files are removed (`child_exit`).

Nothing of srm is imported here, at module level or in the master's hooks: gevent patches the
standard library in each worker before the app's modules are imported.
Command-line options override these values (`--workers 4`, `--keep-alive 10`, …).
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

worker_class = "bot.slack.gevent_worker.ReadTimeoutGeventWorker"
if not os.environ.get("WEB_CONCURRENCY"):  # when set, gunicorn reads it itself
    workers = 2
worker_connections = 1000  # per worker: idle and slow clients cost a greenlet each
keepalive = 5  # seconds for a request's line and headers (and between kept-alive requests)
timeout = 30  # a worker whose loop is stuck this long is restarted
graceful_timeout = 15  # in-flight requests, then the query log's drain (5 s), after SIGTERM
# Stated, though they are gunicorn's defaults: what a request's head may hold.
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
accesslog = None  # srm logs one line per request itself (bot.ops.requestlog)

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
_made_dir: str | None = None


def _metrics_dir() -> None:
    """A directory for prometheus_client's per-process files, empty at start (its docs)."""
    global _made_dir
    path = os.environ.get(MULTIPROC_ENV, "").strip()
    if not path:
        _made_dir = path = tempfile.mkdtemp(prefix="srm-metrics-")
        os.environ[MULTIPROC_ENV] = path
    Path(path).mkdir(parents=True, exist_ok=True)
    for stale in Path(path).glob("*.db"):  # files of an earlier run
        stale.unlink(missing_ok=True)


def on_starting(server: Any) -> None:
    _metrics_dir()
    status = subprocess.call(
        [sys.executable, "-m", "bot.slack.preflight"], stdin=subprocess.DEVNULL
    )
    if status != 0:  # the child printed the one line saying why
        on_exit(server)
        sys.exit(status)


def worker_exit(server: Any, worker: Any) -> None:
    """In the worker, after its last request: write the query log's queue (bounded)."""
    from bot.ops.querylog import drain_all

    drain_all()


def child_exit(server: Any, worker: Any) -> None:
    """A worker died: remove its live gauges, as prometheus_client's mark_process_dead does.

    Done with the standard library, not by importing prometheus_client here: gunicorn calls this
    from its SIGCHLD handler, and a second worker's exit during that first import re-entered it
    and found the module half imported (seen in CI)."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not folder:
        return
    for path in glob.glob(os.path.join(folder, f"gauge_live*_{worker.pid}.db")):
        with contextlib.suppress(OSError):  # already gone
            os.remove(path)


def on_exit(server: Any) -> None:
    if _made_dir is not None:
        shutil.rmtree(_made_dir, ignore_errors=True)
