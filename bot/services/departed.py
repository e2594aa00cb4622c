"""Servers that removed the bot: marked when it leaves, unmarked if it comes back, deleted after a grace period.

Removing the bot by mistake (or a kick while an admin sorts out permissions)
must not cost a server its history, so nothing is deleted at once: the mark
records when the bot left, and :meth:`DepartedServers.purge` deletes every row
of a server (schedule, posts, answers, points, streaks, roles, review cards,
preferences, quizzes, its own questions) once the grace period has passed.
See docs/operations.md ("Servers that remove the bot").
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from bot.db.uow import UnitOfWorkFactory
from bot.domain.clock import Clock
from bot.services.errors import busy_means_try_again

log = logging.getLogger(__name__)

DEFAULT_GRACE = timedelta(days=30)
_PURGE_BATCH = 100


@dataclass(frozen=True, slots=True)
class PresenceReport:
    marked: int  # servers newly marked as gone
    returned: int  # marks cleared: the bot is in these servers again


class DepartedServers:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow_factory
        self._clock = clock

    async def left(self, guild_id: int) -> None:
        """The bot was removed from a server (kicked, banned, or the server deleted)."""
        async with busy_means_try_again(), self._uow() as uow:
            await uow.guilds.mark_departed([guild_id], self._clock.now())
            await uow.commit()

    async def joined(self, guild_id: int) -> None:
        """The bot is in a server (again): its data stays."""
        async with busy_means_try_again(), self._uow() as uow:
            await uow.guilds.clear_departed([guild_id])
            await uow.commit()

    async def reconcile(
        self, present: Iterable[int], shards: Iterable[tuple[int, int]] | None = None
    ) -> PresenceReport:
        """At start-up: mark servers with data stored but not among ``present``, unmark those that are.

        ``shards``: the (shard id, shard count) pairs this process runs; servers of
        other processes' shards are left alone. Catches removals while the bot was down.
        """
        here = set(present)
        shard_list = None if shards is None else list(shards)
        async with busy_means_try_again(), self._uow() as uow:
            known = await uow.guilds.known(shard_list)
            marked = await uow.guilds.mark_departed(known - here, self._clock.now())
            returned = await uow.guilds.clear_departed(here)
            await uow.commit()
        return PresenceReport(marked=marked, returned=returned)

    async def purge(self, grace: timedelta = DEFAULT_GRACE) -> dict[int, int]:
        """Delete all data of every server that removed the bot more than ``grace`` ago.

        One unit of work per server, so a large one does not hold the rest back.
        Returns the rows deleted per server.
        """
        deleted: dict[int, int] = {}
        while True:
            cutoff = self._clock.now() - grace
            async with busy_means_try_again(), self._uow() as uow:
                due = await uow.guilds.departed_before(cutoff, limit=_PURGE_BATCH)
                await uow.commit()
            due = [g for g in due if g not in deleted]
            if not due:
                return deleted
            for guild_id in due:
                async with busy_means_try_again(), self._uow() as uow:
                    # Checked again in this transaction: the bot may have come back meanwhile.
                    left_at = await uow.guilds.left_at(guild_id)
                    if left_at is None or left_at >= cutoff:
                        deleted[guild_id] = 0
                        continue
                    counts = await uow.guilds.delete_everything(guild_id)
                    await uow.commit()
                deleted[guild_id] = sum(counts.values())
                log.info("deleted the data of server %s (removed the bot over %s ago)", guild_id, grace)
