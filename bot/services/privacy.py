"""Forget a member: everything stored about them, in one server or everywhere.

Their answers, score events and running totals, streak, review cards, roles,
preferences, quiz answers and waiting or rejected question suggestions are
deleted; quizzes they took part in lose their results, and quizzes they
started no longer name them; a schedule they paused stays paused, its reason
no longer naming them; questions their approved suggestions became stay, no
longer credited to them. Other members'
rows are untouched: their totals and points stay what they were, and boards
simply close up. Posts keep their historical answer counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.db.uow import UnitOfWorkFactory
from bot.domain.clock import Clock
from bot.services.errors import busy_means_try_again
from bot.services.quiz_state import forget_member
from bot.services.suggestions import forget_suggestions

NOBODY = 0
"""Stands in for a forgotten member as the starter of a quiz (the column cannot be empty)."""


@dataclass(frozen=True, slots=True)
class ForgetReport:
    """How many rows of each kind were deleted (``quiz_sessions``: quizzes rewritten without the member)."""

    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class Privacy:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow_factory
        self._clock = clock

    async def forget(self, member_id: int, guild_id: int | None) -> ForgetReport:
        """Delete the member's data in ``guild_id``, or in every server when it is None; one transaction."""
        now = self._clock.now()
        async with busy_means_try_again(), self._uow() as uow:
            # Quizzes first: which ones the member was in is known from the answers about to go.
            quizzes = await uow.quizzes.involving(member_id, guild_id)
            for record in quizzes:
                starter = NOBODY if record.started_by == member_id else record.started_by
                await uow.quizzes.replace_starter(
                    record.id, starter, forget_member(record.state, member_id), now=now
                )
            counts = await uow.members.forget(member_id, guild_id)
            counts |= await forget_suggestions(uow, member_id, guild_id, now)
            await uow.commit()
        return ForgetReport(counts | {"quiz_sessions": len(quizzes)})
