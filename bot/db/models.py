"""SQLAlchemy models: the tables of docs/architecture.md ("Storage").

Repositories query these tables and return records (``bot.db.records``), never
model instances. Discord snowflakes are ``BigInteger``; instants are
:class:`~bot.db.types.UTCDateTime`; calendar days are ``Date``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bot.db.types import BigId, UTCDateTime

# Stable constraint names, so Alembic batch mode on SQLite can find and rebuild them.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ID_LENGTH = 64  # question ids: "<source>-<6 hex>" or "g<guild_id>-<6 hex>"
NAME_LENGTH = 100  # topic slugs, group keys
CODE_LENGTH = 16  # kinds, statuses, periods, sources


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _created() -> Mapped[datetime]:
    return mapped_column(UTCDateTime(), nullable=False)


class QuestionModel(Base):
    """A question of the shared bank (``guild_id`` null) or a server's own."""

    __tablename__ = "questions"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    guild_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    kind: Mapped[str] = mapped_column(String(CODE_LENGTH))
    topic: Mapped[str] = mapped_column(String(NAME_LENGTH))
    difficulty: Mapped[str] = mapped_column(String(CODE_LENGTH))
    group_key: Mapped[str | None] = mapped_column(String(NAME_LENGTH))
    # Kept out of ``body`` so search and listings need not decode JSON.
    prompt: Mapped[str] = mapped_column(Text)
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = _created()
    updated_at: Mapped[datetime] = _created()


class ScheduleModel(Base):
    """When and where a server's question of the day is posted."""

    __tablename__ = "schedules"
    __table_args__ = (CheckConstraint("status IN ('active', 'paused')", name="status"),)

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    channel_id: Mapped[int] = mapped_column(BigInteger)
    post_time: Mapped[str] = mapped_column(String(5))
    timezone: Mapped[str] = mapped_column(String(64))
    reveal_after_minutes: Mapped[int | None] = mapped_column(Integer)
    topics: Mapped[list[str]] = mapped_column(JSON)
    difficulty: Mapped[str | None] = mapped_column(String(CODE_LENGTH))
    ping_role_id: Mapped[int | None] = mapped_column(BigInteger)
    open_thread: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(CODE_LENGTH))
    paused_reason: Mapped[str | None] = mapped_column(Text)
    # Who paused it (an admin), so forgetting that member can take their name out of the reason.
    paused_by: Mapped[int | None] = mapped_column(BigInteger)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    next_post_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    # The local date ``next_post_at`` posts for: a post time in a DST gap that crosses
    # midnight resolves onto the next calendar day, so the date cannot be derived.
    next_post_date: Mapped[date | None] = mapped_column(Date)
    skip_date: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = _created()
    updated_at: Mapped[datetime] = _created()


class PostModel(Base):
    """One day's question in one server; at most one per (server, local date)."""

    __tablename__ = "posts"
    __table_args__ = (
        UniqueConstraint("guild_id", "local_date"),
        CheckConstraint("status IN ('pending', 'sent', 'revealed', 'failed', 'skipped')", name="status"),
        Index("ix_posts_status_reveal_at", "status", "reveal_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(BigInteger)
    local_date: Mapped[date] = mapped_column(Date)
    # Both null only for a day that was skipped before a question was chosen for it.
    day_number: Mapped[int | None] = mapped_column(Integer)
    question_id: Mapped[str | None] = mapped_column(ForeignKey("questions.id"), index=True)
    channel_id: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(CODE_LENGTH))
    scheduled_for: Mapped[datetime] = mapped_column(UTCDateTime())
    reveal_at: Mapped[datetime] = mapped_column(UTCDateTime())
    lease_owner: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    lease_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    nonce: Mapped[str] = mapped_column(String(32))
    message_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    thread_id: Mapped[int | None] = mapped_column(BigInteger)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revealed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reveal_message_id: Mapped[int | None] = mapped_column(BigInteger)
    answer_count: Mapped[int] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    # Transient failures of the current step (send, then reveal); reset once sent.
    failures: Mapped[int] = mapped_column(Integer, server_default="0")
    # When the reveal scored the answers: set once, so a retried reveal never scores twice.
    scored_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When the send (the reveal) was first handed out: from then on a message may exist that
    # nobody recorded (the sender died), so a later attempt looks in the channel first.
    send_claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reveal_claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = _created()
    updated_at: Mapped[datetime] = _created()


class AnswerModel(Base):
    """A member's answer to a post: text exactly as typed, results after the reveal."""

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("post_id", "member_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    guild_id: Mapped[int] = mapped_column(BigInteger)
    member_id: Mapped[int] = mapped_column(BigInteger, index=True)
    choice: Mapped[str | None] = mapped_column(String(CODE_LENGTH))
    text: Mapped[str | None] = mapped_column(Text)
    streak_at_answer: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = _created()
    updated_at: Mapped[datetime] = _created()
    points: Mapped[int | None] = mapped_column(Integer)
    coverage: Mapped[float | None] = mapped_column(Float)
    hits: Mapped[list[str] | None] = mapped_column(JSON)
    misses: Mapped[list[str] | None] = mapped_column(JSON)
    correct: Mapped[bool | None] = mapped_column(Boolean)
    # Left from self-grading (gone): old rows keep the grade they had; nothing writes it now.
    self_grade: Mapped[str | None] = mapped_column(String(CODE_LENGTH))
    # When the member shared it in the day's thread (once), and when a moderator marked it best.
    shared_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    best_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class AnswerReviewModel(Base):
    """A member's request for a moderator to review their open answer, and the decision.

    One per answer: a later decision replaces the earlier one, and keeps the
    base from before the first change in ``auto_base``, so "My result" can
    always show the automatic grade next to the reviewed one.
    """

    __tablename__ = "answer_reviews"
    __table_args__ = (
        Index("ix_answer_reviews_guild_id_status_requested_at", "guild_id", "status", "requested_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"), unique=True)
    guild_id: Mapped[int] = mapped_column(BigInteger)
    member_id: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(CODE_LENGTH))  # open, changed, kept
    note: Mapped[str | None] = mapped_column(Text)
    requested_at: Mapped[datetime] = _created()
    moderator_id: Mapped[int | None] = mapped_column(BigInteger)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    auto_base: Mapped[int | None] = mapped_column(Integer)
    old_base: Mapped[int | None] = mapped_column(Integer)
    new_base: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(Text)


class ModerationSettingsModel(Base):
    """Who may review answers in a server besides members with Manage Messages."""

    __tablename__ = "moderation_settings"

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    reviewer_role_id: Mapped[int | None] = mapped_column(BigInteger)


class ScoreEventModel(Base):
    """Points awarded once (at a reveal, a quiz question, a self-grade): the ledger."""

    __tablename__ = "score_events"
    __table_args__ = (
        Index("ix_score_events_guild_id_occurred_at", "guild_id", "occurred_at"),
        Index("ix_score_events_guild_id_member_id", "guild_id", "member_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(BigInteger)
    member_id: Mapped[int] = mapped_column(BigInteger)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime())
    points: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(CODE_LENGTH))
    # No foreign keys to questions/posts/quizzes: the ledger outlives what it refers to.
    question_id: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    topic: Mapped[str] = mapped_column(String(NAME_LENGTH))
    correct: Mapped[bool] = mapped_column(Boolean)
    post_id: Mapped[int | None] = mapped_column(BigInteger)
    quiz_id: Mapped[int | None] = mapped_column(BigInteger)
    # An open answer's share of key points covered (0..1); null for multiple choice.
    coverage: Mapped[float | None] = mapped_column(Float)


class ScoreTotalModel(Base):
    """Running totals per (server, period, period start, topic, member), for leaderboards."""

    __tablename__ = "score_totals"
    __table_args__ = (CheckConstraint("period IN ('day', 'week', 'month', 'all')", name="period"),)

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    period: Mapped[str] = mapped_column(String(CODE_LENGTH), primary_key=True)
    period_start: Mapped[date] = mapped_column(Date, primary_key=True)
    topic: Mapped[str] = mapped_column(String(NAME_LENGTH), primary_key=True)
    member_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    points: Mapped[int] = mapped_column(Integer)
    answers: Mapped[int] = mapped_column(Integer)
    correct: Mapped[int] = mapped_column(Integer)
    reached_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Open answers counted, and the sum of their key-point shares ("key points covered").
    open_answers: Mapped[int] = mapped_column(Integer, server_default="0")
    coverage: Mapped[float] = mapped_column(Float, server_default="0")


# The leaderboard's order: best points first, then who reached them first.
Index(
    "ix_score_totals_leaderboard",
    ScoreTotalModel.guild_id,
    ScoreTotalModel.period,
    ScoreTotalModel.period_start,
    ScoreTotalModel.topic,
    ScoreTotalModel.points.desc(),
    ScoreTotalModel.reached_at,
)


class StreakModel(Base):
    """Consecutive days a member answered, per server."""

    __tablename__ = "streaks"

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    member_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    current: Mapped[int] = mapped_column(Integer)
    best: Mapped[int] = mapped_column(Integer)
    last_date: Mapped[date | None] = mapped_column(Date)


class MemberRoleModel(Base):
    """The roles a member had when last seen (for role-filtered leaderboards)."""

    __tablename__ = "member_roles"
    __table_args__ = (Index("ix_member_roles_guild_id_role_id", "guild_id", "role_id"),)

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    member_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    role_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime())


class QuizSessionModel(Base):
    """A quiz in a channel: its questions, where it is, and the domain's state (JSON)."""

    __tablename__ = "quiz_sessions"
    __table_args__ = (
        CheckConstraint("status IN ('running', 'finished', 'cancelled')", name="status"),
        Index("ix_quiz_sessions_status_channel_id", "status", "channel_id"),
        # One running quiz per channel, even when two starts race (each in its own process).
        Index(
            "uq_quiz_sessions_running_channel",
            "channel_id",
            unique=True,
            sqlite_where=text("status = 'running'"),
            postgresql_where=text("status = 'running'"),
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(BigInteger)
    channel_id: Mapped[int] = mapped_column(BigInteger)
    thread_id: Mapped[int | None] = mapped_column(BigInteger)
    started_by: Mapped[int] = mapped_column(BigInteger)
    question_ids: Mapped[list[str]] = mapped_column(JSON)
    position: Mapped[int] = mapped_column(Integer)
    window_seconds: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(CODE_LENGTH))
    state: Mapped[dict[str, Any]] = mapped_column(JSON)
    started_at: Mapped[datetime] = _created()
    updated_at: Mapped[datetime] = _created()
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class QuizAnswerModel(Base):
    """One member's answer to one question of a quiz (the first one counts)."""

    __tablename__ = "quiz_answers"
    __table_args__ = (UniqueConstraint("quiz_id", "position", "member_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz_sessions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    question_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    guild_id: Mapped[int] = mapped_column(BigInteger)
    member_id: Mapped[int] = mapped_column(BigInteger, index=True)
    choice: Mapped[str | None] = mapped_column(String(CODE_LENGTH))
    text: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime())
    points: Mapped[int | None] = mapped_column(Integer)
    correct: Mapped[bool | None] = mapped_column(Boolean)


class ReviewCardModel(Base):
    """A member's spaced-repetition card for one question (FSRS state as JSON)."""

    __tablename__ = "review_cards"

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    member_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    question_id: Mapped[str] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True)
    card: Mapped[dict[str, Any]] = mapped_column(JSON)
    due: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    last_review: Mapped[datetime | None] = mapped_column(UTCDateTime())


class MemberPrefsModel(Base):
    """A member's settings in one server."""

    __tablename__ = "member_prefs"

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    member_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    review_dm: Mapped[bool] = mapped_column(Boolean)
    # "HH:MM" on the server's clock; None: when the server's question is posted.
    review_dm_time: Mapped[str | None] = mapped_column(String(5))
    last_review_dm_on: Mapped[date | None] = mapped_column(Date)


class InstallationModel(Base):
    """Settings of this installation that live in the database (shared by all its processes)."""

    __tablename__ = "installation"

    key: Mapped[str] = mapped_column(String(NAME_LENGTH), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class DepartedGuildModel(Base):
    """A server that removed the bot, and since when; its data goes after the grace period."""

    __tablename__ = "departed_guilds"

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    left_at: Mapped[datetime] = mapped_column(UTCDateTime())


class DisabledSourceModel(Base):
    """A question source a server turned off: a seed document, a pack file or its own questions.

    Sources are on by default, so only those turned off have a row; their questions
    stay out of the server's daily rotation and quizzes until it is turned on again.
    """

    __tablename__ = "disabled_sources"

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    source: Mapped[str] = mapped_column(String(NAME_LENGTH), primary_key=True)  # see bot.db.sources
    disabled_at: Mapped[datetime] = _created()


# Tables defined in modules of their own join Base.metadata here (migrations compare against it).
from bot.db import suggestion_model  # noqa: E402, F401
