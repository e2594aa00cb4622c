"""Quizzes: a session and its answers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import CODE_LENGTH, ID_LENGTH, Base, instant
from bot.db.types import BigId, UTCDateTime


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
    started_at: Mapped[datetime] = instant()
    updated_at: Mapped[datetime] = instant()
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
