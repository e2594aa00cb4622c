"""Initial schema: every table of docs/architecture.md ("Storage").

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# Spelled out here rather than imported from bot.db, so this revision never changes
# when the models do. UTCDateTime's storage type is DateTime(timezone=True).
INSTANT = sa.DateTime(timezone=True)
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "member_prefs",
        sa.Column("guild_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("member_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("review_dm", sa.Boolean(), nullable=False),
        sa.Column("last_review_dm_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("guild_id", "member_id", name=op.f("pk_member_prefs")),
    )
    op.create_table(
        "member_roles",
        sa.Column("guild_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("member_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("role_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("seen_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("guild_id", "member_id", "role_id", name=op.f("pk_member_roles")),
    )
    op.create_index("ix_member_roles_guild_id_role_id", "member_roles", ["guild_id", "role_id"], unique=False)

    op.create_table(
        "questions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("topic", sa.String(length=100), nullable=False),
        sa.Column("difficulty", sa.String(length=16), nullable=False),
        sa.Column("group_key", sa.String(length=100), nullable=True),
        sa.Column("prompt", sa.Text(), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("retired_at", INSTANT, nullable=True),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("updated_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questions")),
    )
    op.create_index(op.f("ix_questions_guild_id"), "questions", ["guild_id"], unique=False)

    op.create_table(
        "quiz_sessions",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("channel_id", sa.BigInteger(), nullable=False),
        sa.Column("thread_id", sa.BigInteger(), nullable=True),
        sa.Column("started_by", sa.BigInteger(), nullable=False),
        sa.Column("question_ids", sa.JSON(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("window_seconds", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.Column("started_at", INSTANT, nullable=False),
        sa.Column("updated_at", INSTANT, nullable=False),
        sa.Column("finished_at", INSTANT, nullable=True),
        sa.CheckConstraint(
            "status IN ('running', 'finished', 'cancelled')", name=op.f("ck_quiz_sessions_status")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quiz_sessions")),
    )
    op.create_index(
        "ix_quiz_sessions_status_channel_id", "quiz_sessions", ["status", "channel_id"], unique=False
    )

    op.create_table(
        "schedules",
        sa.Column("guild_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("channel_id", sa.BigInteger(), nullable=False),
        sa.Column("post_time", sa.String(length=5), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("reveal_after_minutes", sa.Integer(), nullable=True),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("difficulty", sa.String(length=16), nullable=True),
        sa.Column("ping_role_id", sa.BigInteger(), nullable=True),
        sa.Column("open_thread", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("paused_reason", sa.Text(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_error_at", INSTANT, nullable=True),
        sa.Column("next_post_at", INSTANT, nullable=True),
        sa.Column("next_post_date", sa.Date(), nullable=True),
        sa.Column("skip_date", sa.Date(), nullable=True),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("updated_at", INSTANT, nullable=False),
        sa.CheckConstraint("status IN ('active', 'paused')", name=op.f("ck_schedules_status")),
        sa.PrimaryKeyConstraint("guild_id", name=op.f("pk_schedules")),
    )
    op.create_index(op.f("ix_schedules_next_post_at"), "schedules", ["next_post_at"], unique=False)

    op.create_table(
        "score_events",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("occurred_at", INSTANT, nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("question_id", sa.String(length=64), nullable=True),
        sa.Column("topic", sa.String(length=100), nullable=False),
        sa.Column("correct", sa.Boolean(), nullable=False),
        sa.Column("post_id", sa.BigInteger(), nullable=True),
        sa.Column("quiz_id", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_score_events")),
    )
    op.create_index(
        "ix_score_events_guild_id_member_id", "score_events", ["guild_id", "member_id"], unique=False
    )
    op.create_index(
        "ix_score_events_guild_id_occurred_at", "score_events", ["guild_id", "occurred_at"], unique=False
    )

    op.create_table(
        "score_totals",
        sa.Column("guild_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("topic", sa.String(length=100), nullable=False),
        sa.Column("member_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("answers", sa.Integer(), nullable=False),
        sa.Column("correct", sa.Integer(), nullable=False),
        sa.Column("reached_at", INSTANT, nullable=False),
        sa.CheckConstraint("period IN ('day', 'week', 'month', 'all')", name=op.f("ck_score_totals_period")),
        sa.PrimaryKeyConstraint(
            "guild_id", "period", "period_start", "topic", "member_id", name=op.f("pk_score_totals")
        ),
    )
    op.create_index(
        "ix_score_totals_leaderboard",
        "score_totals",
        ["guild_id", "period", "period_start", "topic", sa.text("points DESC"), "reached_at"],
        unique=False,
    )

    op.create_table(
        "streaks",
        sa.Column("guild_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("member_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("current", sa.Integer(), nullable=False),
        sa.Column("best", sa.Integer(), nullable=False),
        sa.Column("last_date", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("guild_id", "member_id", name=op.f("pk_streaks")),
    )
    op.create_table(
        "posts",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("day_number", sa.Integer(), nullable=True),
        sa.Column("question_id", sa.String(length=64), nullable=True),
        sa.Column("channel_id", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("scheduled_for", INSTANT, nullable=False),
        sa.Column("reveal_at", INSTANT, nullable=False),
        sa.Column("lease_owner", sa.String(length=64), nullable=True),
        sa.Column("lease_expires_at", INSTANT, nullable=True),
        sa.Column("nonce", sa.String(length=32), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("thread_id", sa.BigInteger(), nullable=True),
        sa.Column("sent_at", INSTANT, nullable=True),
        sa.Column("revealed_at", INSTANT, nullable=True),
        sa.Column("reveal_message_id", sa.BigInteger(), nullable=True),
        sa.Column("answer_count", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("failures", sa.Integer(), server_default="0", nullable=False),
        sa.Column("scored_at", INSTANT, nullable=True),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("updated_at", INSTANT, nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'sent', 'revealed', 'failed', 'skipped')", name=op.f("ck_posts_status")
        ),
        sa.ForeignKeyConstraint(
            ["question_id"], ["questions.id"], name=op.f("fk_posts_question_id_questions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_posts")),
        sa.UniqueConstraint("guild_id", "local_date", name=op.f("uq_posts_guild_id_local_date")),
    )
    op.create_index(op.f("ix_posts_message_id"), "posts", ["message_id"], unique=False)
    op.create_index(op.f("ix_posts_question_id"), "posts", ["question_id"], unique=False)
    op.create_index("ix_posts_status_reveal_at", "posts", ["status", "reveal_at"], unique=False)

    op.create_table(
        "quiz_answers",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("quiz_id", BIG_ID, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=64), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("choice", sa.String(length=16), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("answered_at", INSTANT, nullable=False),
        sa.Column("points", sa.Integer(), nullable=True),
        sa.Column("correct", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(
            ["quiz_id"],
            ["quiz_sessions.id"],
            name=op.f("fk_quiz_answers_quiz_id_quiz_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quiz_answers")),
        sa.UniqueConstraint(
            "quiz_id", "position", "member_id", name=op.f("uq_quiz_answers_quiz_id_position_member_id")
        ),
    )
    op.create_index(op.f("ix_quiz_answers_member_id"), "quiz_answers", ["member_id"], unique=False)

    op.create_table(
        "review_cards",
        sa.Column("guild_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("member_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("question_id", sa.String(length=64), nullable=False),
        sa.Column("card", sa.JSON(), nullable=False),
        sa.Column("due", INSTANT, nullable=False),
        sa.Column("last_review", INSTANT, nullable=True),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["questions.id"],
            name=op.f("fk_review_cards_question_id_questions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("guild_id", "member_id", "question_id", name=op.f("pk_review_cards")),
    )
    op.create_index(op.f("ix_review_cards_due"), "review_cards", ["due"], unique=False)

    op.create_table(
        "answers",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("post_id", BIG_ID, nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("choice", sa.String(length=16), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("streak_at_answer", sa.Integer(), nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("updated_at", INSTANT, nullable=False),
        sa.Column("points", sa.Integer(), nullable=True),
        sa.Column("coverage", sa.Float(), nullable=True),
        sa.Column("hits", sa.JSON(), nullable=True),
        sa.Column("misses", sa.JSON(), nullable=True),
        sa.Column("correct", sa.Boolean(), nullable=True),
        sa.Column("self_grade", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["post_id"], ["posts.id"], name=op.f("fk_answers_post_id_posts"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answers")),
        sa.UniqueConstraint("post_id", "member_id", name=op.f("uq_answers_post_id_member_id")),
    )
    op.create_index(op.f("ix_answers_member_id"), "answers", ["member_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_answers_member_id"), table_name="answers")

    op.drop_table("answers")
    op.drop_index(op.f("ix_review_cards_due"), table_name="review_cards")

    op.drop_table("review_cards")
    op.drop_index(op.f("ix_quiz_answers_member_id"), table_name="quiz_answers")

    op.drop_table("quiz_answers")
    op.drop_index("ix_posts_status_reveal_at", table_name="posts")
    op.drop_index(op.f("ix_posts_question_id"), table_name="posts")
    op.drop_index(op.f("ix_posts_message_id"), table_name="posts")

    op.drop_table("posts")
    op.drop_table("streaks")
    op.drop_index("ix_score_totals_leaderboard", table_name="score_totals")

    op.drop_table("score_totals")
    op.drop_index("ix_score_events_guild_id_occurred_at", table_name="score_events")
    op.drop_index("ix_score_events_guild_id_member_id", table_name="score_events")

    op.drop_table("score_events")
    op.drop_index(op.f("ix_schedules_next_post_at"), table_name="schedules")

    op.drop_table("schedules")
    op.drop_index("ix_quiz_sessions_status_channel_id", table_name="quiz_sessions")

    op.drop_table("quiz_sessions")
    op.drop_index(op.f("ix_questions_guild_id"), table_name="questions")

    op.drop_table("questions")
    op.drop_index("ix_member_roles_guild_id_role_id", table_name="member_roles")

    op.drop_table("member_roles")
    op.drop_table("member_prefs")
