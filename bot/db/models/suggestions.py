"""The ``suggestions`` table: questions members suggest for their server's bank (``/suggest``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, CheckConstraint, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import CODE_LENGTH, ID_LENGTH, NAME_LENGTH, Base
from bot.db.types import BigId, UTCDateTime


class SuggestionModel(Base):
    """A member's suggested question: pending until a moderator approves or rejects it.

    The text is stored as the member typed it. ``author_name`` is the credit
    ("suggested by ...") as plain text, never a mention; an approved suggestion
    names the question it became. Forgetting the member deletes their rows.
    """

    __tablename__ = "suggestions"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'approved', 'rejected')", name="status"),
        Index("ix_suggestions_guild_id_status_created_at", "guild_id", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(BigInteger)
    member_id: Mapped[int] = mapped_column(BigInteger, index=True)
    author_name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    status: Mapped[str] = mapped_column(String(CODE_LENGTH))
    topic: Mapped[str] = mapped_column(String(NAME_LENGTH))
    prompt: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    key_points: Mapped[list[str]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # last changed by a moderator
    moderator_id: Mapped[int | None] = mapped_column(BigInteger)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reason: Mapped[str | None] = mapped_column(Text)  # a rejection's reason, told to the member
    question_id: Mapped[str | None] = mapped_column(String(ID_LENGTH))
