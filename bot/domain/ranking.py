"""Leaderboard order: most points first, ties to whoever reached the score first."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

ORDERING_RULE = "Ties go to whoever reached the score first."


@dataclass(frozen=True)
class Standing:
    rank: int
    member_id: int
    points: int
    reached_at: datetime  # when the member reached ``points``


def rank_rows(rows: Iterable[tuple[int, int, datetime]]) -> list[Standing]:
    """Rank ``(member_id, points, reached_at)`` rows: points desc, reached_at asc, member id asc.

    Every member gets their own rank (1..n); nobody shares one.
    """
    ordered = sorted(rows, key=lambda row: (-row[1], row[2], row[0]))
    return [
        Standing(rank, member, points, reached) for rank, (member, points, reached) in enumerate(ordered, 1)
    ]


def window_around(
    standings: Sequence[Standing], member_id: int, above: int = 2, below: int = 2
) -> list[Standing]:
    """The member's standing with up to ``above`` ahead and ``below`` behind; [] if not ranked."""
    for index, standing in enumerate(standings):
        if standing.member_id == member_id:
            return list(standings[max(0, index - above) : index + below + 1])
    return []
