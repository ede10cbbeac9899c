"""Settings checked at start-up, one line each; `srm serve` never prints a traceback."""

from __future__ import annotations

import socket

import pytest

from bot.slack.ratelimit import RateLimiter
from bot.slack.settings import RateLimit, SettingsError, load_settings, verify_token

GOOD = {"SLACK_BOT_TOKEN": "xoxb-1-2-secretvalue", "SLACK_SIGNING_SECRET": "s3cr3t"}


@pytest.mark.parametrize(
    ("env", "socket_mode", "needle"),
    [
        ({}, False, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxp-user-token", "SLACK_SIGNING_SECRET": "s"}, False, "xoxb-"),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, False, "SLACK_SIGNING_SECRET"),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "  "}, False, "SIGNING_SECRET"),
        ({**GOOD}, True, "SLACK_APP_TOKEN"),
        ({**GOOD, "SLACK_APP_TOKEN": "xoxb-wrong"}, True, "xapp-"),
        ({**GOOD, "SLACK_CLIENT_ID": "123.456"}, False, "SLACK_CLIENT_ID"),
        ({**GOOD, "SLACK_CLIENT_SECRET": "abc"}, False, "SLACK_CLIENT_SECRET"),
        ({**GOOD, "SLACK_API_URL": "slack.com/api"}, False, "SLACK_API_URL"),
        ({**GOOD, "SRM_RATE_LIMIT": "lots"}, False, "SRM_RATE_LIMIT"),
    ],
)
def test_each_problem_is_one_clear_line(env: dict, socket_mode: bool, needle: str) -> None:
    with pytest.raises(SettingsError) as info:
        load_settings(env, socket_mode=socket_mode)
    message = str(info.value)
    assert needle in message
    assert "\n" not in message
    assert "secretvalue" not in message


def test_good_settings_hide_tokens_and_fix_the_api_url() -> None:
    settings = load_settings({**GOOD, "SLACK_API_URL": "http://127.0.0.1:9/api"})
    assert settings.api_url == "http://127.0.0.1:9/api/"
    assert "secretvalue" not in repr(settings) and "s3cr3t" not in repr(settings)
    socket_settings = load_settings(
        {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}, socket_mode=True
    )
    assert socket_settings.socket_mode


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_api_is_one_line() -> None:
    settings = load_settings({**GOOD, "SLACK_API_URL": f"http://127.0.0.1:{_closed_port()}/api/"})
    with pytest.raises(SettingsError) as info:
        verify_token(settings, timeout=5)
    assert "cannot reach" in str(info.value)
    assert "\n" not in str(info.value)


def test_refused_token_is_one_line(fake_slack, monkeypatch) -> None:
    monkeypatch.setattr(
        fake_slack, "_api_reply", lambda method, body: {"ok": False, "error": "invalid_auth"}
    )
    settings = load_settings({**GOOD, "SLACK_API_URL": fake_slack.api_url})
    with pytest.raises(SettingsError, match="invalid_auth"):
        verify_token(settings)


def test_rate_limit_window_slides() -> None:
    now = [0.0]
    limiter = RateLimiter(RateLimit.parse("2/10"), clock=lambda: now[0])
    assert limiter.allow("U1") and limiter.allow("U1")
    assert not limiter.allow("U1")
    assert limiter.allow("U2")
    assert 0 < limiter.retry_after("U1") <= 10
    now[0] = 10.5
    assert limiter.allow("U1")
    assert RateLimiter(RateLimit.parse("0")).allow("U1")


@pytest.mark.parametrize(
    ("env", "args", "needle"),
    [
        ({"SLACK_BOT_TOKEN": ""}, [], "SLACK_BOT_TOKEN"),
        ({"SLACK_SIGNING_SECRET": ""}, [], "SLACK_SIGNING_SECRET"),
        ({"SLACK_APP_TOKEN": ""}, ["--socket-mode"], "SLACK_APP_TOKEN"),
        ({"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "x"}, [], "SLACK_CLIENT_ID"),
        ({"SLACK_API_URL": "http://127.0.0.1:{closed}/api/"}, [], "cannot reach"),
    ],
)
def test_srm_serve_fails_with_one_line(
    run_srm, tmp_path, env: dict, args: list, needle: str
) -> None:
    import os

    base = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'srm.db'}",
        "SLACK_BOT_TOKEN": "xoxb-1-2-secretvalue",
        "SLACK_SIGNING_SECRET": "s3cr3t",
        "SLACK_API_URL": f"http://127.0.0.1:{_closed_port()}/api/",
        "HOME": str(tmp_path),
    }
    for name in ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_APP_TOKEN"):
        base.pop(name, None)
    base.update({k: v.format(closed=_closed_port()) for k, v in env.items()})
    result = run_srm("serve", "--port", str(_closed_port()), *args, env=base)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert needle in lines[0]
    assert "Traceback" not in result.stderr
    assert "secretvalue" not in result.stderr + result.stdout
