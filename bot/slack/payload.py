"""Reading a signed Slack payload defensively: its shape checked once, every id capped.

A valid signature proves a body came from Slack (or from someone holding the secret), not that
it has the shape Slack documents. Bolt and srm's listeners index into it freely, so anything of
the wrong shape must be turned away (400) before they see it, and every id srm keeps or echoes
must be a short plain token: ids land in mrkdwn (`<@U…>`), dedupe keys and button values.
"""

from __future__ import annotations

import re
from typing import Any

# Slack's ids (U…, T…, C…, B…, E…) and timestamps are short tokens of these characters; 64 is
# far above any of them and keeps button values, keys and log lines small.
MAX_ID = 64
_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def ident(value: Any) -> str:
    """`value` when it is a plain Slack id or timestamp, else "" (wrong type, too long, odd
    characters): nothing longer than MAX_ID or able to close a `<@…>` reaches srm's code."""
    if isinstance(value, str) and _ID.fullmatch(value):
        return value
    return ""


def _is(value: Any, kind: type | tuple[type, ...], optional: bool = True) -> bool:
    return (optional and value is None) or isinstance(value, kind)


def _event_problem(body: dict) -> str | None:
    event = body.get("event")
    if not isinstance(event, dict):
        return "event is not an object"
    if not isinstance(event.get("type"), str):
        return "event.type is not a string"
    for key in ("channel", "user", "text", "ts", "thread_ts", "subtype", "channel_type", "tab"):
        if not _is(event.get(key), str):
            return f"event.{key} is not a string"
    auths = body.get("authorizations")
    if not _is(auths, list) or not all(isinstance(a, dict) for a in auths or ()):
        return "authorizations is not a list of objects"
    if not _is(body.get("event_id"), str):
        return "event_id is not a string"
    return None


def _interaction_problem(body: dict) -> str | None:
    for key in ("user", "team", "channel", "container", "view"):
        if not _is(body.get(key), dict):
            return f"{key} is not an object"
    if not _is(body.get("response_url"), str):
        return "response_url is not a string"
    kind = body.get("type")
    if kind == "block_actions":
        actions = body.get("actions")
        if not isinstance(actions, list) or not actions:
            return "actions is not a non-empty list"
        for action in actions:
            if not isinstance(action, dict) or not isinstance(action.get("action_id"), str):
                return "an action has no string action_id"
            if not _is(action.get("value"), str):
                return "an action's value is not a string"
    elif kind in ("view_submission", "view_closed") and not isinstance(body.get("view"), dict):
        return "view is not an object"
    return None


def problem(body: dict) -> str | None:
    """Why a parsed body is not a payload srm can hand to Bolt, or None when it is one.

    Only what srm or Bolt reads is checked; unknown keys are Slack's to add.
    """
    kind = body.get("type")
    if not _is(kind, str):
        return "type is not a string"
    if "command" in body:
        return None if isinstance(body.get("command"), str) else "command is not a string"
    if kind == "event_callback":
        return _event_problem(body)
    if kind in ("block_actions", "view_submission", "view_closed", "shortcut", "message_action"):
        return _interaction_problem(body)
    return None
