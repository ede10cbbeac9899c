"""What the query log holds for one answered question, as plain values (no SQLAlchemy), so the
recorder and the quick path of `srm ask` build the same row."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

__all__ = ["ENABLED_ENV", "QueryRecord", "record_for", "recording_enabled", "row_for"]

ENABLED_ENV = "SRM_QUERY_LOG"  # "off" disables recording


def recording_enabled() -> bool:
    return os.environ.get(ENABLED_ENV, "").strip().lower() not in ("off", "0", "false", "no")


@dataclass(frozen=True)
class QueryRecord:
    asked_at: datetime
    source: str
    workspace: str | None
    channel: str | None
    user: str | None  # raw: hashed by the writer, never stored
    card_id: str | None
    question: str
    intent: str
    services: tuple[str, ...]
    verdict: str | None
    confidence: float
    unknown: bool
    latency_ms: float
    knowledge_version: str


def record_for(
    *,
    question: str,
    intent: str,
    services: tuple[str, ...],
    verdict: str | None,
    confidence: float,
    seconds: float,
    knowledge_version: str,
    source: str = "cli",
    workspace: str | None = None,
    channel: str | None = None,
    user: str | None = None,
    card_id: str | None = None,
) -> QueryRecord:
    return QueryRecord(
        asked_at=datetime.now(UTC),
        source=source,
        workspace=workspace,
        channel=channel,
        user=user,
        card_id=card_id,
        question=question,
        intent=intent,
        services=services,
        verdict=verdict,
        confidence=confidence,
        unknown=intent == "unknown",
        latency_ms=seconds * 1000.0,
        knowledge_version=knowledge_version,
    )


def _text(value: object, limit: int) -> str | None:
    """A short text column: whatever a caller passed (an integer team id from a payload, say)
    becomes text, cut to the column; empty is None."""
    if value is None or value == "":
        return None
    return str(value)[:limit]


def row_for(r: QueryRecord, hash_user: Callable[[str | None, str | None], str | None]) -> dict:
    """The query_log row of a record; `hash_user(workspace, user)` gives the salted hash."""
    workspace, user = _text(r.workspace, 64), _text(r.user, 255)
    return {
        "asked_at": r.asked_at,
        "source": str(r.source)[:16],
        "workspace": workspace,
        "channel": _text(r.channel, 64),
        "user_hash": hash_user(workspace, user) if user else None,
        "card_id": _text(r.card_id, 64),
        # PostgreSQL text cannot hold NUL; a question must never be lost (or fail a batch) for it.
        "question": str(r.question).replace("\x00", ""),
        "intent": str(r.intent)[:32],
        "services": ",".join(map(str, r.services))[:512],
        "verdict": _text(r.verdict, 16),
        "confidence": float(r.confidence),
        "unknown": bool(r.unknown),
        "latency_ms": float(r.latency_ms),
        "knowledge_version": str(r.knowledge_version)[:64],
    }
