"""What the leaderboards service returns: boards and their rows, ranks, streaks and stats.

Plain values (no database, no Discord), so the Discord layer renders them and
tests build them directly. ``Accuracy`` is the one reading of "how well
answers went" every view shares: multiple choice right, open answers' share of
key points covered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.db.records import BoardKey, TotalRow
from bot.domain.periods import Period

__all__ = [
    "Accuracy",
    "Board",
    "BoardKey",
    "BoardRow",
    "MemberRank",
    "MemberStats",
    "StatsTotals",
    "StreakSummary",
    "TopicAccuracyRow",
    "key_of",
]


@dataclass(frozen=True, slots=True)
class Accuracy:
    """How well answers went: multiple choice right, and the share of key points open answers covered."""

    answers: int
    correct: int  # multiple-choice answers right
    open_answers: int = 0
    coverage: float = 0.0  # the sum of the open answers' key-point shares

    @property
    def choice_answers(self) -> int:
        return max(self.answers - self.open_answers, 0)

    @property
    def key_points_share(self) -> float | None:
        """The mean share of key points covered by open answers; None without open answers."""
        return self.coverage / self.open_answers if self.open_answers else None

    @property
    def score_share(self) -> float:
        """One figure for a chart: right letters and key-point shares, over all answers."""
        return (self.correct + self.coverage) / self.answers if self.answers else 0.0


@dataclass(frozen=True, slots=True)
class BoardRow:
    rank: int  # 1-based; nobody shares a rank
    member_id: int
    points: int
    answers: int
    correct: int  # multiple-choice answers right
    reached_at: datetime  # when the member reached ``points`` (the tie-break)
    open_answers: int = 0
    coverage: float = 0.0

    @property
    def accuracy(self) -> Accuracy:
        return Accuracy(self.answers, self.correct, self.open_answers, self.coverage)


@dataclass(frozen=True, slots=True)
class Board:
    rows: list[BoardRow]
    total: int  # members on this board
    page: int  # 0-based, clamped to the pages there are
    pages: int  # at least 1, even for an empty board
    viewer_row: BoardRow | None  # the viewer's own row on this board, wherever it is
    period: Period
    period_start: date  # local date the period starts on (1970-01-01 for all time)
    period_label: str  # e.g. "This week (Mon 2 Mar – Sun 8 Mar)"
    topic: str | None
    role_id: int | None

    @property
    def has_previous(self) -> bool:
        return bool(self.rows) and self.rows[0].rank > 1

    @property
    def has_next(self) -> bool:
        return bool(self.rows) and self.rows[-1].rank < self.total


def key_of(row: BoardRow | TotalRow) -> BoardKey:
    """Where ``row`` stands, for the page before or after it (``Leaderboards.board``'s keys)."""
    return BoardKey(row.points, row.reached_at, row.member_id)


@dataclass(frozen=True, slots=True)
class MemberRank:
    """A member's place; ``rank`` is None (and the lists empty) when they have no points yet."""

    rank: int | None
    points: int
    of: int  # members on the board
    above: list[BoardRow]  # the closest members ahead, in board order
    below: list[BoardRow]  # the closest members behind, in board order
    period: Period
    period_label: str

    @property
    def ranked(self) -> bool:
        return self.rank is not None


@dataclass(frozen=True, slots=True)
class StreakSummary:
    current: int  # as of today, local: 0 once a day was missed
    best: int
    last_date: date | None  # local date of the last answer


@dataclass(frozen=True, slots=True)
class TopicAccuracyRow:
    topic: str
    answered: int
    correct: int
    open_answers: int = 0
    coverage: float = 0.0

    @property
    def accuracy(self) -> Accuracy:
        return Accuracy(self.answered, self.correct, self.open_answers, self.coverage)


@dataclass(frozen=True, slots=True)
class StatsTotals:
    """All-time figures; ``rank`` is None before the first points."""

    points: int
    answers: int
    correct: int
    rank: int | None
    of: int
    open_answers: int = 0
    coverage: float = 0.0

    @property
    def accuracy(self) -> Accuracy:
        return Accuracy(self.answers, self.correct, self.open_answers, self.coverage)


@dataclass(frozen=True, slots=True)
class MemberStats:
    points_by_day: list[tuple[date, int]]  # oldest first, every day of the window (zeros included)
    accuracy_by_topic: list[TopicAccuracyRow]  # by topic id
    totals: StatsTotals
