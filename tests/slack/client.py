"""Sending requests to the app as Slack does: signed (v0 HMAC) form or JSON bodies over HTTP."""

from __future__ import annotations

import copy
import http.client
import json
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

PAYLOADS = Path(__file__).resolve().parent / "payloads"
SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


def payload(name: str) -> dict:
    """A fresh copy of a recorded payload from tests/slack/payloads/NAME.json."""
    return copy.deepcopy(json.loads((PAYLOADS / f"{name}.json").read_text(encoding="utf-8")))


def signature_headers(
    body: bytes, secret: str = SIGNING_SECRET, timestamp: int | str | None = None
) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature or ""}


@dataclass
class Response:
    status: int
    body: bytes
    seconds: float

    def json(self) -> dict:
        return json.loads(self.body.decode("utf-8"))


def post(
    base: str, path: str, body: bytes, headers: dict[str, str], timeout: float = 30.0
) -> Response:
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
    start = time.perf_counter()
    try:
        conn.request("POST", path, body=body, headers={"Connection": "close", **headers})
        reply = conn.getresponse()
        data = reply.read()
        return Response(reply.status, data, time.perf_counter() - start)
    finally:
        conn.close()


def get(base: str, path: str, timeout: float = 30.0) -> Response:
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
    start = time.perf_counter()
    try:
        conn.request("GET", path, headers={"Connection": "close"})
        reply = conn.getresponse()
        return Response(reply.status, reply.read(), time.perf_counter() - start)
    finally:
        conn.close()


def form_body(fields: dict) -> bytes:
    return urlencode(fields).encode("utf-8")


def action_body(action_payload: dict) -> bytes:
    return urlencode({"payload": json.dumps(action_payload)}).encode("utf-8")


def json_body(event_payload: dict) -> bytes:
    return json.dumps(event_payload).encode("utf-8")


FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


class SlackSender:
    """Signs and posts payloads to one running app's /slack/events."""

    def __init__(self, base: str, secret: str = SIGNING_SECRET) -> None:
        self.base = base
        self.secret = secret

    def send(self, body: bytes, content_type: str, extra: dict[str, str] | None = None) -> Response:
        headers = {"Content-Type": content_type, **signature_headers(body, self.secret)}
        return post(self.base, "/slack/events", body, {**headers, **(extra or {})})

    def command(self, text: str, response_url: str, **fields: str) -> Response:
        data = payload("slash_command")
        data.update(text=text, response_url=response_url, **fields)
        return self.send(form_body(data), FORM)

    def event(self, data: dict, retry: int | None = None) -> Response:
        extra = {}
        if retry is not None:
            extra = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
        return self.send(json_body(data), JSON, extra)

    def action(self, data: dict) -> Response:
        return self.send(action_body(data), FORM)
