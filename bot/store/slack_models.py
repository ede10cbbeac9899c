"""Tables of the Slack app: events already received (dedupe across replicas) and votes.

Created by migrations/versions/0002_slack.py; they share `Base` with the knowledge tables so that
one Alembic history covers the whole store.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.store.models import Base


class SlackEvent(Base):
    """One row per event (or message) srm has taken on; the primary key makes the claim atomic."""

    __tablename__ = "slack_events"

    event_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class SlackVote(Base):
    """A helpful / not helpful vote on one card by the person who asked; the last vote counts.

    The voter is kept as the query log's salted hash of workspace and user (bot.ops.identity),
    never as raw ids; the question is the card's, found through `card_id` in the query log.
    Created by 0002_slack, reshaped by 0006_votes_hashed.
    """

    __tablename__ = "slack_votes"
    __table_args__ = (UniqueConstraint("card_id", "user_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    card_id: Mapped[str] = mapped_column(String(64))
    user_hash: Mapped[str] = mapped_column(String(64))
    helpful: Mapped[bool] = mapped_column(Boolean)
    voted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
