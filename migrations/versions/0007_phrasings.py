"""Phrasings: everyday ways people ask about each duty (knowledge/asked_as.yaml).

Revision ID: 0007_phrasings
Revises: 0006_votes_hashed
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_phrasings"
down_revision: str | None = "0006_votes_hashed"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "phrasings",
        sa.Column("pack", sa.String(length=32), nullable=False),
        sa.Column("service", sa.String(length=64), nullable=False),
        sa.Column("launch_type", sa.String(length=64), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("phrases", sa.JSON(), nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["pack"], ["packs.slug"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("phrasings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_phrasings_pack"), ["pack"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("phrasings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_phrasings_pack"))
    op.drop_table("phrasings")
