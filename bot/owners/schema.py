"""The shape of the ownership overlay YAML as pydantic models: unknown keys, missing keys, wrong
types, and ids or URLs of the wrong form are schema errors (bot.owners.validate turns them into
`file:line: message` lines). What needs the knowledge (slugs, duties, topics, controls) is
checked there too, after the schema."""

from __future__ import annotations

import re
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, model_validator

# Slack ids: public channels C…, private channels G… (older ones); user groups S….
_CHANNEL_ID = re.compile(r"[CG][A-Z0-9]{8,20}")
_USERGROUP_ID = re.compile(r"S[A-Z0-9]{8,20}")
# Plain names only: a team name is shown in cards, so it carries no Slack or card markup.
_TEAM = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._/-]{0,63}")
_URL_MAX = 500


def _channel(value: str) -> str:
    if _CHANNEL_ID.fullmatch(value):
        return value
    if value.startswith("#") or value == value.lower():
        raise ValueError(
            f"'{value}' is a channel name: give the channel's ID (C…, shown at the bottom of "
            "the channel's details in Slack)"
        )
    raise ValueError(f"'{value}' is not a Slack channel ID (C… or G…, e.g. C0SECHELP1)")


def _usergroup(value: str) -> str:
    if _USERGROUP_ID.fullmatch(value):
        return value
    raise ValueError(f"'{value}' is not a Slack user group ID (S…, e.g. S0CRYPTO01)")


def _team(value: str) -> str:
    if _TEAM.fullmatch(value):
        return value
    raise ValueError(
        f"'{value}' is not a team name (letters, digits, spaces and . _ / -, up to 64)"
    )


def _url(value: str) -> str:
    parts = urlsplit(value) if len(value) <= _URL_MAX else None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not parts.netloc
        # Slack's link syntax <url|label> breaks on these; a real URL has them encoded.
        or any(c.isspace() or c in "<>|" for c in value)
    ):
        raise ValueError(f"'{value[:80]}' is not an http(s) URL")
    return value


ChannelId = Annotated[str, AfterValidator(_channel)]
UserGroupId = Annotated[str, AfterValidator(_usergroup)]
Team = Annotated[str, AfterValidator(_team)]
Url = Annotated[str, AfterValidator(_url)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class MatchEntry(Strict):
    service: str | None = None
    launch_type: str | None = None
    duty: str | None = None
    topic: str | None = None
    control: str | None = None

    @model_validator(mode="after")
    def _names_something(self) -> MatchEntry:
        if not any((self.service, self.launch_type, self.duty, self.topic, self.control)):
            raise ValueError(
                "match names nothing: give service, launch_type, duty, topic or control"
            )
        if self.launch_type and not self.service:
            raise ValueError("launch_type needs the service it belongs to (service: ecs)")
        return self


class OwnerFields(Strict):
    team: Team
    channel: ChannelId | None = None
    usergroup: UserGroupId | None = None
    oncall_url: Url | None = None
    runbook_url: Url | None = None


class RuleEntry(OwnerFields):
    match: MatchEntry


class OverlayFile(Strict):
    version: Literal[1]
    defaults: OwnerFields | None = None
    rules: list[RuleEntry] = []
