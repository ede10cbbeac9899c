"""Votes keep the voter as the query log's salted hash, and no raw ids or question.

The table is rebuilt (SQLite cannot drop its unnamed unique constraint in place); existing votes
are carried over with their user ids hashed under the store's salt, as bot.ops.identity does.

Revision ID: 0006_votes_hashed
Revises: 0005_owners
"""

import hashlib
import hmac
import os
import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_votes_hashed"
down_revision: str | None = "0005_owners"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SALT_ENV = "SRM_USER_HASH_SALT"
SALT_KEY = "user_hash_salt"


def _salt(conn: sa.Connection) -> str:
    """The salt bot.ops.identity uses: the environment's, else the store's, created if absent."""
    configured = os.environ.get(SALT_ENV, "").strip()
    if configured:
        return configured
    settings = sa.table("ops_settings", sa.column("key"), sa.column("value"))
    found = conn.scalar(sa.select(settings.c.value).where(settings.c.key == SALT_KEY))
    if found:
        return found
    fresh = secrets.token_hex(32)
    conn.execute(sa.insert(settings).values(key=SALT_KEY, value=fresh))
    return fresh


def _hash(salt: str, workspace: str | None, user: str) -> str:
    message = f"{workspace or ''}:{user}".encode()
    return hmac.new(salt.encode(), message, hashlib.sha256).hexdigest()[:32]


def _create_hashed() -> None:
    op.create_table(
        "slack_votes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("card_id", sa.String(length=64), nullable=False),
        sa.Column("user_hash", sa.String(length=64), nullable=False),
        sa.Column("helpful", sa.Boolean(), nullable=False),
        sa.Column("voted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("card_id", "user_hash"),
    )
    with op.batch_alter_table("slack_votes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_slack_votes_voted_at"), ["voted_at"], unique=False)


def upgrade() -> None:
    conn = op.get_bind()
    old = sa.table(
        "slack_votes",
        sa.column("card_id"),
        sa.column("user_id"),
        sa.column("team_id"),
        sa.column("helpful"),
        sa.column("voted_at"),
    )
    rows = conn.execute(
        sa.select(old.c.card_id, old.c.user_id, old.c.team_id, old.c.helpful, old.c.voted_at)
    ).all()
    salt = _salt(conn) if rows else ""
    op.drop_table("slack_votes")
    _create_hashed()
    kept: dict[tuple[str, str], dict] = {}
    for card_id, user_id, team_id, helpful, voted_at in rows:
        user_hash = _hash(salt, team_id, user_id)
        kept[(card_id, user_hash)] = {
            "card_id": card_id,
            "user_hash": user_hash,
            "helpful": helpful,
            "voted_at": voted_at,
        }
    if kept:
        new = sa.table(
            "slack_votes",
            sa.column("card_id"),
            sa.column("user_hash"),
            sa.column("helpful"),
            sa.column("voted_at"),
        )
        conn.execute(sa.insert(new), list(kept.values()))


def downgrade() -> None:
    # The raw ids and questions are gone for good; the hash stands in for the user id.
    conn = op.get_bind()
    hashed = sa.table(
        "slack_votes",
        sa.column("card_id"),
        sa.column("user_hash"),
        sa.column("helpful"),
        sa.column("voted_at"),
    )
    rows = conn.execute(
        sa.select(hashed.c.card_id, hashed.c.user_hash, hashed.c.helpful, hashed.c.voted_at)
    ).all()
    with op.batch_alter_table("slack_votes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_slack_votes_voted_at"))
    op.drop_table("slack_votes")
    op.create_table(
        "slack_votes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("card_id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("team_id", sa.String(length=64), nullable=True),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("helpful", sa.Boolean(), nullable=False),
        sa.Column("voted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("card_id", "user_id"),
    )
    if rows:
        old = sa.table(
            "slack_votes",
            sa.column("card_id"),
            sa.column("user_id"),
            sa.column("question"),
            sa.column("helpful"),
            sa.column("voted_at"),
        )
        conn.execute(
            sa.insert(old),
            [
                {"card_id": c, "user_id": u, "question": "", "helpful": h, "voted_at": v}
                for c, u, h, v in rows
            ],
        )
