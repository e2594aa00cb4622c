"""The daily round: turning what the database says is due into messages, and recording what came of it.

The alarm runs a round at start-up, every minute and at announced instants. For each
shard the round creates due posts (a slice at a time when many may be due), claims them
under this process's lease, hands each :class:`~bot.services.daily_sends.PostToSend` to the
:class:`~bot.services.daily_sends.PostSender` port and records the outcome it returns; then
reveals the same way; then says when something is next due. Control flows one way: alarm
-> round -> repository -> sender -> outcome -> round.

The sender (the Discord layer) only sends: it finds the channel, adopts a copy an earlier
hand-out left, sends with the post's nonce, and classifies what the chat service answered
into ``Sent`` or ``Failed``. What a failure means is decided here and in
:class:`~bot.services.daily.DailyPosts`: a permanent one pauses that server's schedule with
the reason, a passing one is tried again with backoff; other servers carry on.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.domain.clock import Clock
from bot.services.daily import DailyPosts
from bot.services.daily_sends import Failed, PostSender, PostToSend, RevealToSend, SendOutcome, Sent
from bot.services.fanout import BATCH, Drain, SlicedCreation

log = logging.getLogger(__name__)

Shard = tuple[int, int] | None
"""A (shard id, shard count) filter on guild ids; None: every server."""


def lease_owner() -> str:
    """A name for this process in leases: host, pid and a random tag (pids get reused)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class DailyRound:
    """Drives the daily posts and reveals of this process's shards through a sender."""

    def __init__(
        self,
        daily: DailyPosts,
        sender: PostSender,
        clock: Clock,
        *,
        shards: Sequence[tuple[int, int]] | None = None,
        owner: str | None = None,
    ) -> None:
        self._daily = daily
        self._sender = sender
        self._clock = clock
        self._shards: Sequence[Shard] = shards or [None]
        self.owner = owner or lease_owner()
        self._db_turn = asyncio.Lock()
        # Per shard, when the last round said something is next due (None: nothing is).
        self._expected: dict[Shard, datetime | None] = {}

    async def run(self) -> datetime | None:
        """Make every due post and reveal; return when something is next due."""
        upcoming: list[datetime] = []
        now = self._clock.now()
        for shard in self._shards:
            expected = self._expected.get(shard, now)  # nothing known yet: as if due now
            creation = SlicedCreation(
                self._daily, shard, many_possible=expected is not None and expected <= now
            )
            posts = _Posts(self._daily, self._sender, self.owner, shard)
            await Drain(self._db_turn, posts, create=creation.step).run()
            await Drain(self._db_turn, _Reveals(self._daily, self._sender, self.owner, shard)).run()
            nxt = self._expected[shard] = await self._daily.next_wake(shard=shard)
            if nxt is not None:
                upcoming.append(nxt)
        return min(upcoming, default=None)


@dataclass(frozen=True, slots=True)
class _Leg:
    """What both kinds of message in a round share: whose posts, sent how, on which shard."""

    daily: DailyPosts
    sender: PostSender
    owner: str
    shard: Shard


class _Posts(_Leg):
    """The round's questions on one shard (a :class:`~bot.services.fanout.Leg`)."""

    async def claim(self) -> list[PostToSend]:
        return await self.daily.claim_sends(self.owner, shard=self.shard, limit=BATCH)

    async def send(self, item: PostToSend) -> SendOutcome:
        return await self.sender.send_post(item)

    async def record(self, item: PostToSend, outcome: SendOutcome) -> None:
        """Sent: store the message (and thread); failed: a permanent cause pauses the schedule."""
        match outcome:
            case Sent(message_id, thread_id):
                await self.daily.mark_sent(item.post_id, self.owner, message_id, thread_id)
                log.info(
                    "posted question %s (day %s) to guild %s",
                    item.question.id,
                    item.day_number,
                    item.guild_id,
                )
            case Failed(reason, permanent):
                log.warning(
                    "guild %s: could not post day %s (%s%s)",
                    item.guild_id,
                    item.day_number,
                    reason,
                    "; schedule paused" if permanent else "; will retry",
                )
                await self.daily.mark_send_failed(item.post_id, self.owner, reason, permanent=permanent)


class _Reveals(_Leg):
    """The round's reveals on one shard (a :class:`~bot.services.fanout.Leg`)."""

    async def claim(self) -> list[RevealToSend]:
        return await self.daily.claim_reveals(self.owner, shard=self.shard, limit=BATCH)

    async def send(self, item: RevealToSend) -> SendOutcome:
        return await self.sender.send_reveal(item)

    async def record(self, item: RevealToSend, outcome: SendOutcome) -> None:
        """Sent: the answer is out; failed: see :meth:`DailyPosts.mark_reveal_failed`."""
        match outcome:
            case Sent(message_id):
                await self.daily.mark_revealed(item.post_id, self.owner, message_id)
                log.info(
                    "revealed day %s in guild %s (%s answers)",
                    item.day_number,
                    item.guild_id,
                    item.answer_count,
                )
            case Failed(reason, permanent):
                log.warning("guild %s: could not reveal day %s (%s)", item.guild_id, item.day_number, reason)
                await self.daily.mark_reveal_failed(item.post_id, self.owner, reason, permanent=permanent)
