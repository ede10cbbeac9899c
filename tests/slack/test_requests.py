"""The WSGI wrapper: signatures, malformed requests, /healthz, extra routes."""

from __future__ import annotations

import hashlib
import hmac
import time

import pytest

from bot.slack import wsgi
from tests.slack.client import (
    FORM,
    JSON,
    SIGNING_SECRET,
    form_body,
    get,
    json_body,
    payload,
    post,
    signature_headers,
)


def command_body(response_url: str) -> bytes:
    data = payload("slash_command")
    data["response_url"] = response_url
    return form_body(data)


def assert_nothing_sent(slack, fake_slack) -> None:
    slack.drain()
    assert [c for c in fake_slack.calls if c.name != "auth.test"] == []


def _now() -> int:
    return int(time.time())


def signature_of(body: bytes) -> str:
    return signature_headers(body)["X-Slack-Signature"]


FORGERIES = {
    "none": lambda body: {},
    "no-signature": lambda body: {"X-Slack-Request-Timestamp": str(_now())},
    "no-timestamp": lambda body: {
        "X-Slack-Signature": signature_headers(body)["X-Slack-Signature"]
    },
    "wrong-body": lambda body: signature_headers(body + b"&text=other"),
    "wrong-secret": lambda body: signature_headers(body, secret="not-the-secret"),
    "garbage": lambda body: {
        "X-Slack-Request-Timestamp": str(_now()),
        "X-Slack-Signature": "v0=zz",
    },
    "stale": lambda body: signature_headers(body, timestamp=_now() - 6 * 60),
    "future": lambda body: signature_headers(body, timestamp=_now() + 6 * 60),
}


@pytest.mark.parametrize("forgery", FORGERIES)
def test_unsigned_forged_and_stale_requests_get_401_and_do_nothing(
    slack, fake_slack, forgery: str
) -> None:
    body = command_body(fake_slack.response_url("x"))
    headers = FORGERIES[forgery](body)
    response = post(slack.base, "/slack/events", body, {"Content-Type": FORM, **headers})
    assert response.status == 401
    assert_nothing_sent(slack, fake_slack)


def test_event_with_a_bad_signature_is_not_answered(slack, fake_slack) -> None:
    body = json_body(payload("app_mention"))
    headers = signature_headers(body, secret="forged")
    assert post(slack.base, "/slack/events", body, {"Content-Type": JSON, **headers}).status == 401
    assert_nothing_sent(slack, fake_slack)


@pytest.mark.parametrize(
    "timestamp", ["abc", "12.5", "-1", "\u00b2\u00b3", "1e9", " ", "9" * 400, "1" * 5000]
)
def test_non_numeric_timestamp_is_a_clean_4xx(slack, fake_slack, timestamp: str) -> None:
    body = command_body(fake_slack.response_url("x"))
    headers = {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": "v0=" + "a" * 64}
    response = post(slack.base, "/slack/events", body, {"Content-Type": FORM, **headers})
    assert 400 <= response.status < 500
    # The server keeps serving.
    assert slack.command("who patches RDS?").status == 200


def test_body_that_is_not_utf8_is_a_clean_4xx(slack, fake_slack) -> None:
    body = b"token=x&text=\xff\xfe\xfa&command=%2Fsrm"
    ts = str(int(time.time()))
    digest = hmac.new(SIGNING_SECRET.encode(), b"v0:" + ts.encode() + b":" + body, hashlib.sha256)
    headers = {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": "v0=" + digest.hexdigest()}
    response = post(slack.base, "/slack/events", body, {"Content-Type": FORM, **headers})
    assert 400 <= response.status < 500
    assert slack.command("who patches RDS?").status == 200
    assert [c for c in fake_slack.calls if c.name != "auth.test"] == []


@pytest.mark.parametrize(
    ("content_type", "raw"),
    [
        (JSON, b"{not json"),
        (JSON, b"[1, 2]"),
        (JSON, b'"a string"'),
        (FORM, b"payload=%7Bbad"),
        (FORM, b"payload=%5B1%5D"),
        (FORM, b"payload=null"),
    ],
)
def test_signed_body_of_the_wrong_shape_is_a_clean_4xx(
    slack, fake_slack, content_type: str, raw: bytes
) -> None:
    response = post(
        slack.base, "/slack/events", raw, {"Content-Type": content_type, **signature_headers(raw)}
    )
    assert response.status == 400
    assert slack.command("who patches RDS?").status == 200


def test_unknown_paths_and_methods(slack) -> None:
    assert get(slack.base, "/nope").status == 404
    assert get(slack.base, "/slack/events").status == 405


def test_healthz_reports_the_knowledge_version(slack) -> None:
    response = get(slack.base, "/healthz")
    assert response.status == 200
    assert response.json()["knowledge"] == slack.srm.version.short


def test_healthz_is_degraded_but_200_when_the_store_cannot_be_read(slack, monkeypatch) -> None:
    # The in-memory index still answers, so a load balancer must keep this replica (issue 5).
    monkeypatch.setattr(slack.srm, "refresh", lambda force=False: False)
    monkeypatch.setattr(slack.srm, "store_ok", False)
    response = get(slack.base, "/healthz")
    assert response.status == 200
    assert response.json()["status"] == "degraded"


def test_healthz_is_503_when_nothing_can_answer(slack, monkeypatch) -> None:
    monkeypatch.setattr(slack.srm, "refresh", lambda force=False: False)
    monkeypatch.setattr(slack.srm, "_current", None)
    assert get(slack.base, "/healthz").status == 503


def test_extra_routes_are_served(slack, monkeypatch) -> None:
    def metrics(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"srm_up 1\n"]

    monkeypatch.setattr(wsgi, "extra_routes", {("GET", "/metrics"): metrics})
    response = get(slack.base, "/metrics")
    assert response.status == 200
    assert response.body == b"srm_up 1\n"
