"""Issue 10 item 13: a client cannot forge or colour a text log line (path, method, headers,
command names), and response_urls never reach a log line."""

from __future__ import annotations

import logging
import re
import socket
from collections.abc import Iterator

import pytest

from bot.ops.logs import mask, setup_logging
from tests.slack.client import FORM, form_body, payload, signature_headers

RECORD = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} [A-Z]+ ")
FORGED = "2026-01-01 00:00:00,000 INFO srm.request forged"


@pytest.fixture
def text_logs(monkeypatch) -> Iterator[None]:
    monkeypatch.setenv("LOG_FORMAT", "text")
    root = logging.getLogger()
    level = root.level
    setup_logging()
    yield
    for handler in [h for h in root.handlers if getattr(h, "_srm", False)]:
        root.removeHandler(handler)
    root.setLevel(level)


def raw_request(base: str, head: bytes, body: bytes = b"") -> bytes:
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as conn:
        conn.sendall(head + body)
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_text_log_lines_cannot_be_forged(text_logs, slack, capsys) -> None:
    path = b"/x%0D%0A" + FORGED.replace(" ", "%20").encode() + b"%1B[31m"
    raw_request(slack.base, b"GET " + path + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    raw_request(
        slack.base,
        b"G\x1b[2JET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    data = payload("slash_command")
    data["command"] = "/srm\r\n" + FORGED + "\x1b[31m"
    body = form_body(data)
    headers = {"Content-Type": FORM, **signature_headers(body)}
    headers["X-Slack-Retry-Num"] = "1\x1b[2J"
    head = b"POST /slack/events HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
    head += f"Content-Length: {len(body)}\r\n".encode()
    head += "".join(f"{k}: {v}\r\n" for k, v in headers.items()).encode("latin-1") + b"\r\n"
    raw_request(slack.base, head, body)
    slack.drain()

    err = capsys.readouterr().err
    assert "\x1b" not in err and "\r" not in err
    lines = err.splitlines()
    request_lines = [line for line in lines if line.split(" ")[3:4] == ["srm.request"]]
    assert len(request_lines) == 3, lines
    for line in lines:
        assert RECORD.match(line) or line.startswith("  "), line
        assert not line.startswith(FORGED), line
    assert any("\\x0d\\x0a" in line and "forged" in line for line in request_lines)
    assert any("\\x1b[2J" in line for line in request_lines)


def test_response_urls_are_masked_in_every_message() -> None:
    url = "https://hooks.slack.com/actions/T0SRMTEAM/1234567890123/abcdefghijklmnopqrstuvwx"
    text = mask(f"Sending a request - url: {url}, body: {{}}")
    assert "abcdefghijklmnopqrstuvwx" not in text and "T0SRMTEAM" not in text
    assert "https://hooks.slack.com/***" in text
