"""How a fan-out round is driven: due posts created a slice at a time, claims kept ahead of
the senders, and each send's outcome recorded off the sender's path.

The daily round (:mod:`bot.services.daily_round`) runs one :class:`Drain` for a shard's
sends and one for its reveals, each over a :class:`Leg` (claim, send, record). Measured in
``bench/RESULTS.md`` ("Fan-out").
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, Protocol, TypeVar

from bot.services.daily import DailyPosts
from bot.services.daily_sends import SendOutcome

BATCH = 20  # posts claimed per lease: small enough to send well within the lease
# Claimed but not yet sent: enough to keep the senders busy while one slice is being created.
AHEAD = 2 * BATCH
SENDERS = 16  # sends in flight at once: the pacer, not the round trips, must set the pace
# Due servers are created a slice at a time (slices of the shard, by Discord's shard rule), so
# the first messages go out after one slice is created, not after thousands of servers are.
SLICES = 64
FEW_DUE = 100  # fewer due than this (judged from the first slice): no slicing

Item = TypeVar("Item")


class Leg(Protocol[Item]):
    """One kind of message in a round (the posts, or the reveals): how to claim, send and record."""

    async def claim(self) -> Sequence[Item]:
        """Lease the next items to send (empty: nothing is left)."""
        ...

    async def send(self, item: Item) -> SendOutcome:
        """Send one item; what came of it."""
        ...

    async def record(self, item: Item, outcome: SendOutcome) -> None:
        """Store what came of sending ``item``."""
        ...


def slices(shard: tuple[int, int] | None, count: int) -> list[tuple[int, int]]:
    """``shard`` (or every server) cut in ``count`` parts, each again a (shard id, shard count) filter.

    A guild is on shard ``(id >> 22) % n == i``; of the shards ``(i + n*j, n*count)``, it is on
    exactly one, and only if it is on ``(i, n)``.
    """
    shard_id, shard_count = shard or (0, 1)
    return [(shard_id + shard_count * part, shard_count * count) for part in range(count)]


class SlicedCreation:
    """Creates a shard's due posts, a slice at a time when there are many (see ``SLICES``).

    Cutting in slices costs a call more, worth it only when many servers may be due: at an
    instant something was known to be due, or when nothing is known (at start-up, after
    downtime). Between those, one call creates whatever an admin's change made due.
    """

    def __init__(self, daily: DailyPosts, shard: tuple[int, int] | None, *, many_possible: bool) -> None:
        self._daily = daily
        self._shard = shard
        self._parts = deque(slices(shard, SLICES) if many_possible else ())

    async def step(self) -> bool:
        """Create some of the due posts; False once all are created."""
        if not self._parts:
            await self._daily.create_due(shard=self._shard)
            return False
        first = len(self._parts) == SLICES
        created = await self._daily.create_due(shard=self._parts.popleft())
        if first and len(created) * SLICES <= FEW_DUE:
            self._parts.clear()  # few are due after all: the rest in one go
            return await self.step()
        return bool(self._parts)


class Drain(Generic[Item]):
    """One round of sending: everything ``leg`` claims, ``SENDERS`` at a time.

    One feeder creates (``create`` steps, until one says nothing is left) and claims: it keeps
    ``AHEAD`` items claimed ahead of the senders, so the pacer never waits for the database,
    and creates while that many are queued or when a claim found nothing. Senders start with
    the first items (an idle round starts none). Each send's outcome (sent, or failed and why)
    is recorded in the background, so a sender moves on at once. Every database call (create,
    claim, record) holds ``turn``, which makes them take turns: on SQLite a run of creation
    steps would otherwise starve the records of the write lock. Once nothing is left to claim,
    the feeder waits for every record and claims once more, so a send that failed for a
    passing reason is tried again in this round.

    A send that raises (a bug: a sender returns :class:`~bot.services.daily_sends.Failed` for
    what the chat service answered) ends the round with that error; the posts it held are
    handed out again once their leases run out, and looked for in their channels first.
    """

    def __init__(
        self,
        turn: asyncio.Lock,
        leg: Leg[Item],
        *,
        create: Callable[[], Awaitable[bool]] | None = None,
    ) -> None:
        self._turn = turn
        self._leg = leg
        self._create = create
        self._creating = create is not None
        self._queue: asyncio.Queue[Item | None] = asyncio.Queue()
        self._low = asyncio.Event()  # fewer than AHEAD items queued
        self._settled = asyncio.Event()  # every claimed item's outcome is recorded
        self._unrecorded = 0
        self._senders = 0
        self._group = asyncio.TaskGroup()

    async def run(self) -> None:
        async with self._group:
            try:
                await self._feed()
            finally:
                for _ in range(self._senders):
                    self._queue.put_nowait(None)

    async def _feed(self) -> None:
        starved = True  # the last claim found nothing (or there was none yet)
        while True:
            if self._create is not None and self._creating and (starved or self._queue.qsize() >= AHEAD):
                async with self._turn:
                    self._creating = await self._create()
                starved = False
            elif self._queue.qsize() < AHEAD:
                async with self._turn:
                    items = await self._leg.claim()
                starved = not items
                self._enqueue(items)
                if starved and not self._creating:
                    if self._unrecorded == 0:
                        return
                    self._settled.clear()
                    await self._settled.wait()
            else:
                self._low.clear()
                await self._low.wait()

    def _enqueue(self, items: Sequence[Item]) -> None:
        self._unrecorded += len(items)
        for item in items:
            self._queue.put_nowait(item)
        while self._senders < min(SENDERS, self._queue.qsize()):
            self._group.create_task(self._sender())
            self._senders += 1

    async def _sender(self) -> None:
        while (item := await self._queue.get()) is not None:
            if self._queue.qsize() < AHEAD:
                self._low.set()
            outcome = await self._leg.send(item)
            self._group.create_task(self._record(item, outcome))

    async def _record(self, item: Item, outcome: SendOutcome) -> None:
        try:
            async with self._turn:
                await self._leg.record(item, outcome)
        finally:
            self._unrecorded -= 1
            if self._unrecorded == 0:
                self._settled.set()
