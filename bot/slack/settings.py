"""The Slack app's settings, read from the environment and checked once at start-up.

Each problem is reported as one line (SettingsError) before Bolt is built, because Bolt itself
reports most of them late and badly: an empty signing secret fails only at the first request,
stray OAuth variables silently switch it to OAuth mode, an unreachable API raises a raw URLError.
Tokens never appear in messages or reprs.
"""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field

DEFAULT_API_URL = "https://slack.com/api/"
DEFAULT_RATE_LIMIT = "20/60"


class SettingsError(Exception):
    """A setting is missing or wrong; the message is one line meant for the operator."""


@dataclass(frozen=True)
class RateLimit:
    """At most `requests` questions per user in any `seconds` window; 0 requests disables it."""

    requests: int
    seconds: float

    @classmethod
    def parse(cls, raw: str) -> RateLimit:
        """'N/SECONDS' (e.g. '20/60'), or 'N' meaning per minute, or '0' for no limit."""
        count, _, window = raw.strip().partition("/")
        try:
            requests = int(count)
            seconds = float(window) if window else 60.0
        except ValueError:
            raise SettingsError(
                f"SRM_RATE_LIMIT must look like 20/60 (questions per seconds), not {raw!r}"
            ) from None
        if requests < 0 or not math.isfinite(seconds) or seconds <= 0:
            raise SettingsError(f"SRM_RATE_LIMIT must be positive, not {raw!r}")
        return cls(requests, seconds)


@dataclass(frozen=True)
class SlackSettings:
    bot_token: str = field(repr=False)
    signing_secret: str = field(repr=False)
    app_token: str = field(default="", repr=False)
    api_url: str = DEFAULT_API_URL
    rate_limit: RateLimit = field(default_factory=lambda: RateLimit.parse(DEFAULT_RATE_LIMIT))
    socket_mode: bool = False


def load_settings(
    env: Mapping[str, str] | None = None, *, socket_mode: bool = False
) -> SlackSettings:
    """Read and check the settings; raise SettingsError with the first problem found."""
    env = os.environ if env is None else env

    def get(name: str) -> str:
        return env.get(name, "").strip()

    stray = [name for name in ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET") if get(name)]
    if stray:
        raise SettingsError(
            f"{' and '.join(stray)} set: srm is a single-workspace app that uses SLACK_BOT_TOKEN, "
            "unset them (Bolt would otherwise switch to OAuth mode)"
        )
    bot_token = get("SLACK_BOT_TOKEN")
    if not bot_token:
        raise SettingsError("SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-…)")
    if not bot_token.startswith("xoxb-"):
        raise SettingsError("SLACK_BOT_TOKEN is not a bot token: it should start with xoxb-")
    signing_secret = get("SLACK_SIGNING_SECRET")
    app_token = get("SLACK_APP_TOKEN")
    if socket_mode:
        if not app_token:
            raise SettingsError(
                "SLACK_APP_TOKEN is not set: Socket Mode needs an app-level token (xapp-…) "
                "with connections:write"
            )
        if not app_token.startswith("xapp-"):
            raise SettingsError("SLACK_APP_TOKEN is not an app-level token: it should start xapp-")
    elif not signing_secret:
        raise SettingsError(
            "SLACK_SIGNING_SECRET is not set: copy the Signing Secret from the app's Basic "
            "Information page (or run with --socket-mode)"
        )
    api_url = get("SLACK_API_URL") or DEFAULT_API_URL
    if not api_url.startswith(("http://", "https://")):
        raise SettingsError(f"SLACK_API_URL must be an http(s) URL, not {api_url!r}")
    # WebClient joins method names onto the base URL: without the slash the last segment is lost.
    if not api_url.endswith("/"):
        api_url += "/"
    rate_limit = RateLimit.parse(get("SRM_RATE_LIMIT") or DEFAULT_RATE_LIMIT)
    return SlackSettings(
        bot_token=bot_token,
        signing_secret=signing_secret,
        app_token=app_token,
        api_url=api_url,
        rate_limit=rate_limit,
        socket_mode=socket_mode,
    )


def verify_token(settings: SlackSettings, timeout: float = 10.0) -> dict:
    """Call auth.test once; return its data or raise SettingsError saying what is wrong."""
    from slack_sdk import WebClient
    from slack_sdk.errors import SlackApiError

    # slack_sdk logs each failed call at ERROR; the one line below says it better.
    quiet = logging.getLogger("srm.slack.verify")
    quiet.propagate = False
    quiet.addHandler(logging.NullHandler())
    client = WebClient(
        token=settings.bot_token, base_url=settings.api_url, timeout=int(timeout), logger=quiet
    )
    try:
        response = client.auth_test()
    except SlackApiError as exc:
        error = exc.response.get("error", "unknown error") if exc.response else "unknown error"
        raise SettingsError(f"Slack refused SLACK_BOT_TOKEN (auth.test: {error})") from None
    except Exception as exc:  # URLError, timeouts, TLS errors: all mean "cannot reach it"
        reason = getattr(exc, "reason", None) or exc
        raise SettingsError(
            f"cannot reach Slack's Web API at {settings.api_url}: {reason}"
        ) from None
    return dict(response.data) if isinstance(response.data, dict) else {}


def verify_app_token(settings: SlackSettings, timeout: float = 10.0) -> None:
    """Ask Slack for a Socket Mode URL once with SLACK_APP_TOKEN, so a token Slack refuses is one
    line before start-up rather than a traceback from inside the Socket Mode client. (The URL
    issued is not used: the client asks for its own, and unused ones expire.)"""
    from slack_sdk import WebClient
    from slack_sdk.errors import SlackApiError

    quiet = logging.getLogger("srm.slack.verify")
    quiet.propagate = False
    quiet.addHandler(logging.NullHandler())
    client = WebClient(base_url=settings.api_url, timeout=int(timeout), logger=quiet)
    try:
        client.apps_connections_open(app_token=settings.app_token)
    except SlackApiError as exc:
        error = exc.response.get("error", "unknown error") if exc.response else "unknown error"
        raise SettingsError(
            f"Slack refused SLACK_APP_TOKEN (apps.connections.open: {error}): it needs an "
            "app-level token with connections:write, and Socket Mode turned on for the app"
        ) from None
    except Exception as exc:
        reason = getattr(exc, "reason", None) or exc
        raise SettingsError(
            f"cannot reach Slack's Web API at {settings.api_url}: {reason}"
        ) from None
