"""Helpful / not helpful votes on cards, kept in the store (one per asker and card)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from bot.store.slack_models import SlackVote


def record_vote(
    engine: Engine,
    *,
    card_id: str,
    user_id: str,
    question: str,
    helpful: bool,
    team_id: str | None = None,
) -> None:
    """Store the vote; a second vote by the same person on the same card replaces the first."""
    now = datetime.now(UTC)
    values = {"question": question, "helpful": helpful, "team_id": team_id, "voted_at": now}
    try:
        with engine.begin() as conn:
            conn.execute(insert(SlackVote).values(card_id=card_id, user_id=user_id, **values))
    except IntegrityError:
        with engine.begin() as conn:
            conn.execute(
                update(SlackVote)
                .where(SlackVote.card_id == card_id, SlackVote.user_id == user_id)
                .values(**values)
            )


def votes_for(engine: Engine, card_id: str) -> list[SlackVote]:
    from sqlalchemy.orm import Session

    with Session(engine) as session:
        return list(session.scalars(select(SlackVote).where(SlackVote.card_id == card_id)))
