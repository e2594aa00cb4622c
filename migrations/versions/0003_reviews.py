"""Moderator reviews of answers, shared and best answers, "key points covered" in the ledger.

Revision ID: 0003_reviews
Revises: 0002_misc
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

INSTANT = sa.DateTime(timezone=True)
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

revision: str = "0003_reviews"
down_revision: str | None = "0002_misc"
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
    for statement in BACKFILL:
        op.execute(statement)


# The ledger written before this revision: open answers' events learn their key-point share
# (daily: the answer's stored coverage; quizzes: points out of 10), and the all-time totals are
# recounted from the events ("correct" = multiple choice right). Day, week and month totals
# already written keep counting open answers as "correct" until their period rolls over: their
# boundaries depend on each server's time zone, which SQL here does not know.
_SAME_TOTAL = (
    "e.guild_id = score_totals.guild_id AND e.member_id = score_totals.member_id "
    "AND (score_totals.topic = '' OR e.topic = score_totals.topic)"
)
BACKFILL = (
    "UPDATE score_events SET coverage = (SELECT COALESCE(a.coverage, 0.0) FROM answers a "
    "WHERE a.post_id = score_events.post_id AND a.member_id = score_events.member_id "
    "AND a.choice IS NULL LIMIT 1) "
    "WHERE score_events.post_id IS NOT NULL AND score_events.source IN ('daily', 'self_grade')",
    "UPDATE score_events SET coverage = (SELECT q.points / 10.0 FROM quiz_answers q "
    "WHERE q.quiz_id = score_events.quiz_id AND q.member_id = score_events.member_id "
    "AND q.question_id = score_events.question_id AND q.choice IS NULL AND q.points IS NOT NULL LIMIT 1) "
    "WHERE score_events.quiz_id IS NOT NULL",
    f"UPDATE score_totals SET "
    f"open_answers = (SELECT COUNT(e.coverage) FROM score_events e WHERE {_SAME_TOTAL}), "
    f"coverage = (SELECT COALESCE(SUM(e.coverage), 0.0) FROM score_events e WHERE {_SAME_TOTAL}), "
    f"correct = (SELECT COUNT(*) FROM score_events e WHERE {_SAME_TOTAL} AND e.coverage IS NULL AND e.correct) "
    "WHERE period = 'all'",
)


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
