"""Review cards: recall moves the due date, what is due, reminders once a local day, mastery per topic."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

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


TOKYO = ZoneInfo("Asia/Tokyo")


def tokyo(day: int, hour: int, minute: int = 0) -> datetime:
    """An instant on Tokyo's clock in March 2026, as UTC."""
    return datetime(2026, 3, day, hour, minute, tzinfo=TOKYO).astimezone(UTC)


async def test_reminders_come_at_the_members_time_once_per_local_day_on_days_with_reviews(uow_factory, bank):
    async with uow_factory() as uow:
        await uow.schedules.save(schedule(GUILD, timezone="Asia/Tokyo", post_time="09:00"), now=T0)
        await uow.commit()
    clock = ManualClock(tokyo(10, 22))  # 13:00 UTC
    reviews = Reviews(uow_factory, clock)
    for member in (ME, YOU):
        await reviews.record(member, QIDS[0], Recall.AGAIN)  # due again in minutes
        await reviews.record(member, QIDS[1], Recall.AGAIN)
    mine = await reviews.set_reminders(ME, True)
    # 09:00 passed today: the first reminder is tomorrow's, at the server's post time.
    assert (mine.on, mine.at, mine.timezone, mine.picked) == (True, "09:00", "Asia/Tokyo", False)
    assert mine.next_at == tokyo(11, 9)
    yours = await reviews.set_reminders(YOU, True, "7:30")
    assert (yours.at, yours.picked, yours.next_at) == ("07:30", True, tokyo(11, 7, 30))

    assert await reviews.reminders_due(tokyo(10, 23)) == []  # turning them on sends nothing right away
    assert await reviews.reminders_due(tokyo(11, 0, 5)) == []  # a new day, but nobody's time yet
    early = await reviews.reminders_due(tokyo(11, 7, 30))
    assert [(r.member_id, r.due_count, r.day) for r in early] == [(YOU.member_id, 2, date(2026, 3, 11))]
    await reviews.mark_reminded(GUILD, YOU.member_id, date(2026, 3, 11))
    first = await reviews.reminders_due(tokyo(11, 9))
    assert [(r.member_id, r.due_count, r.day) for r in first] == [(ME.member_id, 2, date(2026, 3, 11))]
    await reviews.mark_reminded(GUILD, ME.member_id, first[0].day)
    assert await reviews.reminders_due(tokyo(11, 21)) == []  # never twice a day

    # A later time the same day, after the reminder went: still not a second one.
    clock.set(tokyo(11, 21))
    again = await reviews.set_reminders(ME, True, "22:00")
    assert again.next_at == tokyo(12, 22)
    assert await reviews.reminders_due(tokyo(11, 22, 1)) == []

    # Reviewed everything (due again days from now): no reminder on a day without reviews due.
    clock.set(tokyo(11, 23))
    for qid in QIDS[:2]:
        await reviews.record(ME, qid, Recall.EASY)
    assert [r.member_id for r in await reviews.reminders_due(tokyo(12, 22))] == [YOU.member_id]  # still due
    off = await reviews.set_reminders(YOU, False)
    assert (off.on, off.next_at) == (False, None)
    assert await reviews.reminders_due(tokyo(12, 8)) == []


async def test_a_card_due_later_that_day_is_reminded_at_the_members_time(uow_factory, bank):
    """Without a schedule the server's clock is UTC, and the time 09:00 unless the member picks one."""
    clock = ManualClock(datetime(2026, 3, 9, 20, 0, tzinfo=UTC))
    reviews = Reviews(uow_factory, clock)
    card = await reviews.ensure_card(ME, QIDS[0])  # first due a day from now: 20:00 on the 10th
    assert card
    settings = await reviews.set_reminders(ME, True)
    assert (settings.at, settings.timezone, settings.next_at) == (
        "09:00",
        "UTC",
        datetime(2026, 3, 10, 9, tzinfo=UTC),
    )
    [reminder] = await reviews.reminders_due(datetime(2026, 3, 10, 9, 0, tzinfo=UTC))
    assert (reminder.due_count, reminder.first_due) == (1, datetime(2026, 3, 10, 20, 0, tzinfo=UTC))


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
