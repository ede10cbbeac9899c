"""Slack Web API calls, retried within bounds and counted: slack_sdk's own retry handlers
(connection errors, 429 with Retry-After, 5xx), each retry counted, and a call that still fails
logged once and counted by method and reason.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import RetryHandler
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.state import RetryState

from bot.ops import metrics

log = logging.getLogger(__name__)

MAX_RETRIES = 2
# A Retry-After longer than this is not waited for: the call fails (and is counted) instead of
# holding a listener thread for minutes.
MAX_RETRY_AFTER = 10


class _Counted:
    reason = "error"

    def prepare_for_next_attempt(self, **kwargs: Any) -> None:
        metrics.SLACK_API_RETRIES.labels(reason=self.reason).inc()
        log.info("slack api: retrying after %s", self.reason)
        super().prepare_for_next_attempt(**kwargs)  # type: ignore[misc]


class CountedConnectionErrors(_Counted, ConnectionErrorRetryHandler):
    reason = "connection"


class CountedServerErrors(_Counted, ServerErrorRetryHandler):
    reason = "server_error"


class CountedRateLimits(_Counted, RateLimitErrorRetryHandler):
    reason = "rate_limited"

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: Any,
        response: Any = None,
        error: Exception | None = None,
    ) -> bool:
        if not super()._can_retry(state=state, request=request, response=response, error=error):
            return False
        for name, values in (response.headers or {}).items():
            if name.lower() == "retry-after":
                value = values[0] if isinstance(values, list | tuple) else values
                return str(value).strip().isdigit() and int(value) <= MAX_RETRY_AFTER
        return True


def retry_handlers() -> list[RetryHandler]:
    return [
        CountedConnectionErrors(max_retry_count=MAX_RETRIES),
        CountedRateLimits(max_retry_count=MAX_RETRIES),
        CountedServerErrors(max_retry_count=MAX_RETRIES),
    ]


class CountingWebClient(WebClient):
    """A WebClient whose failed calls (after their retries) are logged and counted."""

    def api_call(self, api_method: str, **kwargs: Any) -> Any:  # type: ignore[override]
        try:
            return super().api_call(api_method, **kwargs)
        except SlackApiError as exc:
            reason = str(exc.response.get("error") or exc.response.status_code)
            _failed(api_method, reason)
            raise
        except Exception as exc:
            _failed(api_method, exc.__class__.__name__)
            raise


def _failed(method: str, reason: str) -> None:
    metrics.SLACK_API_ERRORS.labels(method=method, reason=reason[:64]).inc()
    log.warning("slack api: %s failed: %s", method, reason)


def counting(client: WebClient) -> WebClient:
    """The same client, counting its failures. Bolt builds a plain WebClient for each request
    (keeping the retry handlers); a middleware swaps it for this one."""
    if isinstance(client, CountingWebClient):
        return client
    return CountingWebClient(
        token=client.token,
        base_url=client.base_url,
        timeout=client.timeout,
        ssl=client.ssl,
        proxy=client.proxy,
        headers=client.headers,
        team_id=client.default_params.get("team_id"),
        # `logger` is a public property only in later slack_sdk releases than the floor.
        logger=getattr(client, "logger", None) or getattr(client, "_logger", None),
        retry_handlers=client.retry_handlers,
    )


def web_client(token: str | None, base_url: str, timeout: int = 10) -> CountingWebClient:
    return CountingWebClient(
        token=token, base_url=base_url, timeout=timeout, retry_handlers=retry_handlers()
    )
