"""The alarm clock: wakes the bot so it can reconcile with the database.

The database decides what is due (posts, reveals, review reminders); an alarm
only calls ``wake()`` often enough that nothing waits long. Two alarms share
that contract:

- ``ApschedulerAlarm`` (production): APScheduler 3's ``AsyncIOScheduler`` with
  an in-memory job store: one interval job every minute, plus one-shot date
  jobs at the next known due instants so a post is not up to a minute late.
  Nothing is lost if the process dies: there is nothing to lose, the next
  start reconciles from the database.
- ``LoopAlarm``: a plain asyncio task reading the injected clock. Tests run it
  under simcord's virtual time, where APScheduler (which reads the wall clock)
  cannot follow.

APScheduler 3 fires a cron job twice when a local time repeats on a fall-back
day; here that cannot double-post because waking is idempotent: the database
has at most one post per server per local date.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Protocol

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.domain.clock import Clock

log = logging.getLogger(__name__)

Wake = Callable[[], Awaitable[datetime | None]]
"""Reconcile once; return the next instant something is known to be due, if any."""

TICK = timedelta(minutes=1)
DAY = timedelta(days=1)


def at_most_every(job: Callable[[], Awaitable[object]], clock: Clock, period: timedelta = DAY) -> Wake:
    """A wake for an alarm that runs ``job`` on the first tick, then once ``period`` has passed.

    For housekeeping (deleting the data of servers that removed the bot) that
    needs no exact time: it rides on an ordinary alarm, and a restart simply
    runs it again once (it is idempotent).
    """
    last: datetime | None = None

    async def wake() -> datetime | None:
        nonlocal last
        now = clock.now()
        if last is None or now - last >= period:
            last = now
            await job()
        return None

    return wake


class Alarm(Protocol):
    """Wakes a callback every minute and at announced instants."""

    def start(self) -> None: ...

    def wake_at(self, instant: datetime) -> None:
        """Make sure a wake happens at ``instant`` (aware) as well as on the minute."""

    async def stop(self) -> None: ...


class Wakeup:
    """A handle for asking the daily alarm to wake sooner than its next tick.

    Handed to cogs by the bot; the daily cog connects its alarm when it loads. A wake asked
    before that (or after it unloads) is dropped: the alarm reconciles as it starts anyway.
    """

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._alarm: Alarm | None = None

    def connect(self, alarm: Alarm | None) -> None:
        """Route wakes to ``alarm`` (None: drop them)."""
        self._alarm = alarm

    def now(self) -> None:
        """Something became due now (e.g. ``/qotd post-now``): reconcile without waiting for the tick."""
        self.at(self._clock.now())

    def at(self, when: datetime) -> None:
        """Make sure a reconcile happens at ``when`` (aware)."""
        if self._alarm is not None:
            self._alarm.wake_at(when)


class _Runner:
    """Runs ``wake`` one at a time; a wake requested while one runs is coalesced."""

    def __init__(self, wake: Wake, alarm: Alarm) -> None:
        self._wake = wake
        self._alarm = alarm
        self._lock = asyncio.Lock()

    async def __call__(self) -> None:
        if self._lock.locked():
            return  # the running reconcile will see whatever this one would have
        async with self._lock:
            try:
                upcoming = await self._wake()
            except Exception:  # one bad reconcile must not stop the alarm
                log.exception("reconcile failed; the next tick will try again")
                return
            if upcoming is not None:
                self._alarm.wake_at(upcoming)


class ApschedulerAlarm:
    """The production alarm on APScheduler 3 (in-memory job store)."""

    def __init__(self, wake: Wake, *, tick: timedelta = TICK) -> None:
        self._scheduler = AsyncIOScheduler(timezone="UTC")
        # The bound coroutine method, not the _Runner object: APScheduler awaits a job only when
        # inspect says it is a coroutine function; an object with an async __call__ would be
        # called in a worker thread and its coroutine never awaited (nothing would ever post).
        self._run = _Runner(wake, self).__call__
        self._tick = tick

    def start(self) -> None:
        self._scheduler.add_job(
            self._run,
            "interval",
            seconds=self._tick.total_seconds(),
            id="reconcile-tick",
            coalesce=True,
            max_instances=1,
            misfire_grace_time=None,
            next_run_time=datetime.now().astimezone(),  # reconcile at start-up too
        )
        self._scheduler.start()

    def wake_at(self, instant: datetime) -> None:
        if instant.tzinfo is None:
            raise ValueError("wake_at needs an aware datetime")
        # One job per instant: replace_existing makes repeated announcements free.
        self._scheduler.add_job(
            self._run,
            "date",
            run_date=instant,
            id=f"wake-{instant.timestamp():.0f}",
            replace_existing=True,
            coalesce=True,
            misfire_grace_time=None,
        )

    async def stop(self) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)


class LoopAlarm:
    """An asyncio alarm on an injected clock (used under simulated time).

    It waits with a plain ``asyncio.sleep`` in its own task (the one kind of wait
    a simulated clock such as simcord's can fast-forward); an earlier
    ``wake_at`` interrupts the sleep by cancelling it and un-cancelling.
    """

    def __init__(self, wake: Wake, clock: Clock, *, tick: timedelta = TICK) -> None:
        self._run = _Runner(wake, self)
        self._clock = clock
        self._tick = tick
        self._next: datetime | None = None
        self._task: asyncio.Task[None] | None = None
        self._sleeping = False
        self._interrupted = False
        self._stopping = False

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._loop(), name="qotd-alarm")

    def wake_at(self, instant: datetime) -> None:
        if instant.tzinfo is None:
            raise ValueError("wake_at needs an aware datetime")
        if self._next is None or instant < self._next:
            self._next = instant
            if self._sleeping and not self._interrupted and self._task is not None:
                self._interrupted = True
                self._task.cancel()

    async def _sleep_until_due(self) -> None:
        while True:
            now = self._clock.now()
            target = now + self._tick
            if self._next is not None and self._next < target:
                target = max(self._next, now)
            self._sleeping = True
            try:
                await asyncio.sleep((target - now).total_seconds())
            except asyncio.CancelledError:
                if self._stopping or not self._interrupted:
                    raise
                task = asyncio.current_task()
                if task is not None:
                    task.uncancel()
                continue  # an earlier instant was announced: recompute the target
            finally:
                self._sleeping = False
                self._interrupted = False
            return

    async def _loop(self) -> None:
        await self._run()
        while True:
            await self._sleep_until_due()
            if self._next is not None and self._next <= self._clock.now():
                self._next = None
            await self._run()

    async def stop(self) -> None:
        self._stopping = True
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
