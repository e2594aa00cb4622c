"""Review cards: recall moves the due date, what is due, reminders once a local day, mastery per topic."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.db.records import ReviewCardRecord
from bot.domain.clock import ManualClock
from bot.domain.errors import UnknownQuestion
from bot.domain.review import Recall
from bot.services.members import MemberRef
from bot.services.reviews import Reviews
from tests.db.builders import GUILD, OTHER_GUILD, add_questions, question, schedule

T0 = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
ME = MemberRef(GUILD, 41, (801, 802))
YOU = MemberRef(GUILD, 42)
QIDS = ("qa40-00r001", "qa40-00r002", "qa40-00r003")


@pytest.fixture
async def bank(uow_factory):
    await add_questions(
        uow_factory,
        question(QIDS[0], topic="security"),
        question(QIDS[1], topic="security"),
        question(QIDS[2], topic="testing"),
    )
    await add_questions(uow_factory, question("g2-00r009"), guild_id=OTHER_GUILD)


async def test_good_recall_puts_the_next_review_later_than_again(uow_factory, bank):
    reviews = Reviews(uow_factory, ManualClock(T0))

    good = await reviews.record(ME, QIDS[0], Recall.GOOD)
    again = await reviews.record(ME, QIDS[1], Recall.AGAIN)
    easy_later = await reviews.record(ME, QIDS[0], Recall.EASY)  # the same card, reviewed again

    assert T0 < again.due < good.due
    assert again.interval_days == 0
    assert easy_later.due > good.due
    async with uow_factory() as uow:
        stored = await uow.reviews.get_card(GUILD, ME.member_id, QIDS[0])
        roles = await uow.roles.roles_of(GUILD, ME.member_id)
    assert (stored.due, stored.last_review) == (easy_later.due, T0)
    assert roles == {801, 802}


async def test_due_cards_come_back_most_overdue_first(uow_factory, bank):
    clock = ManualClock(T0)
    reviews = Reviews(uow_factory, clock)
    await reviews.record(ME, QIDS[1], Recall.AGAIN)
    clock.advance(timedelta(seconds=30))
    await reviews.record(ME, QIDS[0], Recall.AGAIN)
    await reviews.record(ME, QIDS[2], Recall.EASY)

    assert await reviews.count_due(ME) == 0
    clock.advance(timedelta(hours=1))
    due = await reviews.due(ME)

    assert [q.id for q in due] == [QIDS[1], QIDS[0]]
    assert await reviews.count_due(ME) == 2
    assert await reviews.count_due(YOU) == 0


async def test_an_answered_question_gets_a_card_due_tomorrow_once(uow_factory, bank):
    clock = ManualClock(T0)
    reviews = Reviews(uow_factory, clock)

    created = await reviews.ensure_card(ME, QIDS[0])
    reviewed = await reviews.record(ME, QIDS[0], Recall.GOOD)
    clock.advance(timedelta(hours=2))
    again = await reviews.ensure_card(ME, QIDS[0])

    async with uow_factory() as uow:
        card = await uow.reviews.get_card(GUILD, ME.member_id, QIDS[0])
    assert (created, again) == (True, False)
    assert card.due == reviewed.due  # the review stands; ensure_card changed nothing
    assert await reviews.ensure_card(YOU, QIDS[1]) is True
    async with uow_factory() as uow:
        fresh = await uow.reviews.get_card(GUILD, YOU.member_id, QIDS[1])
    assert fresh.due == T0 + timedelta(days=1, hours=2)


async def test_only_questions_of_the_bank_or_this_server_can_be_reviewed(uow_factory, bank):
    reviews = Reviews(uow_factory, ManualClock(T0))

    with pytest.raises(UnknownQuestion):
        await reviews.record(ME, "g2-00r009", Recall.GOOD)  # another server's own question
    with pytest.raises(UnknownQuestion):
        await reviews.ensure_card(ME, "nope-000000")


async def test_reminders_go_to_opted_in_members_once_per_local_day(uow_factory, bank):
    async with uow_factory() as uow:
        await uow.schedules.save(schedule(GUILD, timezone="Asia/Tokyo"), now=T0)
        await uow.commit()
    clock = ManualClock(datetime(2026, 3, 10, 13, 0, tzinfo=UTC))  # 22:00 in Tokyo
    reviews = Reviews(uow_factory, clock)
    for member in (ME, YOU):
        await reviews.record(member, QIDS[0], Recall.AGAIN)
        await reviews.record(member, QIDS[1], Recall.AGAIN)
    await reviews.set_reminders(ME, True)
    await reviews.set_reminders(YOU, True)
    await reviews.set_reminders(YOU, False)
    clock.advance(timedelta(hours=1))

    first = await reviews.reminders_due()
    await reviews.mark_reminded(GUILD, ME.member_id, first[0].day)
    same_day = await reviews.reminders_due(clock.now() + timedelta(minutes=30))
    # 16:00 UTC is still March 10 in UTC, but already March 11 in Tokyo.
    next_day = await reviews.reminders_due(datetime(2026, 3, 10, 16, 0, tzinfo=UTC))

    assert [(r.guild_id, r.member_id, r.due_count, r.day) for r in first] == [
        (GUILD, ME.member_id, 2, date(2026, 3, 10))
    ]
    assert same_day == []
    assert [(r.member_id, r.day) for r in next_day] == [(ME.member_id, date(2026, 3, 11))]


async def test_mastery_counts_cards_and_learnt_ones_per_topic(uow_factory, bank):
    async with uow_factory() as uow:
        for qid, gap in ((QIDS[0], 30), (QIDS[1], 3), (QIDS[2], 21)):
            await uow.reviews.save_card(
                ReviewCardRecord(GUILD, ME.member_id, qid, {}, due=T0 + timedelta(days=gap), last_review=T0)
            )
        await uow.reviews.save_card(ReviewCardRecord(GUILD, YOU.member_id, QIDS[0], {}, due=T0))
        await uow.commit()

    mastery = await Reviews(uow_factory, ManualClock(T0)).mastery(GUILD, ME.member_id)

    assert mastery == {"security": (2, 1), "testing": (1, 1)}
    assert await Reviews(uow_factory, ManualClock(T0)).mastery(OTHER_GUILD, ME.member_id) == {}
