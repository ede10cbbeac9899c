"""Helpful / not helpful votes on cards, kept in the store (one per asker and card).

The voter is stored as the query log's salted hash (bot.ops.identity), never as raw ids, and
the question is not stored again: the card id leads to it in the query log.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from bot.ops.identity import stored_salt, user_hash
from bot.store.slack_models import SlackVote


def voter_hash(engine: Engine, team_id: str | None, user_id: str) -> str:
    """The hash a vote (and the query log) keeps for this person."""
    return user_hash(stored_salt(engine), team_id, user_id) or ""


def record_vote(
    engine: Engine,
    *,
    card_id: str,
    user_id: str,
    helpful: bool,
    team_id: str | None = None,
) -> None:
    """Store the vote; a second vote by the same person on the same card replaces the first."""
    voter = voter_hash(engine, team_id, user_id)
    values = {"helpful": helpful, "voted_at": datetime.now(UTC)}
    try:
        with engine.begin() as conn:
            conn.execute(insert(SlackVote).values(card_id=card_id, user_hash=voter, **values))
    except IntegrityError:
        with engine.begin() as conn:
            conn.execute(
                update(SlackVote)
                .where(SlackVote.card_id == card_id, SlackVote.user_hash == voter)
                .values(**values)
            )


def votes_for(engine: Engine, card_id: str) -> list[SlackVote]:
    from sqlalchemy.orm import Session

    with Session(engine) as session:
        return list(session.scalars(select(SlackVote).where(SlackVote.card_id == card_id)))
