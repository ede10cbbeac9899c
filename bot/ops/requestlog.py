"""One structured log line per HTTP request, with a request id, and HTTP metrics.

Code that runs in the request thread adds fields to the line with `annotate(...)` (the Slack
payload kind, the intent answered, a rate limit, a dropped redelivery). The line never carries
tokens, signing secrets or raw user ids: only what is annotated and the request's method, path,
status and duration. Method, path and header values are the client's: they are cut short here,
and the text formatter (bot.ops.logs) shows their control characters as escapes.
"""

from __future__ import annotations

import contextvars
import logging
import re
import time
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from bot.ops import metrics
from bot.ops.logs import EXTRA, request_id

log = logging.getLogger("srm.request")

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict, StartResponse], Iterable[bytes]]

_fields: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "srm_request_fields", default=None
)
_INCOMING_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
KNOWN_ROUTES = frozenset({"/slack/events", "/healthz", "/metrics"})


def annotate(**fields: Any) -> None:
    """Add fields to the current request's log line (no-op outside a request)."""
    current = _fields.get()
    if current is not None:
        current.update(fields)


def new_request_id(environ: dict) -> str:
    incoming = (environ.get("HTTP_X_REQUEST_ID") or "").strip()
    return incoming if _INCOMING_ID.match(incoming) else uuid.uuid4().hex[:16]


class RequestLogger:
    """Wraps a WSGI app; adds `X-Request-Id` to every response."""

    def __init__(self, app: WsgiApp) -> None:
        self.app = app

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        rid = new_request_id(environ)
        id_token = request_id.set(rid)
        fields: dict[str, Any] = {}
        fields_token = _fields.set(fields)
        status: list[str] = []

        def observed_start(code: str, headers: list, exc_info: Any = None) -> Any:
            status[:] = [code]
            return start_response(code, [*headers, ("X-Request-Id", rid)], exc_info)

        start = time.perf_counter()
        try:
            result = self.app(environ, observed_start)
            body = list(result)
            close = getattr(result, "close", None)
            if close is not None:
                close()
            return body
        except Exception:
            status[:] = ["500 Internal Server Error"]
            log.exception("request failed")
            raise
        finally:
            self._log(environ, rid, status, fields, time.perf_counter() - start)
            _fields.reset(fields_token)
            request_id.reset(id_token)

    @staticmethod
    def _log(environ: dict, rid: str, status: list[str], fields: dict, seconds: float) -> None:
        path = environ.get("PATH_INFO", "") or "/"
        code = status[0].split(" ", 1)[0] if status else "000"
        route = path if path in KNOWN_ROUTES else "other"
        metrics.HTTP_REQUESTS.labels(route=route, status=code).inc()
        line = {
            "request_id": rid,
            "method": str(environ.get("REQUEST_METHOD", "GET"))[:16],
            "path": path if path in KNOWN_ROUTES else path[:100],
            "status": int(code) if code.isdigit() else code,
            "duration_ms": round(seconds * 1000, 1),
        }
        retry = environ.get("HTTP_X_SLACK_RETRY_NUM")
        if retry:
            line["slack_retry"] = retry[:8]
        line.update(fields)
        log.info("%s %s %s", line["method"], line["path"], code, extra={EXTRA: line})
