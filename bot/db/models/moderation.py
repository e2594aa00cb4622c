"""Moderation: members' review requests and the moderators' decisions, and each server's reviewer role."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import CODE_LENGTH, Base, instant
from bot.db.types import BigId, UTCDateTime


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
    requested_at: Mapped[datetime] = instant()
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
