"""Points: the ledger, running totals that always equal it, leaderboards and ranks."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.db.models import ScoreEventModel, ScoreTotalModel
from bot.db.records import DayPoints, ScoreEventIn, TopicAccuracy

from .builders import GUILD, OTHER_GUILD, T0

EPOCH = date(1970, 1, 1)
TOPICS = ("node-core-runtime", "security", "testing")


def periods_of(instant: datetime) -> dict[str, date]:
    """Period starts computed the way a caller would (here in UTC)."""
    day = instant.date()
    return {
        "day": day,
        "week": day - timedelta(days=day.weekday()),
        "month": day.replace(day=1),
        "all": EPOCH,
    }


def event(member_id: int, points: int, at: datetime, *, topic: str = TOPICS[0], guild_id: int = GUILD, **kw):
    return ScoreEventIn(
        guild_id=guild_id,
        member_id=member_id,
        occurred_at=at,
        points=points,
        source=kw.pop("source", "daily"),
        topic=topic,
        correct=kw.pop("correct", points > 0),
        **kw,
    )


def random_stream(seed: int, size: int) -> list[ScoreEventIn]:
    rng = random.Random(seed)
    at = T0
    events = []
    for _ in range(size):
        at += timedelta(minutes=rng.choice([0, 1, 7, 60, 24 * 60, 3 * 24 * 60]))  # same-instant ties too
        points = rng.choice([0, 0, 1, 3, 5, 10])
        events.append(
            event(
                rng.randrange(1, 9),
                points,
                at,
                topic=rng.choice(TOPICS),
                guild_id=rng.choice([GUILD, GUILD, OTHER_GUILD]),
                correct=points > 0 and rng.random() < 0.8,
            )
        )
    return events


def expected_totals(events) -> dict[tuple, tuple]:
    """A GROUP BY over the ledger: totals per (guild, period, start, topic, member)."""
    totals: dict[tuple, list] = {}
    for e in events:  # in the order they happened
        for period, start in periods_of(e.occurred_at).items():
            for topic in {"", e.topic}:
                key = (e.guild_id, period, start, topic, e.member_id)
                row = totals.setdefault(key, [0, 0, 0, e.occurred_at])
                row[0] += e.points
                row[1] += 1
                row[2] += int(e.correct)
                if e.points:
                    row[3] = e.occurred_at  # reached the current score
    return {key: tuple(row) for key, row in totals.items()}


async def record(uow_factory, events, *, batched: bool):
    async with uow_factory() as uow:
        if batched:  # a reveal: all events of one day together
            by_day = defaultdict(list)
            for e in events:
                by_day[e.occurred_at.date()].append(e)
            for day_events in by_day.values():
                await uow.scores.add_many(day_events, periods_of(day_events[0].occurred_at))
        else:
            for e in events:
                await uow.scores.add(e, periods_of(e.occurred_at))
        await uow.commit()


@pytest.mark.parametrize(("seed", "batched"), [(1, False), (2, True), (3, True)])
async def test_totals_always_equal_a_group_by_over_the_ledger(uow_factory, seed, batched):
    events = random_stream(seed, 120)
    await record(uow_factory, events, batched=batched)

    async with uow_factory() as uow:
        ledger = (await uow._session.execute(select(ScoreEventModel.__table__).order_by("id"))).all()
        totals = (await uow._session.execute(select(ScoreTotalModel.__table__))).all()
    stored_events = [
        event(r.member_id, r.points, r.occurred_at, topic=r.topic, guild_id=r.guild_id, correct=r.correct)
        for r in ledger
    ]
    assert stored_events == events
    actual = {
        (r.guild_id, r.period, r.period_start, r.topic, r.member_id): (
            r.points,
            r.answers,
            r.correct,
            r.reached_at,
        )
        for r in totals
    }
    assert actual == expected_totals(stored_events)

    # Every leaderboard lists its rows in (points desc, reached_at asc, member asc) order,
    # and each member's rank_of agrees with their place in it.
    async with uow_factory() as uow:
        boards = {key[:4] for key in actual}
        for guild_id, period, start, topic in sorted(boards, key=str)[:12]:
            top = await uow.scores.top(guild_id, period, start, topic=topic, limit=100)
            wanted = sorted(
                (k[4] for k in actual if k[:4] == (guild_id, period, start, topic)),
                key=lambda m: (
                    -actual[(guild_id, period, start, topic, m)][0],
                    actual[(guild_id, period, start, topic, m)][3],
                    m,
                ),
            )
            assert [row.member_id for row in top] == wanted
            for place, row in enumerate(top, start=1):
                rank = await uow.scores.rank_of(guild_id, row.member_id, period, start, topic=topic)
                assert rank is not None
                assert (rank.rank, rank.total, rank.points) == (place, len(top), row.points)


async def test_a_tie_goes_to_whoever_reached_the_score_first(uow_factory):
    day = periods_of(T0)
    async with uow_factory() as uow:
        await uow.scores.add(event(30, 5, T0 + timedelta(minutes=2)), day)
        await uow.scores.add(event(10, 5, T0 + timedelta(minutes=1)), day)
        await uow.scores.add(event(20, 5, T0 + timedelta(minutes=1)), day)
        # A wrong answer later does not move member 10 behind anyone.
        await uow.scores.add(event(10, 0, T0 + timedelta(minutes=9), correct=False), day)
        await uow.commit()
    async with uow_factory() as uow:
        top = await uow.scores.top(GUILD, "day", T0.date())
        page_two = await uow.scores.top(GUILD, "day", T0.date(), limit=2, offset=2)
        rank = await uow.scores.rank_of(GUILD, 30, "day", T0.date())
        absent = await uow.scores.rank_of(GUILD, 99, "day", T0.date())
    assert [(r.member_id, r.points, r.answers, r.correct) for r in top] == [
        (10, 5, 2, 1),
        (20, 5, 1, 1),
        (30, 5, 1, 1),
    ]
    assert top[0].reached_at == T0 + timedelta(minutes=1)
    assert [r.member_id for r in page_two] == [30]
    assert rank is not None
    assert (rank.rank, rank.total) == (3, 3)
    assert absent is None


async def test_topic_boards_count_only_that_topic(uow_factory):
    day = periods_of(T0)
    async with uow_factory() as uow:
        await uow.scores.add(event(1, 5, T0, topic="security"), day)
        await uow.scores.add(event(2, 3, T0, topic="testing"), day)
        await uow.commit()
        security = await uow.scores.top(GUILD, "week", day["week"], topic="security")
        everything = await uow.scores.top(GUILD, "all", EPOCH)
    assert [(r.member_id, r.points) for r in security] == [(1, 5)]
    assert [(r.member_id, r.points) for r in everything] == [(1, 5), (2, 3)]


async def test_a_role_filter_ranks_only_members_last_seen_with_that_role(uow_factory):
    day = periods_of(T0)
    async with uow_factory() as uow:
        for member, points in [(1, 9), (2, 7), (3, 5), (4, 3)]:
            await uow.scores.add(event(member, points, T0), day)
        await uow.roles.record(GUILD, 2, [77, 88], T0)
        await uow.roles.record(GUILD, 4, [77], T0)
        await uow.roles.record(OTHER_GUILD, 1, [77], T0)  # the role id in another server
        await uow.roles.record(GUILD, 2, [88], T0 + timedelta(days=1))  # member 2 lost role 77
        await uow.commit()
    async with uow_factory() as uow:
        top = await uow.scores.top(GUILD, "day", T0.date(), role_id=77)
        rank = await uow.scores.rank_of(GUILD, 4, "day", T0.date(), role_id=77)
        outside = await uow.scores.rank_of(GUILD, 1, "day", T0.date(), role_id=77)
        count = await uow.scores.count(GUILD, "day", T0.date(), role_id=88)
        members = await uow.roles.members_with_role(GUILD, 77)
    assert [r.member_id for r in top] == [4]
    assert rank is not None
    assert (rank.rank, rank.total) == (1, 1)
    assert outside is None
    assert count == 1
    assert members == [4]


async def test_charts_bucket_points_by_local_day_and_topic(uow_factory):
    berlin = ZoneInfo("Europe/Berlin")
    late_evening = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)  # 00:30 on 3 March in Berlin (UTC+1)
    async with uow_factory() as uow:
        for at, points, topic, correct in [
            (T0 - timedelta(days=10), 4, "security", True),  # before `since`
            (T0, 5, "security", True),
            (T0 + timedelta(hours=1), 0, "testing", False),
            (late_evening, 3, "testing", True),
        ]:
            await uow.scores.add(event(1, points, at, topic=topic, correct=correct), periods_of(at))
        await uow.scores.add(event(2, 10, T0), periods_of(T0))
        await uow.commit()
    async with uow_factory() as uow:
        utc_days = await uow.scores.points_by_day(GUILD, 1, date(2026, 3, 1))
        berlin_days = await uow.scores.points_by_day(GUILD, 1, date(2026, 3, 1), tz=berlin)
        accuracy = await uow.scores.accuracy_by_topic(GUILD, 1)
    assert utc_days == [DayPoints(date(2026, 3, 2), 8)]
    assert berlin_days == [DayPoints(date(2026, 3, 2), 5), DayPoints(date(2026, 3, 3), 3)]
    assert accuracy == [TopicAccuracy("security", 2, 2, 9), TopicAccuracy("testing", 2, 1, 3)]


async def test_a_reveal_with_thousands_of_answers_is_recorded_at_once(uow_factory):
    events = [event(member, member % 11, T0, topic=TOPICS[member % 3]) for member in range(1, 3_001)]
    async with uow_factory() as uow:
        assert await uow.scores.add_many(events, periods_of(T0)) == 3_000
        await uow.commit()
    async with uow_factory() as uow:
        count = await uow.scores.count(GUILD, "month", T0.date().replace(day=1))
        top = await uow.scores.top(GUILD, "all", EPOCH, limit=3)
    assert count == 3_000
    assert [(r.member_id, r.points) for r in top] == [(10, 10), (21, 10), (32, 10)]


async def test_unknown_periods_and_negative_points_are_refused(uow_factory):
    async with uow_factory() as uow:
        with pytest.raises(ValueError, match="unknown periods"):
            await uow.scores.add(event(1, 1, T0), {"year": EPOCH})
        with pytest.raises(ValueError, match="non-negative"):
            await uow.scores.add(event(1, -1, T0), periods_of(T0))
