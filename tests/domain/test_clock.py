"""The injected clock: aware UTC instants, moved by hand in tests."""

import time as wall
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.domain.clock import ManualClock, SystemClock


def test_system_clock_reads_the_wall_clock_in_utc():
    now = SystemClock().now()
    assert now.tzinfo is UTC
    assert abs(now.timestamp() - wall.time()) < 5


def test_manual_clock_moves_only_when_told():
    clock = ManualClock(datetime(2026, 3, 1, 12, 0, tzinfo=UTC))
    assert clock.now() == clock.now() == datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    clock.advance(timedelta(hours=36))
    assert clock.now() == datetime(2026, 3, 3, 0, 0, tzinfo=UTC)
    clock.set(datetime(2026, 7, 1, 9, 0, tzinfo=ZoneInfo("Europe/Berlin")))
    assert clock.now() == datetime(2026, 7, 1, 7, 0, tzinfo=UTC)
    assert clock.now().utcoffset() == timedelta(0)


def test_manual_clock_converts_any_aware_start_to_utc():
    clock = ManualClock(datetime(2026, 1, 1, 5, 30, tzinfo=timezone(timedelta(hours=5, minutes=30))))
    assert clock.now() == datetime(2026, 1, 1, 0, 0, tzinfo=UTC)
    assert clock.now().tzinfo is UTC


def test_manual_clock_rejects_naive_datetimes():
    with pytest.raises(ValueError, match="aware"):
        ManualClock(datetime(2026, 1, 1))  # noqa: DTZ001 - the point of the test
    clock = ManualClock(datetime(2026, 1, 1, tzinfo=UTC))
    with pytest.raises(ValueError, match="aware"):
        clock.set(datetime(2026, 1, 2))  # noqa: DTZ001
