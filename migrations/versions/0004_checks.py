"""Security Hub checks of customer duties, their review notes, sourced notes, and where the
controls came from.

Revision ID: 0004_checks
Revises: 0003_ops
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_checks"
down_revision: str | None = "0003_ops"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("packs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("checks_source_text", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("checks_source_url", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("checks_as_of", sa.String(length=10), nullable=True))
    with op.batch_alter_table("duties", schema=None) as batch_op:
        batch_op.add_column(sa.Column("review_note", sa.Text(), nullable=True))

    op.create_table(
        "security_controls",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("pack", sa.String(length=32), nullable=False),
        sa.Column("control_id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("standards", sa.JSON(), nullable=False),
        sa.Column("config_rule", sa.String(length=200), nullable=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["pack"], ["packs.slug"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("pack", "control_id"),
    )
    with op.batch_alter_table("security_controls", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_security_controls_pack"), ["pack"], unique=False)

    op.create_table(
        "duty_checks",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("duty_id", sa.Integer(), nullable=False),
        sa.Column("control_id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["duty_id"], ["duties.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("duty_checks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_duty_checks_duty_id"), ["duty_id"], unique=False)

    op.create_table(
        "duty_notes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("duty_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("source_url", sa.Text(), nullable=False),
        sa.Column("read_on", sa.Date(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["duty_id"], ["duties.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("duty_notes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_duty_notes_duty_id"), ["duty_id"], unique=False)


def downgrade() -> None:
    for table in ("duty_notes", "duty_checks", "security_controls"):
        op.drop_table(table)
    with op.batch_alter_table("duties", schema=None) as batch_op:
        batch_op.drop_column("review_note")
    with op.batch_alter_table("packs", schema=None) as batch_op:
        batch_op.drop_column("checks_as_of")
        batch_op.drop_column("checks_source_url")
        batch_op.drop_column("checks_source_text")
