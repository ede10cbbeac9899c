"""One structured log line per request, with a request id; no tokens, secrets or raw user ids."""

from __future__ import annotations

import http.client
import json
import logging
from collections.abc import Iterator

import pytest

from bot.ops.logs import JsonFormatter, mask, setup_logging
from tests.slack.client import SIGNING_SECRET, payload
from tests.slack.conftest import BOT_TOKEN

RAW_USERS = ("U0ASKER001", "U0LOGUSER")


@pytest.fixture
def json_logs(capsys, monkeypatch) -> Iterator[None]:
    monkeypatch.setenv("LOG_FORMAT", "json")
    root = logging.getLogger()
    level = root.level
    setup_logging()
    yield
    for handler in [h for h in root.handlers if getattr(h, "_srm", False)]:
        root.removeHandler(handler)
    root.setLevel(level)


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_one_json_line_per_request_with_a_request_id(json_logs, slack, fake_slack, capsys):
    assert slack.command("who patches RDS?").status == 200
    assert slack.command("how do I bake bread?").status == 200
    event = payload("app_mention")
    event["event"].update(user="U0LOGUSER", text="<@U0SRMBOT> who encrypts S3 objects?")
    assert slack.event(event).status == 200
    assert slack.event(event, retry=1).status == 200
    fake_slack.wait_api("chat.postMessage")
    host, port = slack.base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.request("GET", "/healthz", headers={"X-Request-Id": "probe-42"})
    reply = conn.getresponse()
    reply.read()
    conn.close()
    assert reply.getheader("X-Request-Id") == "probe-42"
    slack.drain()

    err = capsys.readouterr().err
    lines = json_lines(err)  # every line is JSON
    requests = [line for line in lines if line["logger"] == "srm.request"]
    assert len(requests) == 5
    assert len({r["request_id"] for r in requests}) == 5
    commands = [r for r in requests if r.get("slack") == "command:/srm"]
    assert [(c["intent"], c["unknown"], c["status"]) for c in commands] == [
        ("who", False, 200),
        ("unknown", True, 200),
    ]
    events = [r for r in requests if r.get("slack") == "event:app_mention"]
    assert len(events) == 2 and events[1]["slack_retry"] == "1" and events[1]["deduplicated"]
    assert requests[-1]["request_id"] == "probe-42" and requests[-1]["path"] == "/healthz"
    for secret in (BOT_TOKEN, SIGNING_SECRET, *RAW_USERS):
        assert secret not in err


def test_text_logs_and_tokens_are_masked(capsys, monkeypatch) -> None:
    assert mask(f"token {BOT_TOKEN} and xapp-1-A0-123-abc") == "token xoxb-*** and xapp-***"
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "sent %s", (BOT_TOKEN,), None)
    from bot.ops.logs import _Context

    _Context().filter(record)
    assert BOT_TOKEN not in JsonFormatter().format(record)
