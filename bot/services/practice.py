"""Practice on demand: a random question from the server's pool, new or due ones first.

The member rates their recall afterwards with ``Reviews.record``, which gives
the question a card, so practice and spaced repetition feed each other.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from bot.db.records import PoolRow
from bot.db.uow import UnitOfWorkFactory
from bot.domain.clock import Clock
from bot.domain.errors import EmptyPool
from bot.domain.questions import Question
from bot.domain.selection import Filters
from bot.domain.short_ids import full_id
from bot.services.embargo import Embargo, embargo_in
from bot.services.errors import busy_means_try_again
from bot.services.members import MemberRef
from bot.services.reviews import record_roles, visible_question


def pool_filters(topic: str | None = None, difficulty: str | None = None, kind: str | None = None) -> Filters:
    """A member's filters as the domain reads them (``None`` means any)."""
    return Filters(
        topics=frozenset({topic}) if topic else frozenset(),
        difficulty=difficulty or None,
        kinds=frozenset({kind}) if kind else frozenset(),
    )


def matching(pool: Sequence[PoolRow], filters: Filters) -> list[PoolRow]:
    """The pool rows the filters let through, in pool order."""
    return [row for row in pool if filters.matches(row.candidate())]


class Practice:
    """Questions to practise with, chosen per member."""

    def __init__(
        self, uow_factory: UnitOfWorkFactory, clock: Clock, *, rng: random.Random | None = None
    ) -> None:
        self._uow = uow_factory
        self._clock = clock
        self._rng = rng or random.Random()

    async def next(
        self,
        member: MemberRef,
        *,
        topic: str | None = None,
        difficulty: str | None = None,
        exclude: Sequence[str] = (),
    ) -> Question:
        """A random question matching the filters, not in ``exclude`` (e.g. this session's so far).

        Questions the member has no card for, or whose card is due, come first;
        only when none is left do cards not yet due come up. Today's question (and
        its near-duplicates) waits for the reveal. ``EmptyPool`` when nothing
        matches at all.
        """
        now = self._clock.now()
        filters = pool_filters(topic, difficulty)
        skip = set(exclude)
        async with busy_means_try_again(), self._uow() as uow:
            embargo = await embargo_in(uow, member.guild_id, now)
            eligible = [
                row
                for row in matching(await uow.questions.pool(member.guild_id), filters)
                if row.id not in skip and not embargo.covers(row.id)
            ]
            if not eligible:
                raise EmptyPool(filters.describe())
            dues = await uow.reviews.dues_of(member.guild_id, member.member_id)
            preferred = [row for row in eligible if row.id not in dues or dues[row.id] <= now]
            pick = self._rng.choice(preferred or eligible)
            stored = await uow.questions.get(pick.id)
            await record_roles(uow, member, now)
            await uow.commit()
        assert stored is not None  # it was just in the pool, in this same transaction
        return stored.question

    async def question(self, guild_id: int, question_id: str) -> Question:
        """A question of the shared bank or of this server, by id (a server question's short id too),
        to look up or show its answer.

        ``UnknownQuestion`` for an id that is neither; a retired question is still found, so an
        answer button under an old message keeps working. ``TodaysQuestion`` while it (or one of
        its near-duplicates) is the server's question of the day and not revealed: checked on
        every call, so a button pressed on an old message refuses too.
        """
        async with busy_means_try_again(), self._uow() as uow:
            found = await visible_question(uow, guild_id, full_id(question_id, guild_id))
            (await embargo_in(uow, guild_id, self._clock.now())).check(found.id)
            await uow.commit()
        return found

    async def embargo(self, guild_id: int) -> Embargo:
        """What the server holds back until its reveal now (for lists and autocomplete)."""
        async with busy_means_try_again(), self._uow() as uow:
            held = await embargo_in(uow, guild_id, self._clock.now())
            await uow.commit()
        return held
