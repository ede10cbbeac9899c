"""A fake Slack Web API: a real HTTP server on a free loopback port that records every call.

It answers the Web API methods srm uses (`POST /api/<method>`) and the response_url endpoints
(`POST /response/<name>`), and lets a test wait, with a bounded timeout, until the calls it
expects have arrived.
"""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

BOT_USER_ID = "U0SRMBOT"
BOT_ID = "B0SRMBOT"
TEAM_ID = "T0SRMTEAM"


@dataclass(frozen=True)
class Call:
    kind: str  # "api" or "response_url"
    name: str  # the Web API method, or the response_url's name
    body: dict
    headers: dict


class FakeSlack:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        # Injected failures: method -> [(status, headers), ...], each answered once, in order.
        self.failures: dict[str, list[tuple[int, dict[str, str]]]] = {}
        # Slack's own refusals: method -> ["not_in_channel", ...], each answered once, in order,
        # as Slack does (HTTP 200, {"ok": false, "error": ...}).
        self.errors: dict[str, list[str]] = {}
        self._changed = threading.Condition()
        self._ts = itertools.count(1)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    @property
    def api_url(self) -> str:
        return self.base + "/api/"

    def response_url(self, name: str) -> str:
        return f"{self.base}/response/{name}"

    def fail(self, method: str, status: int, times: int = 1, **headers: str) -> None:
        """Answer the next `times` calls of `method` with HTTP `status` (e.g. 500, or 429 with
        Retry_After="1"; underscores in header names become dashes)."""
        named = {k.replace("_", "-"): v for k, v in headers.items()}
        with self._changed:
            self.failures.setdefault(method, []).extend([(status, named)] * times)

    def refuse(self, method: str, error: str, times: int = 1) -> None:
        """Answer the next `times` calls of `method` with Slack's `{"ok": false, "error": …}`
        (e.g. chat.postMessage with "not_in_channel", "channel_not_found", "is_archived")."""
        with self._changed:
            self.errors.setdefault(method, []).extend([error] * times)

    def _next_error(self, method: str) -> str | None:
        with self._changed:
            queued = self.errors.get(method)
            return queued.pop(0) if queued else None

    def _next_failure(self, method: str) -> tuple[int, dict[str, str]] | None:
        with self._changed:
            queued = self.failures.get(method)
            return queued.pop(0) if queued else None

    def start(self) -> FakeSlack:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def record(self, call: Call) -> None:
        with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    def api_calls(self, method: str | None = None) -> list[Call]:
        with self._changed:
            return [
                c for c in self.calls if c.kind == "api" and (method is None or c.name == method)
            ]

    def responses(self, name: str | None = None) -> list[Call]:
        with self._changed:
            return [
                c
                for c in self.calls
                if c.kind == "response_url" and (name is None or c.name == name)
            ]

    def posts(self) -> list[Call]:
        """Messages srm sent: chat.postMessage calls and response_url posts."""
        return self.api_calls("chat.postMessage") + [
            c for c in self.responses() if not c.body.get("delete_original")
        ]

    def wait_for(
        self, predicate: Callable[[list[Call]], bool], timeout: float = 15.0, what: str = ""
    ) -> list[Call]:
        """Block until predicate(calls) holds; fail the test after `timeout` seconds."""
        with self._changed:
            if not self._changed.wait_for(lambda: predicate(self.calls), timeout=timeout):
                names = [(c.kind, c.name) for c in self.calls]
                raise AssertionError(f"timed out waiting for {what or predicate}; got {names}")
            return list(self.calls)

    def wait_api(self, method: str, count: int = 1, timeout: float = 15.0) -> list[Call]:
        self.wait_for(
            lambda calls: sum(c.kind == "api" and c.name == method for c in calls) >= count,
            timeout,
            f"{count} × {method}",
        )
        return self.api_calls(method)

    def wait_responses(self, name: str, count: int = 1, timeout: float = 15.0) -> list[Call]:
        self.wait_for(
            lambda calls: sum(c.kind == "response_url" and c.name == name for c in calls) >= count,
            timeout,
            f"{count} × response_url {name}",
        )
        return self.responses(name)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                body = _parse(raw, self.headers.get("Content-Type", ""))
                headers = {k.lower(): v for k, v in self.headers.items()}
                parts = self.path.split("?")[0].strip("/").split("/")
                if len(parts) == 2 and parts[0] == "api":
                    fake.record(Call("api", parts[1], body, headers))
                    failure = fake._next_failure(parts[1])
                    if failure is not None:
                        self._send({"ok": False, "error": "injected"}, *failure)
                        return
                    error = fake._next_error(parts[1])
                    if error is not None:
                        self._send({"ok": False, "error": error})
                        return
                    self._send(fake._api_reply(parts[1], body))
                elif len(parts) == 2 and parts[0] == "response":
                    fake.record(Call("response_url", parts[1], body, headers))
                    self._send({"ok": True})
                else:
                    self._send({"ok": False, "error": "unknown_path"}, status=404)

            def _send(
                self, payload: dict, status: int = 200, extra: dict[str, str] | None = None
            ) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                for name, value in (extra or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler

    def _api_reply(self, method: str, body: dict) -> dict:
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://srm-test.slack.com/",
                "team": "srm test",
                "user": "srm",
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "bot_id": BOT_ID,
                "is_enterprise_install": False,
            }
        if method == "chat.postMessage":
            ts = f"1700000000.{next(self._ts):06d}"
            return {"ok": True, "channel": body.get("channel"), "ts": ts, "message": body}
        if method == "chat.getPermalink":
            # Slack's form: https://WORKSPACE.slack.com/archives/CHANNEL/pTS (ts without its dot).
            channel, ts = body.get("channel", ""), str(body.get("message_ts", ""))
            link = f"https://srm-test.slack.com/archives/{channel}/p{ts.replace('.', '')}"
            return {"ok": True, "channel": channel, "permalink": link}
        if method == "views.publish":
            return {"ok": True, "view": {"id": "V0001", **(body.get("view") or {})}}
        return {"ok": True}


def _parse(raw: bytes, content_type: str) -> dict:
    text = raw.decode("utf-8")
    if "json" in content_type:
        return json.loads(text or "{}")
    form = dict(parse_qsl(text))
    # slack_sdk sends some arguments (blocks, view) as JSON strings inside form bodies.
    for key in ("blocks", "view"):
        if isinstance(form.get(key), str):
            form[key] = json.loads(form[key])
    return form
