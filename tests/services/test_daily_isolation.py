"""A failing schedule fails alone: one server's broken data never stops the others' posts and reveals.

Each test breaks one server's row directly in the database (as a tzdata update
or a restored backup would) among several healthy ones.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import update

from bot.db.models import QuestionModel, ScheduleModel
from bot.db.records import PostStatus
from bot.domain.periods import EPOCH_DAY
from bot.services.daily import NOT_CREATED, NOT_REVEALED, RETRY_BACKOFF
from bot.services.daily_errors import ZoneUnavailable
from bot.services.members import MemberRef
from tests.db.builders import GUILD, mcq, question

from .daily_world import DiscordStandIn, World, make_world

MONDAY_0800_BERLIN = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
MONDAY_POST = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # 09:00 in Berlin
TUESDAY_REVEAL = datetime(2026, 3, 3, 7, 45, tzinfo=UTC)
TUESDAY_POST = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
WEDNESDAY_POST = datetime(2026, 3, 4, 8, 0, tzinfo=UTC)
GUILDS = [GUILD + n for n in range(4)]
BROKEN = GUILDS[1]
GONE_ZONE = "Mars/Olympus_Mons"

OPEN = question("qa40-0000a1", topic="node-core-runtime", key_points=("event loop", "libuv"))
CHOICE = mcq("qa40-0000b1", topic="databases")


async def world_of_servers(engine, *, broken_topic: str = "node-core-runtime") -> World:
    world = make_world(engine, MONDAY_0800_BERLIN)
    await world.load(OPEN, CHOICE)
    for guild_id in GUILDS:
        await world.setup(guild_id, topics=[broken_topic if guild_id == BROKEN else "node-core-runtime"])
    return world


async def set_schedule(world: World, guild_id: int, **values: object) -> None:
    table = ScheduleModel.__table__
    async with world.engine.begin() as connection:
        await connection.execute(update(table).where(table.c.guild_id == guild_id).values(**values))


def guilds_of(items) -> list[int]:
    return sorted(item.guild_id for _, item in items)


async def test_an_unloadable_zone_pauses_only_its_schedule_and_its_post_out_is_still_scored(engine):
    world = await world_of_servers(engine)
    discord = DiscordStandIn(world.daily, world.clock)
    world.clock.set(MONDAY_POST)
    await discord.round()
    assert guilds_of(discord.sent) == GUILDS
    for _, post in discord.sent:
        await world.answers.submit(post.post_id, MemberRef(post.guild_id, 7), text="libuv")

    # The zone disappears from the clock data while Monday's question is out.
    await set_schedule(world, BROKEN, timezone=GONE_ZONE)
    world.clock.set(TUESDAY_REVEAL)
    await discord.round()
    assert guilds_of(discord.revealed) == GUILDS  # the broken server's post is revealed too
    events, totals = await world.score_sums(BROKEN)
    assert totals == events == {7: 6}  # scored: 5 for one key point of two, 1 for taking part
    async with world.uow_factory() as uow:
        # Its periods fall back to UTC days: the question's own day, Monday (posted 08:00 UTC).
        day = await uow.scores.rank_of(BROKEN, 7, "day", date(2026, 3, 2))
        assert day is not None
        assert day.points == 6
        assert await uow.scores.rank_of(BROKEN, 7, "all", EPOCH_DAY) is not None

    world.clock.set(TUESDAY_POST)
    await discord.round()
    tuesday = [post for at, post in discord.sent if at == TUESDAY_POST]
    assert sorted(p.guild_id for p in tuesday) == [g for g in GUILDS if g != BROKEN]
    assert await discord.quiet()  # not retried every minute: the schedule is paused

    status = await world.schedules.status(BROKEN)
    assert status.schedule.paused
    assert status.schedule.paused_reason == str(ZoneUnavailable(GONE_ZONE))
    assert "Mars/Olympus_Mons" in status.schedule.paused_reason
    assert "/qotd setup" in status.schedule.paused_reason
    assert not (await world.schedules.status(GUILDS[0])).schedule.paused
    with pytest.raises(ZoneUnavailable):
        await world.schedules.resume(BROKEN)  # resuming cannot help; the reason says what does

    # Choosing the zone again brings the server back the next day.
    await world.setup(BROKEN, timezone="Europe/Berlin")
    world.clock.set(WEDNESDAY_POST)
    await discord.round()
    wednesday = [post for at, post in discord.sent if at == WEDNESDAY_POST]
    assert sorted(p.guild_id for p in wednesday) == GUILDS


async def test_a_zone_gone_before_the_first_post_leaves_the_other_servers_posting(engine):
    world = await world_of_servers(engine)
    await set_schedule(world, BROKEN, timezone=GONE_ZONE)
    status = await world.schedules.status(BROKEN)  # still shown, before the post time pauses it
    assert status.schedule.timezone == GONE_ZONE
    discord = DiscordStandIn(world.daily, world.clock)
    world.clock.set(MONDAY_POST)
    await discord.round()
    assert guilds_of(discord.sent) == [g for g in GUILDS if g != BROKEN]
    assert (await world.schedules.status(BROKEN)).schedule.paused_reason == str(ZoneUnavailable(GONE_ZONE))


async def test_any_other_error_in_one_schedule_pauses_that_one_and_the_others_post(engine):
    world = await world_of_servers(engine)
    await set_schedule(world, BROKEN, post_time="99:99")  # a restored backup gone wrong
    discord = DiscordStandIn(world.daily, world.clock)
    world.clock.set(MONDAY_POST)
    await discord.round()
    assert guilds_of(discord.sent) == [g for g in GUILDS if g != BROKEN]
    assert (await world.schedules.status(BROKEN)).schedule.paused_reason == NOT_CREATED
    assert await discord.quiet()


async def test_a_post_that_cannot_be_revealed_fails_alone_and_is_retried_with_backoff(engine):
    world = await world_of_servers(engine, broken_topic="databases")  # only BROKEN asks CHOICE
    discord = DiscordStandIn(world.daily, world.clock)
    world.clock.set(MONDAY_POST)
    await discord.round()
    assert guilds_of(discord.sent) == GUILDS
    questions = QuestionModel.__table__
    async with world.engine.begin() as connection:
        await connection.execute(update(questions).where(questions.c.id == CHOICE.id).values(kind="bogus"))

    world.clock.set(TUESDAY_REVEAL)
    assert sorted(r.guild_id for r in await world.daily.claim_reveals("proc-a")) == [
        g for g in GUILDS if g != BROKEN
    ]
    async with world.uow_factory() as uow:
        [broken] = [p for p in await uow.posts.history(BROKEN) if p.local_date == date(2026, 3, 2)]
    assert (broken.status, broken.failures, broken.error) == (PostStatus.SENT, 1, NOT_REVEALED)
    assert await world.daily.claim_reveals("proc-a") == []  # backing off, not retried every round

    async with world.engine.begin() as connection:
        await connection.execute(update(questions).where(questions.c.id == CHOICE.id).values(kind="mcq"))
    world.clock.advance(RETRY_BACKOFF)
    [reveal] = await world.daily.claim_reveals("proc-a")
    assert (reveal.guild_id, reveal.post_id) == (BROKEN, broken.id)
