"""``/bank sources``: which documents and packs a server's daily rotation and quizzes draw from.

Each seed document and each pack file of the shared bank is a source, and so are the
server's own questions (``bot.domain.sources``). All are on by default; an admin turns
any of them off (and on again), for that server only. The selection reads the sources
that are off (``bot.services.planning.choice_for``, ``Quizzes.start``); ``/question``
and practice still find every question.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.db.uow import UnitOfWork, UnitOfWorkFactory
from bot.domain.clock import Clock
from bot.domain.errors import UnknownSource
from bot.domain.sources import SourceKind, kind_of
from bot.services.errors import busy_means_try_again

_ORDER = {SourceKind.DOCUMENT: 0, SourceKind.PACK: 1, SourceKind.OWN: 2}


@dataclass(frozen=True, slots=True)
class SourceSummary:
    name: str  # the source's key: a file name, or ``OWN`` for the server's own questions
    kind: SourceKind
    questions: int  # askable questions it holds for this server (retired ones left out)
    on: bool


class Sources:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow_factory
        self._clock = clock

    async def list(self, guild_id: int) -> list[SourceSummary]:
        """The server's sources: seed documents, then packs, then its own questions (when it has any)."""
        async with busy_means_try_again(), self._uow() as uow:
            listed = await _listed(uow, guild_id)
            await uow.commit()
        return listed

    async def turn(self, guild_id: int, source: str, *, on: bool) -> SourceSummary:
        """Turn a source on or off for the server; ``UnknownSource`` for a name it does not have.

        Turning off what is already off (or on what is on) changes nothing and is no error.
        """
        async with busy_means_try_again(), self._uow() as uow:
            found = next((s for s in await _listed(uow, guild_id) if s.name == source.strip()), None)
            if found is None:
                raise UnknownSource(source)
            if on:
                await uow.sources.turn_on(guild_id, found.name)
            else:
                await uow.sources.turn_off(guild_id, found.name, self._clock.now())
            await uow.commit()
        return SourceSummary(found.name, found.kind, found.questions, on)


async def _listed(uow: UnitOfWork, guild_id: int) -> list[SourceSummary]:
    counts = await uow.questions.source_counts(guild_id)
    off = await uow.sources.disabled(guild_id)
    # A source turned off stays listed even when it holds nothing now, so it can be turned on again.
    names = set(counts) | off
    views = [SourceSummary(n, kind_of(n), counts.get(n, 0), n not in off) for n in names]
    return sorted(views, key=lambda v: (_ORDER[v.kind], v.name))
