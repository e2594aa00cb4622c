"""What the bot keeps per member: roles seen, spaced-repetition cards and preferences."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import Base
from bot.db.types import UTCDateTime


class MemberRoleModel(Base):
    """The roles a member had when last seen (for role-filtered leaderboards)."""

    __tablename__ = "member_roles"
    __table_args__ = (Index("ix_member_roles_guild_id_role_id", "guild_id", "role_id"),)

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    member_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    role_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime())


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
