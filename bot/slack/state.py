"""What every listener needs (the srm runtime, dedupe, rate limiter), reachable from Bolt's context.

Bolt deep-copies the context for lazy listeners, so the context carries only a key into this
registry, never the objects themselves (an SQLAlchemy engine must not be copied).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.runtime import Srm
from bot.slack.dedupe import Dedupe
from bot.slack.outbound import ResponseSender
from bot.slack.ratelimit import RateLimiter

CONTEXT_KEY = "srm_state"

_registry: dict[str, AppState] = {}


@dataclass
class AppState:
    srm: Srm
    dedupe: Dedupe
    limiter: RateLimiter
    responses: ResponseSender = field(default_factory=ResponseSender)
    key: str = ""

    def register(self) -> str:
        self.key = uuid.uuid4().hex
        _registry[self.key] = self
        return self.key


def state_of(context: Mapping[str, Any]) -> AppState:
    return _registry[context[CONTEXT_KEY]]
