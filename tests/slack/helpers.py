"""Reading what srm sent: buttons on cards, all text of a message."""

from __future__ import annotations

import json


def buttons(blocks: list[dict]) -> dict[str, dict]:
    """Every button of the message by action_id."""
    found = {}
    for block in blocks:
        if block.get("type") == "actions":
            for element in block.get("elements", []):
                if element.get("type") == "button":
                    found[element["action_id"]] = element
    return found


def value_of(blocks: list[dict], action_id: str) -> dict:
    return json.loads(buttons(blocks)[action_id]["value"])


def all_text(message: dict) -> str:
    """The fallback text and every string Slack displays from the blocks, for escaping checks.

    Button values, action and block ids are data, never displayed or parsed as mrkdwn.
    """
    parts = [message.get("text") or ""]

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k not in ("value", "action_id", "block_id"):
                    walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
        elif isinstance(node, str):
            parts.append(node)

    walk(message.get("blocks") or [])
    return "\n".join(parts)


def press(payload: dict, action_id: str, value: dict | str, user: str | None = None) -> dict:
    """A block_actions payload pressing `action_id` with `value`, optionally by another user."""
    action = payload["actions"][0]
    action["action_id"] = action_id
    action["value"] = value if isinstance(value, str) else json.dumps(value)
    if user:
        payload["user"]["id"] = user
        payload["user"]["username"] = payload["user"]["name"] = user.lower()
    return payload
