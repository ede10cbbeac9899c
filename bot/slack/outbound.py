"""The one way srm posts to a `response_url`: only to Slack's hooks host, everything else refused.

A button press carries its `response_url` in the signed body, but the signature only says who
sent the body; a URL naming another host would make srm POST cards (and whatever else) wherever
it points. Every share, vote reply and did-you-mean answer goes through `ResponseSender.send`,
which allows `https://hooks.slack.com/…` and, when `SLACK_API_URL` is set to something else
(tests, a proxy), that URL's own scheme and host. A refused URL is counted, and logged by host
only: a response_url is a credential for posting and never reaches a log line.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from prometheus_client import Counter
from slack_sdk.webhook import WebhookClient

from bot.ops import metrics
from bot.safe_output import printable
from bot.slack.settings import DEFAULT_API_URL

log = logging.getLogger(__name__)

HOOKS_HOST = "hooks.slack.com"
MAX_URL = 2048

REFUSED = Counter(
    "srm_slack_response_url_refused",
    "response_url posts refused because the URL is not Slack's hooks host.",
    registry=metrics.REGISTRY,
)


def _origin(url: str) -> tuple[str, str] | None:
    try:
        parts = urlsplit(url)
        port = parts.port  # raises on a port that is not a number
    except ValueError:
        return None
    if not parts.hostname or parts.username or parts.password:
        return None
    host = parts.hostname.lower()
    return parts.scheme.lower(), host if port is None else f"{host}:{port}"


class ResponseSender:
    def __init__(self, api_url: str = DEFAULT_API_URL, timeout: float = 10.0) -> None:
        self.allowed = {("https", HOOKS_HOST)}
        if api_url != DEFAULT_API_URL:
            origin = _origin(api_url)
            if origin:
                self.allowed.add(origin)
        self.timeout = timeout

    def allows(self, url: object) -> bool:
        if not isinstance(url, str) or len(url) > MAX_URL:
            return False
        return _origin(url) in self.allowed

    def send(self, url: object, **message: Any) -> bool:
        """POST `message` to `url` when it is an allowed response_url; False when refused or
        failed (both logged without the URL)."""
        if not self.allows(url):
            REFUSED.inc()
            host = _origin(url)[1] if isinstance(url, str) and _origin(url) else "?"
            log.warning("refused a response_url on host %s", printable(host[:100]))
            return False
        try:
            reply = WebhookClient(str(url), timeout=self.timeout).send_dict(message)
        except Exception as exc:  # a failed reply must not fail the listener's other work
            log.warning("response_url post failed: %s", exc.__class__.__name__)
            return False
        if reply.status_code >= 400:
            log.warning("response_url post answered HTTP %s", reply.status_code)
            return False
        return True
