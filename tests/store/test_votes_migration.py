"""Migration 0006_votes_hashed: votes recorded with raw ids before it keep counting, hashed."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from alembic.config import Config
from sqlalchemy import insert, inspect, select, text

from bot.ops.identity import stored_salt, user_hash
from bot.paths import migrations_dir
from bot.store.migrate import upgrade
from bot.store.slack_models import SlackVote


def test_old_votes_are_hashed_and_raw_ids_and_questions_dropped(engine) -> None:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0003_ops")
    now = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO slack_votes (card_id, user_id, team_id, question, helpful, voted_at)"
                " VALUES ('c1', 'U0RAW1', 'T0TEAM', 'who patches RDS?', :yes, :now),"
                " ('c1', 'U0RAW2', NULL, 'who patches RDS?', :no, :now)"
            ),
            {"yes": True, "no": False, "now": now},
        )
    upgrade(engine)
    salt = stored_salt(engine)
    with engine.connect() as conn:
        votes = conn.execute(select(SlackVote.card_id, SlackVote.user_hash, SlackVote.helpful))
        assert sorted(votes) == sorted(
            [
                ("c1", user_hash(salt, "T0TEAM", "U0RAW1"), True),
                ("c1", user_hash(salt, None, "U0RAW2"), False),
            ]
        )
        columns = {c["name"] for c in inspect(conn).get_columns("slack_votes")}
    assert columns == {"id", "card_id", "user_hash", "helpful", "voted_at"}
    # The hashed table takes new votes as the app writes them.
    with engine.begin() as conn:
        conn.execute(
            insert(SlackVote).values(card_id="c2", user_hash="h", helpful=True, voted_at=now)
        )


def test_the_migration_downgrades_and_upgrades_again(engine) -> None:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    upgrade(engine)
    now = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(
            insert(SlackVote).values(card_id="c1", user_hash="h1", helpful=True, voted_at=now)
        )
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0003_ops")
    with engine.connect() as conn:
        assert {c["name"] for c in inspect(conn).get_columns("slack_votes")} >= {"user_id"}
        kept = conn.execute(text("SELECT card_id, user_id FROM slack_votes")).all()
    assert [tuple(r) for r in kept] == [("c1", "h1")]
    upgrade(engine)
    with engine.connect() as conn:
        assert conn.execute(select(SlackVote.card_id)).scalars().all() == ["c1"]
