"""What the quiz service returns: a quiz, its question, an answer taken, a question's results, standings.

Plain values (no database, no Discord): the Discord layer renders them and tests
build them directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.db.records import QuizRecord
from bot.domain.questions import Question
from bot.domain.quiz import QuizState


@dataclass(frozen=True, slots=True)
class QuizSnapshot:
    quiz_id: int
    guild_id: int
    channel_id: int
    started_by: int
    status: str  # QuizStatus: running, finished or cancelled
    question_count: int
    position: int  # 0-based: the question open now, or the next one to open
    closes_at: datetime | None  # when the open question stops taking answers; None between questions
    started_at: datetime
    filters: str  # e.g. "topic Node.js core, difficulty hard"; "" without filters

    def overdue(self, now: datetime) -> bool:
        """Whether the open question's window has passed (after a restart: close it now)."""
        return self.closes_at is not None and now >= self.closes_at


@dataclass(frozen=True, slots=True)
class QuizQuestion:
    quiz_id: int
    question: Question
    number: int  # 1-based
    of: int
    closes_at: datetime | None  # None until the question is opened


@dataclass(frozen=True, slots=True)
class QuizAnswerAck:
    quiz_id: int
    number: int
    answered_at: datetime
    closes_at: datetime


@dataclass(frozen=True, slots=True)
class QuizMemberResult:
    member_id: int
    correct: bool
    points: int
    coverage: float | None  # share of key points covered (open questions); None for multiple choice
    answered_at: datetime


@dataclass(frozen=True, slots=True)
class QuizQuestionResult:
    quiz_id: int
    number: int
    of: int
    question: Question
    correct_choice: str | None
    results: list[QuizMemberResult]  # in the order the answers came
    fastest_member_id: int | None  # first right answer of a multiple-choice question
    finished: bool  # that was the last question


@dataclass(frozen=True, slots=True)
class QuizStanding:
    rank: int
    member_id: int
    points: int


@dataclass(frozen=True, slots=True)
class QuizStandings:
    quiz_id: int
    rows: list[QuizStanding]
    status: str
    questions_done: int
    of: int


def snapshot_of(record: QuizRecord, state: QuizState, filters: str) -> QuizSnapshot:
    """A quiz as its session row and saved state say it stands."""
    return QuizSnapshot(
        quiz_id=record.id,
        guild_id=record.guild_id,
        channel_id=record.channel_id,
        started_by=record.started_by,
        status=record.status,
        question_count=len(state.question_ids),
        position=state.position,
        closes_at=state.closes_at,
        started_at=record.started_at,
        filters=filters,
    )
