"""Leaderboards as members see them: periods on the server's calendar, boards, ranks, streaks, stats."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.db.records import ScoreEventIn, StreakRecord
from bot.domain.clock import ManualClock
from bot.domain.periods import Period
from bot.services.leaderboards import Board, Leaderboards, add_score_events, key_of
from tests.db.builders import GUILD, OTHER_GUILD, schedule

LA = ZoneInfo("America/Los_Angeles")
# 2026-03-08 is a Sunday (and the day US clocks spring forward); 2026-03-09 a Monday.
SUNDAY_LATE = datetime(2026, 3, 8, 23, 30, tzinfo=LA)
MONDAY_EARLY = datetime(2026, 3, 9, 0, 30, tzinfo=LA)
ALICE, BOB, CAROL, DAVE = 11, 12, 13, 14


def points(
    member_id: int, amount: int, at: datetime, *, topic: str = "node-core-runtime", guild_id: int = GUILD
):
    return ScoreEventIn(
        guild_id=guild_id,
        member_id=member_id,
        occurred_at=at.astimezone(UTC),
        points=amount,
        source="daily",
        topic=topic,
        correct=amount > 0,
    )


async def in_zone(uow_factory, zone: str, guild_id: int = GUILD) -> None:
    async with uow_factory() as uow:
        await uow.schedules.save(schedule(guild_id, timezone=zone), now=datetime(2026, 1, 1, tzinfo=UTC))
        await uow.commit()


async def award(uow_factory, *events: ScoreEventIn, zone: ZoneInfo = LA) -> None:
    async with uow_factory() as uow:
        await add_score_events(uow, zone, events)
        await uow.commit()


def members(view) -> list[int]:
    return [row.member_id for row in view.rows]


async def test_a_week_starts_at_the_servers_monday_midnight_not_utcs(uow_factory):
    await in_zone(uow_factory, "America/Los_Angeles")
    # Both instants fall on Monday 2026-03-09 in UTC, but in different weeks in Los Angeles.
    assert SUNDAY_LATE.astimezone(UTC).date() == MONDAY_EARLY.astimezone(UTC).date()
    await award(uow_factory, points(ALICE, 10, SUNDAY_LATE), points(BOB, 5, MONDAY_EARLY))
    clock = ManualClock(SUNDAY_LATE + timedelta(minutes=15))
    boards = Leaderboards(uow_factory, clock)

    sunday = await boards.board(GUILD, Period.WEEK, viewer_id=BOB)
    clock.set(datetime(2026, 3, 9, 9, 0, tzinfo=LA))
    monday = await boards.board(GUILD, Period.WEEK, viewer_id=BOB)

    assert members(sunday) == [ALICE]
    assert sunday.period_start == date(2026, 3, 2)
    assert sunday.viewer_row is None
    assert members(monday) == [BOB]
    assert monday.period_start == date(2026, 3, 9)
    assert monday.period_label == "This week (Mon 9 Mar – Sun 15 Mar)"
    assert monday.viewer_row is not None
    assert monday.viewer_row.rank == 1


async def test_a_server_without_a_schedule_counts_weeks_in_utc(uow_factory):
    await award(
        uow_factory, points(ALICE, 10, SUNDAY_LATE), points(BOB, 5, MONDAY_EARLY), zone=ZoneInfo("UTC")
    )
    boards = Leaderboards(uow_factory, ManualClock(datetime(2026, 3, 9, 12, 0, tzinfo=UTC)))

    week = await boards.board(GUILD, Period.WEEK, viewer_id=ALICE)

    assert members(week) == [ALICE, BOB]


async def test_month_day_and_all_time_boards_follow_the_local_calendar(uow_factory):
    await in_zone(uow_factory, "America/Los_Angeles")
    march = datetime(2026, 3, 31, 23, 30, tzinfo=LA)  # already April 1 in UTC
    april = datetime(2026, 4, 1, 0, 30, tzinfo=LA)
    await award(uow_factory, points(ALICE, 7, march), points(BOB, 3, april))
    clock = ManualClock(datetime(2026, 3, 31, 23, 45, tzinfo=LA))
    boards = Leaderboards(uow_factory, clock)

    march_month = await boards.board(GUILD, Period.MONTH, viewer_id=ALICE)
    march_day = await boards.board(GUILD, Period.DAY, viewer_id=ALICE)
    clock.set(datetime(2026, 4, 1, 12, 0, tzinfo=LA))
    april_month = await boards.board(GUILD, Period.MONTH, viewer_id=ALICE)
    april_day = await boards.board(GUILD, Period.DAY, viewer_id=ALICE)
    all_time = await boards.board(GUILD, Period.ALL, viewer_id=ALICE)

    assert (members(march_month), march_month.period_label) == ([ALICE], "March 2026")
    assert members(march_day) == [ALICE]
    assert (members(april_month), april_month.period_label) == ([BOB], "April 2026")
    assert (members(april_day), april_day.period_label) == ([BOB], "Today (Wed 1 Apr)")
    assert [(r.member_id, r.points) for r in all_time.rows] == [(ALICE, 7), (BOB, 3)]
    assert all_time.period_label == "All time"


async def test_topic_and_role_boards_rank_only_what_they_name(uow_factory):
    at = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    await award(
        uow_factory,
        points(ALICE, 10, at, topic="security"),
        points(BOB, 4, at, topic="security"),
        points(BOB, 20, at, topic="testing"),
        points(CAROL, 6, at, topic="security"),
        zone=ZoneInfo("UTC"),
    )
    async with uow_factory() as uow:
        await uow.roles.record(GUILD, BOB, [900], at)
        await uow.roles.record(GUILD, CAROL, [900, 901], at)
        await uow.roles.record(GUILD, ALICE, [901], at)
        await uow.commit()
    boards = Leaderboards(uow_factory, ManualClock(at))

    security = await boards.board(GUILD, Period.ALL, topic="security", viewer_id=BOB)
    role = await boards.board(GUILD, Period.ALL, role_id=900, viewer_id=ALICE)
    security_role = await boards.board(GUILD, Period.ALL, topic="security", role_id=900, viewer_id=CAROL)

    assert [(r.member_id, r.points) for r in security.rows] == [(ALICE, 10), (CAROL, 6), (BOB, 4)]
    assert security.viewer_row is not None
    assert security.viewer_row.rank == 3
    assert [(r.member_id, r.points) for r in role.rows] == [(BOB, 24), (CAROL, 6)]
    assert role.viewer_row is None  # Alice lacks the role
    assert members(security_role) == [CAROL, BOB]


async def test_pages_hold_ranks_in_order_and_the_viewer_sees_their_own_row(uow_factory):
    at = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    await award(uow_factory, *(points(100 + i, 100 - i, at) for i in range(25)), zone=ZoneInfo("UTC"))
    boards = Leaderboards(uow_factory, ManualClock(at))

    second = await boards.board(GUILD, Period.WEEK, page=1, page_size=10, viewer_id=122)
    beyond = await boards.board(GUILD, Period.WEEK, page=9, page_size=10, viewer_id=999)

    assert (second.total, second.pages, second.page) == (25, 3, 1)
    assert [r.rank for r in second.rows] == list(range(11, 21))
    assert members(second) == list(range(110, 120))
    assert second.viewer_row is not None
    assert (second.viewer_row.rank, second.viewer_row.points) == (23, 78)
    assert beyond.page == 2
    assert [r.rank for r in beyond.rows] == list(range(21, 26))
    assert beyond.viewer_row is None


async def test_an_empty_board_has_one_empty_page(uow_factory):
    boards = Leaderboards(uow_factory, ManualClock(datetime(2026, 3, 10, tzinfo=UTC)))

    view = await boards.board(GUILD, Period.DAY, viewer_id=ALICE)

    assert (view.rows, view.total, view.pages, view.viewer_row) == ([], 0, 1, None)


async def test_ties_go_to_whoever_reached_the_score_first_then_the_lower_member_id(uow_factory):
    t0 = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    await award(
        uow_factory,
        points(DAVE, 5, t0),  # first to 5
        points(ALICE, 5, t0 + timedelta(hours=2)),
        points(CAROL, 5, t0 + timedelta(hours=1)),
        points(BOB, 5, t0 + timedelta(hours=1)),  # same instant as Carol: lower id first
        points(DAVE, 0, t0 + timedelta(hours=3)),  # a wrong answer does not move Dave's time
        zone=ZoneInfo("UTC"),
    )
    boards = Leaderboards(uow_factory, ManualClock(t0 + timedelta(hours=4)))

    view = await boards.board(GUILD, Period.ALL, viewer_id=ALICE)

    assert members(view) == [DAVE, BOB, CAROL, ALICE]
    assert [r.rank for r in view.rows] == [1, 2, 3, 4]


async def test_a_rank_comes_with_its_neighbours(uow_factory):
    at = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    await award(uow_factory, *(points(200 + i, 70 - 10 * i, at) for i in range(7)), zone=ZoneInfo("UTC"))
    await award(uow_factory, points(300, 99, at, guild_id=OTHER_GUILD), zone=ZoneInfo("UTC"))
    boards = Leaderboards(uow_factory, ManualClock(at))

    middle = await boards.rank(GUILD, 203)
    top = await boards.rank(GUILD, 200, neighbours=3)
    last = await boards.rank(GUILD, 206, Period.WEEK, neighbours=1)
    nobody = await boards.rank(GUILD, 300)

    assert (middle.rank, middle.points, middle.of) == (4, 40, 7)
    assert [(r.rank, r.member_id) for r in middle.above] == [(2, 201), (3, 202)]
    assert [(r.rank, r.member_id) for r in middle.below] == [(5, 204), (6, 205)]
    assert (top.rank, top.above) == (1, [])
    assert [r.rank for r in top.below] == [2, 3, 4]
    assert (last.rank, [r.member_id for r in last.above], last.below) == (7, [205], [])
    assert (nobody.ranked, nobody.rank, nobody.points, nobody.of) == (False, None, 0, 7)


async def test_a_streak_is_alive_until_a_local_day_is_missed(uow_factory):
    await in_zone(uow_factory, "America/Los_Angeles")
    async with uow_factory() as uow:
        await uow.streaks.save(StreakRecord(GUILD, ALICE, current=4, best=6, last_date=date(2026, 3, 9)))
        await uow.commit()
    # 2026-03-11 02:00 UTC is still March 10 in Los Angeles: yesterday's answer keeps the streak.
    clock = ManualClock(datetime(2026, 3, 11, 2, 0, tzinfo=UTC))
    boards = Leaderboards(uow_factory, clock)

    alive = await boards.streak(GUILD, ALICE)
    clock.set(datetime(2026, 3, 11, 9, 0, tzinfo=LA))
    broken = await boards.streak(GUILD, ALICE)
    never = await boards.streak(GUILD, BOB)

    assert (alive.current, alive.best, alive.last_date) == (4, 6, date(2026, 3, 9))
    assert (broken.current, broken.best) == (0, 6)
    assert (never.current, never.best, never.last_date) == (0, 0, None)


async def test_stats_fill_every_local_day_and_split_accuracy_by_topic(uow_factory):
    await in_zone(uow_factory, "America/Los_Angeles")
    today = datetime(2026, 3, 20, 12, 0, tzinfo=LA)
    await award(
        uow_factory,
        points(ALICE, 10, today - timedelta(days=3), topic="security"),
        points(ALICE, 0, today - timedelta(days=3), topic="security"),
        points(ALICE, 4, datetime(2026, 3, 19, 23, 30, tzinfo=LA), topic="testing"),  # March 20 in UTC
        points(ALICE, 6, today, topic="testing"),
        points(ALICE, 50, today - timedelta(days=40), topic="testing"),  # before the window
        points(BOB, 80, today),
    )
    boards = Leaderboards(uow_factory, ManualClock(today))

    stats = await boards.stats(GUILD, ALICE, days=5)

    assert stats.points_by_day == [
        (date(2026, 3, 16), 0),
        (date(2026, 3, 17), 10),
        (date(2026, 3, 18), 0),
        (date(2026, 3, 19), 4),
        (date(2026, 3, 20), 6),
    ]
    assert [(a.topic, a.answered, a.correct) for a in stats.accuracy_by_topic] == [
        ("security", 2, 1),
        ("testing", 3, 3),
    ]
    assert (stats.totals.points, stats.totals.answers, stats.totals.rank, stats.totals.of) == (70, 5, 2, 2)


async def test_a_new_time_zone_applies_once_the_remembered_one_expires(uow_factory):
    await in_zone(uow_factory, "America/Los_Angeles")
    # Monday 03:00 in UTC is still Sunday evening in Los Angeles.
    boards = Leaderboards(uow_factory, ManualClock(datetime(2026, 3, 9, 3, 0, tzinfo=UTC)), zone_ttl=0)

    in_los_angeles = await boards.board(GUILD, Period.WEEK, viewer_id=ALICE)
    await in_zone(uow_factory, "UTC")
    in_utc = await boards.board(GUILD, Period.WEEK, viewer_id=ALICE)

    assert in_los_angeles.period_start == date(2026, 3, 2)
    assert in_utc.period_start == date(2026, 3, 9)


async def test_paging_by_key_through_a_large_board_shows_everyone_once_both_ways(uow_factory):
    # 64 members in few distinct scores and instants: most order is decided by the tie-breaks.
    at = datetime(2026, 3, 10, 12, 0, 0, 123456, tzinfo=UTC)
    ids = [1000 + (i * 37) % 64 for i in range(64)]
    await award(
        uow_factory,
        *(points(m, 10 + i % 4, at + timedelta(seconds=i % 3)) for i, m in enumerate(ids)),
        zone=ZoneInfo("UTC"),
    )
    boards = Leaderboards(uow_factory, ManualClock(at + timedelta(hours=1)))
    expected = members(await boards.board(GUILD, Period.ALL, page_size=25, viewer_id=0))
    expected += members(await boards.board(GUILD, Period.ALL, page=1, page_size=25, viewer_id=0))
    expected += members(await boards.board(GUILD, Period.ALL, page=2, page_size=25, viewer_id=0))

    async def page(**key) -> Board:
        return await boards.board(GUILD, Period.ALL, page_size=10, viewer_id=ids[5], **key)

    forward = [await page()]
    while forward[-1].has_next:
        forward.append(await page(after=key_of(forward[-1].rows[-1])))
    backward = [forward[-1]]
    while backward[-1].has_previous:
        backward.append(await page(before=key_of(backward[-1].rows[0])))

    for views in (forward, backward[::-1]):
        shown = [row for view in views for row in view.rows]
        assert [row.member_id for row in shown] == expected  # each member once, in board order
        assert [row.rank for row in shown] == list(range(1, 65))
        assert [view.page for view in views] == list(range(7))
        assert {view.pages for view in views} == {7}
    assert not forward[0].has_previous
    assert [len(view.rows) for view in forward] == [10] * 6 + [4]


async def test_a_page_after_the_board_moved_still_numbers_ranks_right(uow_factory):
    at = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    await award(uow_factory, *(points(100 + i, 100 - i, at) for i in range(25)), zone=ZoneInfo("UTC"))
    clock = ManualClock(at + timedelta(minutes=5))
    boards = Leaderboards(uow_factory, clock)
    first = await boards.board(GUILD, Period.ALL, page_size=10, viewer_id=0)
    # Before "Next" is pressed, a member from page two climbs to the top.
    await award(uow_factory, points(115, 200, at + timedelta(minutes=1)), zone=ZoneInfo("UTC"))
    second = await boards.board(GUILD, Period.ALL, page_size=10, viewer_id=0, after=key_of(first.rows[-1]))
    assert members(second) == [*range(110, 115), *range(116, 121)]
    assert [row.rank for row in second.rows] == list(range(12, 22))  # 115 is ahead of them now
