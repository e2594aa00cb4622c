"""Daylight saving time through the services: one post per local date, at the documented instants.

The rules (bot.domain.schedule): a post time inside the spring-forward gap posts
at the transition (the first instant after it); a post time that happens twice
on the fall-back night posts at its first occurrence, once.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

import pytest

from .daily_world import DiscordStandIn, make_world, questions


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


CASES = {
    # New York spring forward 2026-03-08: 02:00 EST -> 03:00 EDT; 02:30 does not exist.
    "new-york-spring": (
        "America/New_York",
        "02:30",
        {
            date(2026, 3, 7): utc(2026, 3, 7, 7, 30),  # 02:30 EST
            date(2026, 3, 8): utc(2026, 3, 8, 7, 0),  # 03:00 EDT, the transition
            date(2026, 3, 9): utc(2026, 3, 9, 6, 30),  # 02:30 EDT
        },
    ),
    # New York fall back 2026-11-01: 02:00 EDT -> 01:00 EST; 01:30 happens twice.
    "new-york-fall": (
        "America/New_York",
        "01:30",
        {
            date(2026, 10, 31): utc(2026, 10, 31, 5, 30),  # 01:30 EDT
            date(2026, 11, 1): utc(2026, 11, 1, 5, 30),  # the first 01:30 (EDT), not 06:30 (EST)
            date(2026, 11, 2): utc(2026, 11, 2, 6, 30),  # 01:30 EST
        },
    ),
    # Berlin spring forward 2026-03-29: 02:00 CET -> 03:00 CEST; 02:30 does not exist.
    "berlin-spring": (
        "Europe/Berlin",
        "02:30",
        {
            date(2026, 3, 28): utc(2026, 3, 28, 1, 30),  # 02:30 CET
            date(2026, 3, 29): utc(2026, 3, 29, 1, 0),  # 03:00 CEST, the transition
            date(2026, 3, 30): utc(2026, 3, 30, 0, 30),  # 02:30 CEST
        },
    ),
    # Berlin fall back 2026-10-25: 03:00 CEST -> 02:00 CET; 02:30 happens twice.
    "berlin-fall": (
        "Europe/Berlin",
        "02:30",
        {
            date(2026, 10, 24): utc(2026, 10, 24, 0, 30),  # 02:30 CEST
            date(2026, 10, 25): utc(2026, 10, 25, 0, 30),  # the first 02:30 (CEST), not 01:30 UTC
            date(2026, 10, 26): utc(2026, 10, 26, 1, 30),  # 02:30 CET
        },
    ),
}


@pytest.mark.parametrize("case", list(CASES))
async def test_wake_by_wake_across_a_dst_change_posts_once_per_local_date_on_time(engine, case):
    zone, post_time, expected = CASES[case]
    days = sorted(expected)
    start = expected[days[0]] - timedelta(hours=12)
    world = make_world(engine, start)
    await world.load(*questions(5))
    await world.setup(timezone=zone, post_time=post_time)
    discord = DiscordStandIn(world.daily, world.clock)

    await discord.run_until(expected[days[-1]] + timedelta(hours=1), check_before=timedelta(seconds=1))

    assert {post.local_date: at for at, post in discord.sent} == expected
    assert len(discord.sent) == len(discord.created) == len(expected)
    assert [post.day_number for _, post in discord.sent] == [1, 2, 3]
    # Each reveal comes 15 minutes before the next day's post: 23 h 15 min across a spring
    # forward, 25 h 15 min across a fall back.
    revealed_at = {reveal.local_date: at for at, reveal in discord.revealed}
    for day, next_day in pairwise(days):
        assert revealed_at[day] == expected[next_day] - timedelta(minutes=15)


async def test_minute_by_minute_through_the_repeated_hour_posts_once(engine):
    # America/New_York, 01:30 on 2026-11-01: the wall clock shows 01:30 at 05:30 and 06:30 UTC.
    world = make_world(engine, utc(2026, 11, 1, 5, 0))
    await world.load(*questions(3))
    await world.setup(timezone="America/New_York", post_time="01:30")
    discord = DiscordStandIn(world.daily, world.clock)
    for _ in range(2 * 60):  # 01:00 EDT to 01:59 EST: the whole repeated hour, twice through 01:30
        await discord.round()
        world.clock.advance(timedelta(minutes=1))
    assert [(at, post.local_date) for at, post in discord.sent] == [
        (utc(2026, 11, 1, 5, 30), date(2026, 11, 1))
    ]
    status = await world.schedules.status(discord.sent[0][1].guild_id)
    assert status.schedule.next_post_at == utc(2026, 11, 2, 6, 30)
