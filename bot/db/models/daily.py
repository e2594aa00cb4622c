"""The daily round: the questions, each server's schedule, its posts and the answers to them."""

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
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import CODE_LENGTH, ID_LENGTH, NAME_LENGTH, Base, instant
from bot.db.types import BigId, UTCDateTime


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
    created_at: Mapped[datetime] = instant()
    updated_at: Mapped[datetime] = instant()


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
    created_at: Mapped[datetime] = instant()
    updated_at: Mapped[datetime] = instant()


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
    created_at: Mapped[datetime] = instant()
    updated_at: Mapped[datetime] = instant()


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
    created_at: Mapped[datetime] = instant()
    updated_at: Mapped[datetime] = instant()
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
