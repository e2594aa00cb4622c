"""Per installation and per server: the installation's secret, servers the bot left, sources turned off."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import NAME_LENGTH, Base, instant
from bot.db.types import UTCDateTime


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
    disabled_at: Mapped[datetime] = instant()
