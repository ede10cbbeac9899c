"""Tables of operations: the query log (every question answered) and a few settings of srm's own.

Created by migrations/versions/0003_ops.py. The asker is kept only as a salted hash
(bot.ops.identity), never as the raw Slack user id.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.store.models import Base


class QueryLogEntry(Base):
    """One answered question."""

    __tablename__ = "query_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    asked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    source: Mapped[str] = mapped_column(String(16))  # "slack" or "cli"
    workspace: Mapped[str | None] = mapped_column(String(64), nullable=True)
    channel: Mapped[str | None] = mapped_column(String(64), nullable=True)
    user_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    card_id: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    question: Mapped[str] = mapped_column(Text)
    intent: Mapped[str] = mapped_column(String(32))
    services: Mapped[str] = mapped_column(String(512))  # slugs, comma-separated, best first
    verdict: Mapped[str | None] = mapped_column(String(16), nullable=True)
    confidence: Mapped[float] = mapped_column(Float)
    unknown: Mapped[bool] = mapped_column(Boolean)
    latency_ms: Mapped[float] = mapped_column(Float)
    knowledge_version: Mapped[str] = mapped_column(String(64))


class OpsSetting(Base):
    """Small values srm keeps for itself, e.g. the salt of user hashes when none is configured."""

    __tablename__ = "ops_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
