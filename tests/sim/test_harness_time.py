"""Virtual time: what simcord moves, how SimClock follows it, and background loops firing on it."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import discord
import pytest

from bot.domain.clock import Clock
from bot.scheduler import LoopAlarm

from .harness import (
    MakeWorld,
    SimClock,
    World,
    advance,
    advance_to,
    bot_messages,
    start_bot,
)
from .spike_bot import SpikeBot, SpikeStore, set_up

EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


class ProbeBot(SpikeBot):
    """Records what each clock reads inside the bot's background task, at every wake."""

    readings: list[dict[str, Any]]

    async def reconcile(self) -> datetime | None:
        self.readings = getattr(self, "readings", [])
        self.readings.append(
            {
                "clock": self.clock.now(),
                "utils.utcnow": discord.utils.utcnow(),
                "datetime.now": datetime.now(UTC),
                "time.time": time.time(),
                "time.monotonic": time.monotonic(),
                "loop.time": asyncio.get_running_loop().time(),
            }
        )
        return await super().reconcile()


async def test_what_virtual_time_moves(world: World[ProbeBot], store: SpikeStore) -> None:
    bot = await start_bot(world, lambda: ProbeBot(store, world.clock))
    assert world.env.now() == world.clock.now() == EPOCH  # simcord's fixed epoch
    await advance(world, timedelta(hours=1))

    seen = bot.readings[-1]
    assert seen["clock"] == seen["utils.utcnow"] == EPOCH + timedelta(hours=1)
    # Inside bot-owned work the loop clock and time.monotonic are virtual seconds since start...
    assert seen["time.monotonic"] == seen["loop.time"] == pytest.approx(3600.0)
    # ...but the wall clock is not patched: datetime.now() and time.time() are real.
    assert abs(seen["datetime.now"] - datetime.now(UTC)) < timedelta(minutes=5)
    assert seen["time.time"] == pytest.approx(time.time(), abs=300)


async def test_the_test_body_follows_virtual_time_through_the_env_fixture(
    world: World[SpikeBot], spike: SpikeBot
) -> None:
    """simcord's plugin applies virtual time to the test body when a started Env is a fixture
    (``sim_env`` here); world.clock.now() works everywhere."""
    await advance(world, timedelta(hours=1))
    assert discord.utils.utcnow() == world.clock.now() == EPOCH + timedelta(hours=1)


async def test_sim_clock_can_start_at_another_instant(world: World[SpikeBot]) -> None:
    start = datetime(2026, 3, 28, 12, 0, tzinfo=UTC)
    clock = SimClock(world.env, start=start)
    assert clock.now() == start
    with pytest.raises(ValueError, match="aware"):
        SimClock(world.env, start=datetime(2026, 3, 28))  # noqa: DTZ001 - the point of the test
    checked: Clock = clock  # SimClock satisfies bot.domain.clock.Clock
    assert checked.now().tzinfo is not None


async def test_daily_post_fires_at_its_local_time_each_day(world: World[SpikeBot], spike: SpikeBot) -> None:
    qotd = world.channels["qotd"]
    await set_up(world, timezone="Europe/Paris")
    await advance_to(world, datetime(2026, 1, 1, 7, 59, tzinfo=UTC))
    assert bot_messages(world, qotd) == []
    await advance(world, timedelta(minutes=1))  # 09:00 in Paris is 08:00 UTC in winter
    (first,) = bot_messages(world, qotd)
    assert first.created_at == datetime(2026, 1, 1, 8, 0, tzinfo=UTC)

    await advance(world, timedelta(days=2))
    assert [m.created_at for m in bot_messages(world, qotd)] == [
        datetime(2026, 1, day, 8, 0, tzinfo=UTC) for day in (1, 2, 3)
    ]


async def test_posting_time_follows_a_dst_change(store: SpikeStore, make_world: MakeWorld) -> None:
    world: World[SpikeBot] = await make_world(clock_start=datetime(2026, 3, 28, 0, 0, tzinfo=UTC))
    await start_bot(world, lambda: SpikeBot(store, world.clock))
    await set_up(world, timezone="Europe/Paris")
    sent: list[datetime] = []
    for _ in range(2):
        before = len(store.posts)
        while len(store.posts) == before:
            await advance(world, timedelta(minutes=30), step=timedelta(minutes=30))
        sent.append(world.clock.now())
    # Clocks go forward on Sunday 29 March: 09:00 in Paris is 08:00 UTC, then 07:00 UTC.
    assert sent == [datetime(2026, 3, 28, 8, 0, tzinfo=UTC), datetime(2026, 3, 29, 7, 0, tzinfo=UTC)]


async def test_an_earlier_wake_interrupts_a_long_sleep(store: SpikeStore, make_world: MakeWorld) -> None:
    world: World[SpikeBot] = await make_world()
    # The alarm sleeps 6 hours at a time; setup announces 03:00 and must be honoured.
    await start_bot(world, lambda: SpikeBot(store, world.clock, tick=timedelta(hours=6)))
    await set_up(world, time="03:00")
    await advance(world, timedelta(hours=4))
    (post,) = bot_messages(world, world.channels["qotd"])
    assert post.created_at == datetime(2026, 1, 1, 3, 0, tzinfo=UTC)
    assert store.wakes == 2  # at start and at 03:00: nothing in between


class _EventWaitBot(discord.Client):
    """A background loop shaped like LoopAlarm's: ``asyncio.wait_for(event.wait(), timeout)``."""

    def __init__(self) -> None:
        super().__init__(intents=discord.Intents.default())
        self.woke = 0

    async def setup_hook(self) -> None:
        self.loop.create_task(self._loop())

    async def _loop(self) -> None:
        # Starting after a long plain sleep lets start-up settle; the trap shows in advance().
        await asyncio.sleep(60)
        event = asyncio.Event()
        while True:
            try:
                await asyncio.wait_for(event.wait(), 60)
            except TimeoutError:
                self.woke += 1


async def test_simcord_cannot_fast_forward_a_wait_for_on_an_event(make_world: MakeWorld) -> None:
    """simcord-only: an Event wait is an "unknown wait", so the bot never settles."""
    world: World[Any] = await make_world(settle_timeout=0.3)
    bot = await start_bot(world, _EventWaitBot, sync=False)
    with pytest.raises(TimeoutError, match="bot did not settle"):
        await advance(world, timedelta(minutes=5))
    assert bot.woke == 0
    assert world.env.now() < EPOCH + timedelta(minutes=5)  # partial progress only


async def test_loop_alarm_follows_virtual_time(make_world: MakeWorld) -> None:
    """bot.scheduler.LoopAlarm, as the real bot will run it under the harness."""
    world: World[Any] = await make_world(settle_timeout=0.3)
    wakes: list[datetime] = []

    async def wake() -> datetime | None:
        wakes.append(world.clock.now())
        return None

    class AlarmBot(discord.Client):
        async def setup_hook(self) -> None:
            self.alarm = LoopAlarm(wake, world.clock)
            # Start after a virtual minute so a failure shows in advance(), with the short
            # settle_timeout, instead of in start-up's fixed 5 s settle.
            self.loop.create_task(self._start_alarm())

        async def _start_alarm(self) -> None:
            await asyncio.sleep(60)
            self.alarm.start()

        async def close(self) -> None:
            await self.alarm.stop()
            await super().close()

    await start_bot(world, lambda: AlarmBot(intents=discord.Intents.default()), sync=False)
    await advance(world, timedelta(minutes=4))
    assert wakes == [EPOCH + timedelta(minutes=minute) for minute in range(1, 5)]


async def test_work_started_from_the_test_body_is_not_on_virtual_time(
    world: World[SpikeBot], spike: SpikeBot
) -> None:
    """simcord-only: only bot-owned work (started by the bot's own code) follows virtual time."""
    woke: list[str] = []

    async def sleeper(name: str) -> None:
        await asyncio.sleep(3600)
        woke.append(name)

    async def on_probe() -> None:
        await sleeper("listener")

    spike.loop.create_task(sleeper("task"))  # a task the test made
    spike.add_listener(on_probe)
    spike.dispatch("probe")  # a dispatch the test made: its handler task is the test's too
    await advance(world, timedelta(hours=2))
    assert woke == []  # both still sleep on the real clock
    mine = [
        task for task in asyncio.all_tasks() if "sleeper" in repr(task.get_coro()) or "probe" in repr(task)
    ]
    for task in mine:
        task.cancel()
    await asyncio.gather(*mine, return_exceptions=True)
    assert len(mine) == 2
