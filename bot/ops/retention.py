"""How long the query log keeps questions, and the purge of older ones."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, delete, func, select

from bot.store.ops_models import QueryLogEntry
from bot.store.slack_models import SlackEvent, SlackVote

RETENTION_ENV = "SRM_LOG_RETENTION_DAYS"
DEFAULT_RETENTION_DAYS = 90

_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_AGE = re.compile(r"^\s*(\d+)\s*([mhdw]?)\s*$", re.IGNORECASE)


class BadAge(ValueError):
    """Not an age such as 90d, 12h, 2w or 30m."""


def parse_age(text: str) -> timedelta:
    """`7d`, `24h`, `2w`, `30m`, or a bare number of days."""
    match = _AGE.match(text or "")
    if not match:
        raise BadAge(f"{text!r} is not an age such as 7d, 24h, 2w or 30m")
    amount, unit = int(match.group(1)), (match.group(2) or "d").lower()
    try:
        age = timedelta(**{_UNITS[unit]: amount})
        datetime.now(UTC) - age  # an age reaching back before year 1 is no age either
    except OverflowError:
        raise BadAge(f"{text!r} is longer than any log can be") from None
    return age


def retention() -> timedelta:
    """SRM_LOG_RETENTION_DAYS (a whole number of days, default 90)."""
    raw = os.environ.get(RETENTION_ENV, "").strip()
    if not raw:
        return timedelta(days=DEFAULT_RETENTION_DAYS)
    if not raw.isdigit() or not 1 <= int(raw) <= 36_500:
        raise BadAge(f"{RETENTION_ENV} must be a whole number of days from 1 to 36500, not {raw!r}")
    return timedelta(days=int(raw))


def purge(engine: Engine, older_than: timedelta, now: datetime | None = None) -> int:
    """Delete the questions asked more than `older_than` ago, and with them the votes cast and
    the Slack deliveries claimed (dedupe rows) before then; returns how many questions."""
    cutoff = (now or datetime.now(UTC)) - older_than
    with engine.begin() as conn:
        result = conn.execute(delete(QueryLogEntry).where(QueryLogEntry.asked_at < cutoff))
        conn.execute(delete(SlackVote).where(SlackVote.voted_at < cutoff))
        conn.execute(delete(SlackEvent).where(SlackEvent.received_at < cutoff))
    return int(result.rowcount or 0)


def count_older(engine: Engine, older_than: timedelta, now: datetime | None = None) -> int:
    """How many questions `purge` would delete (for `srm log purge --dry-run` and its prompt)."""
    cutoff = (now or datetime.now(UTC)) - older_than
    with engine.connect() as conn:
        query = select(func.count()).select_from(QueryLogEntry)
        return int(conn.execute(query.where(QueryLogEntry.asked_at < cutoff)).scalar() or 0)
