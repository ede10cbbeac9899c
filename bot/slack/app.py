"""The Bolt app: built from checked settings and an open srm runtime, listeners registered."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App, BoltContext, BoltResponse
from slack_sdk import WebClient

from bot.ops import slackapi
from bot.ops.requestlog import annotate
from bot.runtime import Srm
from bot.slack.dedupe import Dedupe
from bot.slack.listeners import register_listeners
from bot.slack.outbound import ResponseSender
from bot.slack.payload import ident
from bot.slack.ratelimit import RateLimiter
from bot.slack.settings import SlackSettings
from bot.slack.state import CONTEXT_KEY, AppState

log = logging.getLogger(__name__)


def web_client(settings: SlackSettings) -> WebClient:
    """Every Web API call goes to SLACK_API_URL, retried on connection, 429 and 5xx errors
    (slack_sdk's handlers, within bounds); retries and final failures are logged and counted."""
    return slackapi.web_client(settings.bot_token, settings.api_url, timeout=10)


class _DropClientTokenWarning(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN itself and warns that the client's token wins: it is the same."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


def slack_kind(body: dict) -> str:
    """What a request is, for its log line: `command:/srm`, `event:app_mention`, `action:…`
    (cut short; the log formatter shows control characters as escapes)."""
    if body.get("command"):
        return f"command:{str(body['command'])[:32]}"
    if body.get("type") == "event_callback":
        event = body.get("event")
        return f"event:{str(event.get('type') if isinstance(event, dict) else None)[:32]}"
    if body.get("type") == "block_actions":
        actions = body.get("actions")
        action = actions[0] if isinstance(actions, list) and actions else {}
        action_id = action.get("action_id") if isinstance(action, dict) else None
        return f"action:{str(action_id)[:32]}"
    return str(body.get("type") or "other")[:32]


def press_key(body: dict) -> str:
    """A button press's dedupe key: a hash of the whole payload, so a replay of the same signed
    request (byte for byte the same body) is recognised, and two real presses, which differ in
    `action_ts` and `trigger_id`, are not. A hash keeps raw ids out of the store."""
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=True, default=str)
    return "press:" + hashlib.sha256(canonical.encode()).hexdigest()[:40]


def build_app(srm: Srm, settings: SlackSettings) -> App:
    bolt_log = logging.getLogger("slack_bolt.App")
    if not any(isinstance(f, _DropClientTokenWarning) for f in bolt_log.filters):
        bolt_log.addFilter(_DropClientTokenWarning())
    state = AppState(
        srm=srm,
        dedupe=Dedupe(srm.engine),
        limiter=RateLimiter(settings.rate_limit),
        responses=ResponseSender(settings.api_url),
    )
    key = state.register()
    app = App(
        client=web_client(settings),
        signing_secret=settings.signing_secret or None,
        # auth.test runs on the first request instead (settings.verify_token checks it at start
        # with a one-line error), so building the app never raises a raw URLError.
        token_verification_enabled=False,
        # Listeners that answer in the ack (/srm) run in the request thread; everything slower
        # is a lazy listener. Bolt's other mode polls for the ack every 10 ms.
        process_before_response=True,
        listener_executor=ThreadPoolExecutor(max_workers=16, thread_name_prefix="srm-slack"),
        # Socket Mode has no signatures; the HTTP mode always verifies them.
        request_verification_enabled=not settings.socket_mode,
    )

    def attach_state(context: BoltContext, body: dict, next: Callable[[], None]) -> None:
        context[CONTEXT_KEY] = key
        if context.client is not None:
            context["client"] = slackapi.counting(context.client)
        annotate(slack=slack_kind(body))
        next()

    def drop_redeliveries(body: dict, next: Callable[[], None]) -> BoltResponse | None:
        key = None
        if body.get("type") == "event_callback" and ident(body.get("event_id")):
            key = f"event:{body['event_id']}"
        elif body.get("type") == "block_actions":
            key = press_key(body)  # a replayed press acts once, like a redelivered event
        if key and not state.dedupe.claim(key):
            # Already taken by this or another replica: a plain 200 stops Slack's retries.
            return BoltResponse(status=200, body="")
        next()
        return None

    app.middleware(attach_state)
    app.middleware(drop_redeliveries)
    register_listeners(app)
    return app
