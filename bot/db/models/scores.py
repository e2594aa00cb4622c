"""Points: the score events (the ledger), the running totals read by the leaderboards, and streaks."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, CheckConstraint, Date, Float, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import CODE_LENGTH, ID_LENGTH, NAME_LENGTH, Base
from bot.db.types import BigId, UTCDateTime


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
