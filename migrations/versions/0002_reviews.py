"""Moderator reviews of answers, shared and best answers, "key points covered" in the ledger.

Revision ID: 0002_reviews
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

INSTANT = sa.DateTime(timezone=True)
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

revision: str = "0002_reviews"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "answer_reviews",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("answer_id", BIG_ID, nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("requested_at", INSTANT, nullable=False),
        sa.Column("moderator_id", sa.BigInteger(), nullable=True),
        sa.Column("decided_at", INSTANT, nullable=True),
        sa.Column("auto_base", sa.Integer(), nullable=True),
        sa.Column("old_base", sa.Integer(), nullable=True),
        sa.Column("new_base", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["answer_id"],
            ["answers.id"],
            name=op.f("fk_answer_reviews_answer_id_answers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer_reviews")),
        sa.UniqueConstraint("answer_id", name=op.f("uq_answer_reviews_answer_id")),
    )
    op.create_index(
        "ix_answer_reviews_guild_id_status_requested_at",
        "answer_reviews",
        ["guild_id", "status", "requested_at"],
        unique=False,
    )
    op.create_table(
        "moderation_settings",
        sa.Column("guild_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("reviewer_role_id", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("guild_id", name=op.f("pk_moderation_settings")),
    )
    with op.batch_alter_table("answers") as batch:
        batch.add_column(sa.Column("shared_at", INSTANT, nullable=True))
        batch.add_column(sa.Column("best_at", INSTANT, nullable=True))
    with op.batch_alter_table("score_events") as batch:
        batch.add_column(sa.Column("coverage", sa.Float(), nullable=True))
    with op.batch_alter_table("score_totals") as batch:
        batch.add_column(sa.Column("open_answers", sa.Integer(), server_default="0", nullable=False))
        batch.add_column(sa.Column("coverage", sa.Float(), server_default="0", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("score_totals") as batch:
        batch.drop_column("coverage")
        batch.drop_column("open_answers")
    with op.batch_alter_table("score_events") as batch:
        batch.drop_column("coverage")
    with op.batch_alter_table("answers") as batch:
        batch.drop_column("best_at")
        batch.drop_column("shared_at")
    op.drop_table("moderation_settings")
    op.drop_index("ix_answer_reviews_guild_id_status_requested_at", table_name="answer_reviews")
    op.drop_table("answer_reviews")
