"""Leaderboard periods follow the server's calendar, DST included."""

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.domain.periods import EPOCH_DAY, Period, period_bounds, period_start, period_starts
from bot.domain.schedule import load_zone

KOLKATA = load_zone("Asia/Kolkata")
LOS_ANGELES = load_zone("America/Los_Angeles")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("period", "day", "start"),
    [
        (Period.DAY, date(2026, 3, 4), date(2026, 3, 4)),
        (Period.WEEK, date(2026, 3, 4), date(2026, 3, 2)),  # Wednesday -> Monday
        (Period.WEEK, date(2026, 3, 2), date(2026, 3, 2)),  # Monday itself
        (Period.WEEK, date(2026, 3, 1), date(2026, 2, 23)),  # Sunday ends the week
        (Period.WEEK, date(2026, 1, 1), date(2025, 12, 29)),  # across a year
        (Period.MONTH, date(2026, 2, 28), date(2026, 2, 1)),
        (Period.MONTH, date(2026, 12, 31), date(2026, 12, 1)),
        (Period.ALL, date(2026, 3, 4), date(1970, 1, 1)),
    ],
)
def test_period_start(period, day, start):
    assert period_start(period, day) == start


def test_period_starts_gives_every_running_total_key():
    assert period_starts(date(2026, 4, 1)) == {
        Period.DAY: date(2026, 4, 1),
        Period.WEEK: date(2026, 3, 30),
        Period.MONTH: date(2026, 4, 1),
        Period.ALL: EPOCH_DAY,
    }


def test_bounds_in_kolkata_follow_local_midnight_across_a_month_boundary():
    # 20:00 UTC on 31 March is already 01:30 on 1 April in India.
    instant = utc(2026, 3, 31, 20, 0)
    assert period_bounds(Period.DAY, instant, KOLKATA) == (utc(2026, 3, 31, 18, 30), utc(2026, 4, 1, 18, 30))
    assert period_bounds(Period.MONTH, instant, KOLKATA) == (
        utc(2026, 3, 31, 18, 30),
        utc(2026, 4, 30, 18, 30),
    )
    assert period_bounds(Period.WEEK, instant, KOLKATA) == (utc(2026, 3, 29, 18, 30), utc(2026, 4, 5, 18, 30))


def test_bounds_are_half_open_at_local_midnight():
    midnight = utc(2026, 4, 30, 18, 30)  # 1 May 00:00 in India
    start, _ = period_bounds(Period.MONTH, midnight, KOLKATA)
    _, end = period_bounds(Period.MONTH, midnight - timedelta(microseconds=1), KOLKATA)
    assert start == end == midnight


def test_december_rolls_into_next_year():
    start, end = period_bounds(Period.MONTH, utc(2026, 12, 15, 12, 0), KOLKATA)
    assert (start, end) == (utc(2026, 11, 30, 18, 30), utc(2026, 12, 31, 18, 30))


def test_days_and_weeks_shrink_and_grow_with_dst_in_los_angeles():
    spring_day = period_bounds(Period.DAY, utc(2026, 3, 8, 20, 0), LOS_ANGELES)
    assert spring_day == (utc(2026, 3, 8, 8, 0), utc(2026, 3, 9, 7, 0))
    assert spring_day[1] - spring_day[0] == timedelta(hours=23)

    fall_day = period_bounds(Period.DAY, utc(2026, 11, 1, 20, 0), LOS_ANGELES)
    assert fall_day[1] - fall_day[0] == timedelta(hours=25)

    week = period_bounds(Period.WEEK, utc(2026, 3, 8, 20, 0), LOS_ANGELES)
    assert week == (utc(2026, 3, 2, 8, 0), utc(2026, 3, 9, 7, 0))
    assert week[1] - week[0] == timedelta(days=7) - timedelta(hours=1)

    month = period_bounds(Period.MONTH, utc(2026, 11, 20, 20, 0), LOS_ANGELES)
    assert month == (utc(2026, 11, 1, 7, 0), utc(2026, 12, 1, 8, 0))


def test_consecutive_weeks_tile_time_without_gaps():
    instant = utc(2026, 2, 20, 12, 0)
    for _ in range(40):
        start, end = period_bounds(Period.WEEK, instant, LOS_ANGELES)
        assert start <= instant < end
        next_start, _ = period_bounds(Period.WEEK, end, LOS_ANGELES)
        assert next_start == end
        instant = end + timedelta(hours=3)


def test_all_time_covers_everything():
    start, end = period_bounds(Period.ALL, utc(2026, 5, 1, 0, 0), LOS_ANGELES)
    assert start == utc(1970, 1, 1, 8, 0)
    assert end > utc(2999, 1, 1, 0, 0)
