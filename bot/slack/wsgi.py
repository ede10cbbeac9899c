"""The WSGI app gunicorn serves: `POST /slack/events` for Bolt, `GET /healthz`, extra routes.

It checks what Bolt's stock adapter gets wrong before Bolt sees the request: missing signature
headers and a bad signature (401), a non-numeric timestamp (Bolt: 500) and a body that is not
UTF-8 (Bolt's WSGI adapter: 500) become clean 4xx answers, and the server keeps serving.

    gunicorn 'bot.slack.wsgi:create_app()'     # settings and store from the environment
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import logging
import time
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.ops.health import health
from bot.ops.metrics import metrics_app
from bot.ops.requestlog import RequestLogger
from bot.runtime import Srm
from bot.slack.payload import problem
from bot.slack.settings import SlackSettings

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
MAX_BODY = 1_000_000  # Slack's payloads are a few kB; this bounds what a stranger can make us read
MAX_CLOCK_SKEW = 60 * 5

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict, StartResponse], Iterable[bytes]]

# Routes other modules add (e.g. GET /metrics): (method, path) -> WSGI app.
extra_routes: dict[tuple[str, str], WsgiApp] = {}


def add_route(method: str, path: str, handler: WsgiApp) -> None:
    extra_routes[(method.upper(), path)] = handler


add_route("GET", "/metrics", metrics_app())


def _reply(
    start_response: StartResponse, status: str, body: dict | str, content_type: str | None = None
) -> list[bytes]:
    if isinstance(body, dict):
        data = json.dumps(body).encode()
        content_type = content_type or "application/json"
    else:
        data = body.encode()
        content_type = content_type or "text/plain; charset=utf-8"
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(data)))])
    return [data]


class SlackWsgiApp:
    def __init__(self, app: App, srm: Srm, signing_secret: str) -> None:
        self.bolt = SlackRequestHandler(app, path=EVENTS_PATH)
        self.srm = srm
        if not signing_secret:
            raise ValueError("the HTTP app needs a signing secret")
        self.secret = signing_secret.encode("utf-8")
        # One log line per request, with a request id (bot.ops.requestlog).
        self.observed = RequestLogger(self.route)

    def valid_signature(self, body: bytes, timestamp: str, signature: str) -> bool:
        """Slack's v0 HMAC over the raw bytes (slack_sdk's verifier decodes them first, and
        raises on a body that is not UTF-8)."""
        base = b"v0:" + timestamp.encode("ascii") + b":" + body
        expected = "v0=" + hmac.new(self.secret, base, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace"))

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        return self.observed(environ, start_response)

    def route(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET").upper()
        path = environ.get("PATH_INFO", "") or "/"
        if path == EVENTS_PATH:
            if method != "POST":
                return _reply(start_response, "405 Method Not Allowed", "POST only")
            return self.slack_events(environ, start_response)
        if path == "/healthz" and method in ("GET", "HEAD"):
            return self.healthz(start_response)
        handler = extra_routes.get((method, path))
        if handler is not None:
            return handler(environ, start_response)
        return _reply(start_response, "404 Not Found", "Not Found")

    def healthz(self, start_response: StartResponse) -> list[bytes]:
        """200 `ok`, 200 `degraded` (store down, the in-memory index answers), or 503 (cannot
        answer at all); never waits on the store (bot.ops.health)."""
        code, body = health(self.srm)
        status = "200 OK" if code == 200 else "503 Service Unavailable"
        return _reply(start_response, status, body)

    def slack_events(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        timestamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", "").strip()
        signature = environ.get("HTTP_X_SLACK_SIGNATURE", "").strip()
        if not timestamp or not signature:
            if _is_ssl_check(environ):
                # Slack checks the command URL's certificate with an unsigned `ssl_check=1`;
                # Bolt answers it 200 before verifying signatures, and so does srm.
                return _reply(start_response, "200 OK", "")
            return _reply(start_response, "401 Unauthorized", "missing Slack signature headers")
        # Slack's timestamps are Unix seconds; a longer run of digits is no timestamp (and would
        # overflow the clock arithmetic below).
        if not (timestamp.isascii() and timestamp.isdigit()) or len(timestamp) > 12:
            return _reply(start_response, "400 Bad Request", "malformed request timestamp")
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _reply(start_response, "400 Bad Request", "malformed Content-Length")
        if length < 0 or length > MAX_BODY:
            return _reply(start_response, "413 Content Too Large", "body too large")
        try:
            body = environ["wsgi.input"].read(length) if length else b""
        except OSError:  # the server's read timeout (bot.slack.gevent_worker), or a reset
            return _reply(start_response, "408 Request Timeout", "body not received in time")
        if abs(time.time() - int(timestamp)) > MAX_CLOCK_SKEW:
            return _reply(start_response, "401 Unauthorized", "stale request")
        if not self.valid_signature(body, timestamp, signature):
            return _reply(start_response, "401 Unauthorized", "invalid signature")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return _reply(start_response, "400 Bad Request", "body is not UTF-8")
        parsed = _parsed(text, environ.get("CONTENT_TYPE", ""))
        if parsed is None:
            return _reply(start_response, "400 Bad Request", "body is not a Slack payload")
        wrong = problem(parsed)
        if wrong:
            return _reply(start_response, "400 Bad Request", f"not a Slack payload: {wrong}")
        # Bolt reads the body again (and verifies the signature again, harmlessly).
        environ = {**environ, "wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body))}
        return self.bolt(environ, start_response)


def _parsed(text: str, content_type: str) -> dict | None:
    """A signed body as the object Bolt will see: a JSON object (events), a form whose
    `payload` is a JSON object (interactivity), or a plain form (commands); None for anything
    else, which Bolt would answer with a 500."""
    try:
        if "json" in content_type.lower():
            data = json.loads(text)
            return data if isinstance(data, dict) else None
        form = parse_qs(text)
        payload = form.get("payload")
        if payload is None:
            return {k: v[0] for k, v in form.items()}
        data = json.loads(payload[0])
        return data if isinstance(data, dict) else None
    except ValueError:
        return None


SSL_CHECK_MAX = 4096


def _is_ssl_check(environ: dict) -> bool:
    """Exactly Slack's SSL check: a small form body `ssl_check=1` (with, at most, the legacy
    `token`), nothing else; any other unsigned request is still refused."""
    if "json" in environ.get("CONTENT_TYPE", "").lower():
        return False
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    if not 0 < length <= SSL_CHECK_MAX:
        return False
    raw = environ["wsgi.input"].read(length)
    try:
        form = parse_qs(raw.decode("utf-8"), keep_blank_values=True, strict_parsing=True)
    except (UnicodeDecodeError, ValueError):
        return False
    return form.get("ssl_check") == ["1"] and set(form) <= {"ssl_check", "token"}


def build_wsgi_app(app: App, srm: Srm, signing_secret: str) -> SlackWsgiApp:
    return SlackWsgiApp(app, srm, signing_secret)


class StartupError(Exception):
    """The app cannot start (settings, Slack or store); the message is one line."""


def load_runtime() -> tuple[SlackSettings, Srm]:
    """Settings and store from the environment, checked (token verified with Slack)."""
    from bot.ops.logs import setup_logging
    from bot.ops.startup import open_store
    from bot.slack.settings import SettingsError, load_settings, verify_token
    from bot.store.db import StoreError
    from bot.store.migrate import NotReady

    setup_logging()
    try:
        settings = load_settings()
        verify_token(settings)
        return settings, open_store()
    except (SettingsError, StoreError, NotReady) as exc:
        raise StartupError(str(exc)) from None


def _drain_on_exit(srm: Srm) -> None:
    """Write the query log's queue when the process exits (gunicorn's worker ends with
    sys.exit after SIGTERM; the gunicorn config's worker_exit hook drains first)."""
    import atexit

    from bot.ops.querylog import DRAIN_SECONDS

    atexit.register(srm.close, DRAIN_SECONDS)


# gunicorn's arbiter stops (rather than respawning the worker) when a worker exits with this code
# while booting: one failed start is one line, not a crash loop.
WORKER_BOOT_ERROR = 3


def create_app() -> SlackWsgiApp:
    """gunicorn's factory: settings from the environment, one line and exit when they are wrong."""
    import sys

    from bot.slack.app import build_app

    try:
        settings, srm = load_runtime()
    except StartupError as exc:
        print(f"srm: {exc}", file=sys.stderr, flush=True)
        raise SystemExit(WORKER_BOOT_ERROR) from None
    _drain_on_exit(srm)
    return build_wsgi_app(build_app(srm, settings), srm, settings.signing_secret)
