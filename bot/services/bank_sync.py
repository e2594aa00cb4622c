"""Loading the built question bank into the database."""

from __future__ import annotations

from dataclasses import dataclass

from bot.db.uow import UnitOfWorkFactory
from bot.domain.clock import Clock
from bot.questionbank.bank import Bank
from bot.services.errors import busy_means_try_again


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What a sync did to the shared questions."""

    added: int = 0  # new ids
    updated: int = 0  # edited in place (same id)
    unchanged: int = 0
    retired: int = 0  # no longer in the bank: never asked again, answers and points kept
    revived: int = 0  # retired earlier, back in the bank now


class BankSync:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow_factory
        self._clock = clock

    async def sync(self, bank: Bank) -> SyncReport:
        """Make the shared questions (``guild_id`` None) exactly the bank's, in one transaction.

        Questions are matched by their stable id: edited ones are updated in
        place, ids gone from the bank are retired (not deleted), and a retired
        id that comes back is revived. Servers' own questions are untouched.
        """
        now = self._clock.now()
        async with busy_means_try_again(), self._uow() as uow:
            counts = await uow.questions.upsert_many(bank.questions, guild_id=None, now=now)
            retired = await uow.questions.retire_missing(
                (q.id for q in bank.questions), guild_id=None, now=now
            )
            await uow.commit()
        return SyncReport(
            added=counts.added,
            updated=counts.updated,
            unchanged=counts.unchanged,
            retired=retired,
            revived=counts.revived,
        )
