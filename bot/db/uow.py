"""The unit of work: one transaction, with every repository bound to it.

Services use it like this::

    async with uow_factory() as uow:
        post = await uow.posts.get(post_id)
        await uow.answers.upsert(post.id, post.guild_id, member_id, text=text, streak_at_answer=3, now=now)
        await uow.commit()

Leaving the block without :meth:`UnitOfWork.commit` rolls everything back, and
so does an exception. When another writer holds the database past the busy
timeout, :class:`~bot.db.errors.DatabaseBusy` is raised (after the rollback):
nothing of the unit of work remains, so the caller can say "try again".
"""

from __future__ import annotations

import abc
from collections.abc import Callable
from types import TracebackType
from typing import Self

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.db.engine import SQLITE_BEGIN_OPTION, create_session_factory
from bot.db.errors import DatabaseBusy, is_busy_error
from bot.db.repositories import (
    AnswerRepository,
    GuildRepository,
    InstallationRepository,
    MemberRepository,
    ModerationRepository,
    PostRepository,
    PrefsRepository,
    QuestionRepository,
    QuizRepository,
    ReviewRepository,
    RoleRepository,
    ScheduleRepository,
    ScoreRepository,
    SourceRepository,
    StreakRepository,
    SuggestionRepository,
)

__all__ = ["DatabaseBusy", "SqlUnitOfWork", "UnitOfWork", "UnitOfWorkFactory", "make_uow_factory"]


class UnitOfWork(abc.ABC):
    """One transaction and the repositories that work inside it (an async context manager)."""

    questions: QuestionRepository
    schedules: ScheduleRepository
    posts: PostRepository
    answers: AnswerRepository
    scores: ScoreRepository
    streaks: StreakRepository
    roles: RoleRepository
    quizzes: QuizRepository
    reviews: ReviewRepository
    prefs: PrefsRepository
    members: MemberRepository
    guilds: GuildRepository
    installation: InstallationRepository
    moderation: ModerationRepository
    sources: SourceRepository
    suggestions: SuggestionRepository

    @abc.abstractmethod
    async def __aenter__(self) -> Self: ...

    @abc.abstractmethod
    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    @abc.abstractmethod
    async def commit(self) -> None:
        """Make the work so far permanent (the block may go on in a new transaction)."""

    @abc.abstractmethod
    async def rollback(self) -> None:
        """Undo the work so far."""


UnitOfWorkFactory = Callable[[], UnitOfWork]


class SqlUnitOfWork(UnitOfWork):
    """A :class:`UnitOfWork` over a SQLAlchemy async session.

    On SQLite the transaction starts with ``BEGIN IMMEDIATE`` (it takes the write
    lock up front, waiting up to the busy timeout), unless ``read_only`` is set,
    which begins ``DEFERRED`` so readers never queue behind writers.
    """

    def __init__(self, session_factory: async_sessionmaker[AsyncSession], *, read_only: bool = False) -> None:
        self._session_factory = session_factory
        self._read_only = read_only
        self._session: AsyncSession | None = None

    async def __aenter__(self) -> Self:
        if self._session is not None:
            raise RuntimeError("this unit of work is already in use; make a new one per operation")
        session = self._session_factory()
        self._session = session
        for name, repository in _REPOSITORIES.items():
            setattr(self, name, repository(session))
        mode = "DEFERRED" if self._read_only else "IMMEDIATE"
        try:
            # Start the transaction now, so a busy database shows up here, before any work.
            await session.connection(execution_options={SQLITE_BEGIN_OPTION: mode})
        except BaseException as exc:
            await self._close()
            _raise_if_busy(exc)
            raise
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        # Whatever was not committed is undone, on success and on failure alike.
        await self._close()
        if exc is not None:
            _raise_if_busy(exc)

    async def commit(self) -> None:
        try:
            await self._require_session().commit()
        except DBAPIError as exc:
            await self._require_session().rollback()
            _raise_if_busy(exc)
            raise

    async def rollback(self) -> None:
        await self._require_session().rollback()

    def _require_session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("use the unit of work inside 'async with'")
        return self._session

    async def _close(self) -> None:
        session, self._session = self._session, None
        if session is not None:
            # close() rolls back an open transaction and returns the connection.
            await session.close()


_REPOSITORIES = {
    "questions": QuestionRepository,
    "schedules": ScheduleRepository,
    "posts": PostRepository,
    "answers": AnswerRepository,
    "scores": ScoreRepository,
    "streaks": StreakRepository,
    "roles": RoleRepository,
    "quizzes": QuizRepository,
    "reviews": ReviewRepository,
    "prefs": PrefsRepository,
    "members": MemberRepository,
    "guilds": GuildRepository,
    "installation": InstallationRepository,
    "moderation": ModerationRepository,
    "sources": SourceRepository,
    "suggestions": SuggestionRepository,
}


def _raise_if_busy(exc: BaseException) -> None:
    if isinstance(exc, DBAPIError) and is_busy_error(exc):
        raise DatabaseBusy() from exc


def make_uow_factory(engine: AsyncEngine, *, read_only: bool = False) -> UnitOfWorkFactory:
    """The factory services receive: each call gives a fresh :class:`SqlUnitOfWork` on ``engine``."""
    session_factory = create_session_factory(engine)
    return lambda: SqlUnitOfWork(session_factory, read_only=read_only)
