"""What /practice, /review and the reminder DM need besides the core calls.

Looking a question up again by id (an answer button pressed later), when the
next review is due, and turning reminders off from a direct message.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.clock import ManualClock
from bot.domain.errors import UnknownQuestion
from bot.domain.review import Recall
from bot.services.members import MemberRef
from bot.services.practice import Practice
from bot.services.reviews import Reviews
from tests.db.builders import GUILD, OTHER_GUILD, add_questions, question

T0 = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
ME = MemberRef(GUILD, 61, (701, 702))


@pytest.fixture
async def pool(uow_factory):
    await add_questions(uow_factory, question("qa40-00l001"), question("qa40-00l002"))
    await add_questions(uow_factory, question("g1-00l003", prompt="Ours?"), guild_id=GUILD)
    await add_questions(uow_factory, question("g2-00l004"), guild_id=OTHER_GUILD)


async def test_a_question_is_found_again_by_id_only_where_it_is_visible(uow_factory, pool):
    practice = Practice(uow_factory, ManualClock(T0))

    shared = await practice.question(GUILD, "qa40-00l001")
    own = await practice.question(GUILD, "g1-00l003")

    assert (shared.id, own.prompt) == ("qa40-00l001", "Ours?")
    with pytest.raises(UnknownQuestion):
        await practice.question(GUILD, "g2-00l004")  # another server's own question
    with pytest.raises(UnknownQuestion):
        await practice.question(GUILD, "nope-000000")


async def test_next_due_is_the_earliest_card_and_none_without_cards(uow_factory, pool):
    clock = ManualClock(T0)
    reviews = Reviews(uow_factory, clock)
    assert await reviews.next_due(ME) is None

    good = await reviews.record(ME, "qa40-00l001", Recall.GOOD)
    again = await reviews.record(ME, "qa40-00l002", Recall.AGAIN)
    assert await reviews.next_due(ME) == again.due < good.due

    clock.advance(timedelta(minutes=5))
    assert await reviews.next_due(ME) == again.due < clock.now()  # overdue: in the past
    assert await reviews.next_due(MemberRef(GUILD, 62)) is None


async def test_stopping_reminders_from_a_dm_keeps_the_member_roles(uow_factory, pool):
    clock = ManualClock(T0)
    reviews = Reviews(uow_factory, clock)
    await reviews.record(ME, "qa40-00l001", Recall.AGAIN)
    await reviews.set_reminders(ME, True, "11:00")  # server time: the schedule's zone, or UTC
    clock.advance(timedelta(hours=2))
    assert [r.member_id for r in await reviews.reminders_due()] == [ME.member_id]

    await reviews.stop_reminders(GUILD, ME.member_id)

    assert await reviews.reminders_due() == []
    async with uow_factory() as uow:
        assert await uow.roles.roles_of(GUILD, ME.member_id) == {701, 702}
