"""Operations tables: the query log and srm's own settings.

Revision ID: 0003_ops
Revises: 0002_slack
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_ops"
down_revision: str | None = "0002_slack"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "query_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("workspace", sa.String(length=64), nullable=True),
        sa.Column("channel", sa.String(length=64), nullable=True),
        sa.Column("user_hash", sa.String(length=64), nullable=True),
        sa.Column("card_id", sa.String(length=64), nullable=True),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("intent", sa.String(length=32), nullable=False),
        sa.Column("services", sa.String(length=512), nullable=False),
        sa.Column("verdict", sa.String(length=16), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("unknown", sa.Boolean(), nullable=False),
        sa.Column("latency_ms", sa.Float(), nullable=False),
        sa.Column("knowledge_version", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("query_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_query_log_asked_at"), ["asked_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_query_log_card_id"), ["card_id"], unique=False)

    op.create_table(
        "ops_settings",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )


def downgrade() -> None:
    op.drop_table("ops_settings")
    with op.batch_alter_table("query_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_query_log_card_id"))
        batch_op.drop_index(batch_op.f("ix_query_log_asked_at"))
    op.drop_table("query_log")
