"""Choosing the day's question for a server.

Rules, in order of strength:

1. only questions in the rotation (not ``daily: false``) matching the server's
   filters (``EmptyPool`` if none);
2. no repeats within a cycle: a question is asked again only once every
   eligible question has been asked as often (least-asked first; among those,
   never-asked ones at random, asked ones least recently asked first);
3. within that, not yesterday's question and not another question of
   yesterday's near-duplicate group, unless the cycle leaves nothing else;
4. among never-asked questions, prefer one whose group has not come up yet.

Choice is deterministic for a seed (``day_seed``), so ``/qotd preview`` shows
exactly what the coming days will post. The seed mixes in the installation's
secret: server ids and dates are public, and without the secret anyone with the
bank (it is public too) could compute the coming days' questions.
"""

from __future__ import annotations

import hashlib
import hmac
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from bot.domain.errors import EmptyPool
from bot.domain.questions import Question


@dataclass(frozen=True)
class Candidate:
    """What choice needs to know of a question."""

    id: str
    topic: str
    difficulty: str
    kind: str
    group: str | None = None
    daily: bool = True  # False: never picked for the day, a quiz or practice (Question.daily)
    source: str = ""  # the source a server can turn off (bot.domain.sources)

    @classmethod
    def of(cls, question: Question) -> Candidate:
        return cls(
            question.id,
            question.topic,
            str(question.difficulty),
            str(question.kind),
            question.group,
            question.daily,
        )


@dataclass(frozen=True)
class Filters:
    """A server's filters; empty means "any"."""

    topics: frozenset[str] = frozenset()
    difficulty: str | None = None
    kinds: frozenset[str] = frozenset()
    sources_off: frozenset[str] = frozenset()  # sources the server turned off (bot.domain.sources)

    def matches(self, candidate: Candidate) -> bool:
        """Whether ``candidate`` may be picked: in the rotation, of the topics, difficulty and kinds,
        and from a source the server has on."""
        return (
            candidate.daily
            and (not self.topics or candidate.topic in self.topics)
            and (self.difficulty is None or candidate.difficulty == self.difficulty)
            and (not self.kinds or candidate.kind in self.kinds)
            and candidate.source not in self.sources_off
        )

    def describe(self) -> str:
        """The filters in words, e.g. "topic databases, difficulty hard"; "" without filters."""
        parts = []
        if self.topics:
            parts.append(
                ("topic " if len(self.topics) == 1 else "topics ") + " or ".join(sorted(self.topics))
            )
        if self.difficulty is not None:
            parts.append(f"difficulty {self.difficulty}")
        if self.kinds:
            parts.append("kind " + " or ".join(sorted(self.kinds)))
        if self.sources_off:
            off = len(self.sources_off)
            parts.append(f"the sources left on ({off} turned off with /bank sources)")
        return ", ".join(parts)


def day_seed(guild_id: int, day: date, secret: str) -> str:
    """The seed for a server's choice on a local date: a keyed hash, unguessable without ``secret``."""
    message = f"{guild_id}:{day.isoformat()}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def _group_of(candidate: Candidate) -> str:
    return candidate.group if candidate.group is not None else f"id:{candidate.id}"


def choose(
    pool: Sequence[Candidate],
    asked: Sequence[str],
    filters: Filters,
    *,
    previous_group: str | None,
    seed: str,
) -> Candidate:
    """The question to ask next.

    ``asked``: ids asked in this server, oldest first (repeats allowed); its
    last entry is yesterday's. ``previous_group``: yesterday's question's group.
    """
    eligible = list({c.id: c for c in pool if filters.matches(c)}.values())
    if not eligible:
        raise EmptyPool(filters.describe())
    counts = Counter(asked)
    fewest = min(counts[c.id] for c in eligible)
    cycle = [c for c in eligible if counts[c.id] == fewest]

    yesterday = asked[-1] if asked else None
    fresh = [c for c in cycle if c.id != yesterday and (previous_group is None or c.group != previous_group)]
    cycle = fresh or cycle

    if fewest > 0:
        # A new cycle: the question asked longest ago goes first.
        last_asked = {qid: index for index, qid in enumerate(asked)}
        return min(cycle, key=lambda c: last_asked[c.id])

    by_id = {c.id: c for c in pool}
    groups_asked = Counter(_group_of(by_id[qid]) for qid in asked if qid in by_id)
    least = min(groups_asked[_group_of(c)] for c in cycle)
    options = sorted((c for c in cycle if groups_asked[_group_of(c)] == least), key=lambda c: c.id)
    return random.Random(seed).choice(options)


def preview(
    pool: Sequence[Candidate],
    asked: Sequence[str],
    filters: Filters,
    previous_group: str | None,
    seed_for_day: Callable[[int], str],
    count: int,
) -> list[Candidate]:
    """The questions of the next ``count`` days, as ``choose`` will pick them.

    ``seed_for_day(0)`` is the seed of the next post, ``seed_for_day(1)`` the
    one after, and so on.
    """
    history = list(asked)
    chosen: list[Candidate] = []
    for offset in range(count):
        pick = choose(pool, history, filters, previous_group=previous_group, seed=seed_for_day(offset))
        chosen.append(pick)
        history.append(pick.id)
        previous_group = pick.group
    return chosen
