"""A quiz's rules, without Discord: questions one at a time, one answer each, points at the close.

The services persist ``QuizState`` between interactions; every function here
returns a new state and never reads the clock (``now`` is passed in).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from bot.domain.clock import require_aware
from bot.domain.errors import AlreadyAnswered, EmptyAnswer, InvalidQuizLength, QuestionClosed
from bot.domain.questions import Question
from bot.domain.ranking import Standing, rank_rows
from bot.domain.scoring import grade_open, quiz_open_points, quiz_points

MIN_QUESTIONS = 1
MAX_QUESTIONS = 20


@dataclass(frozen=True)
class QuizRules:
    """How long a quiz is and how long each question stays open."""

    count: int = 5
    mcq_window: timedelta = timedelta(seconds=30)
    open_window: timedelta = timedelta(seconds=120)

    def __post_init__(self) -> None:
        if not MIN_QUESTIONS <= self.count <= MAX_QUESTIONS:
            raise InvalidQuizLength(self.count, MIN_QUESTIONS, MAX_QUESTIONS)

    def window(self, kind: str) -> timedelta:
        """How long a question of ``kind`` ("mcq", "open", "scenario") takes answers."""
        return self.mcq_window if kind == "mcq" else self.open_window


@dataclass(frozen=True)
class QuizAnswer:
    question: int  # position of the question in the quiz, 0-based
    member_id: int
    payload: str  # a letter for multiple choice, text for open questions
    answered_at: datetime


@dataclass(frozen=True)
class QuizResult:
    """What one answer earned when its question closed."""

    question: int
    member_id: int
    points: int
    correct: bool
    answered_at: datetime
    speed_rank: int | None = None  # 1 = fastest right answer; None when wrong or open


@dataclass(frozen=True)
class QuizState:
    question_ids: tuple[str, ...]
    position: int = 0  # the question being asked, or waiting to be opened
    closes_at: datetime | None = None  # set while the current question takes answers
    answers: tuple[QuizAnswer, ...] = ()
    results: tuple[QuizResult, ...] = ()

    @property
    def finished(self) -> bool:
        return self.position >= len(self.question_ids)

    @property
    def current_question_id(self) -> str | None:
        return None if self.finished else self.question_ids[self.position]

    @property
    def is_open(self) -> bool:
        return self.closes_at is not None


def new_quiz(question_ids: Sequence[str]) -> QuizState:
    """A quiz over ``question_ids``, in order, with no question open yet."""
    ids = tuple(question_ids)
    if not MIN_QUESTIONS <= len(ids) <= MAX_QUESTIONS:
        raise InvalidQuizLength(len(ids), MIN_QUESTIONS, MAX_QUESTIONS)
    return QuizState(question_ids=ids)


def open_question(state: QuizState, kind: str, rules: QuizRules, now: datetime) -> QuizState:
    """Start taking answers for the current question until ``now`` + its window."""
    if state.finished or state.is_open:
        raise QuestionClosed()
    return replace(state, closes_at=require_aware(now) + rules.window(kind))


def answer(state: QuizState, member_id: int, payload: str, now: datetime) -> QuizState:
    """Record a member's answer to the open question.

    Raises ``QuestionClosed`` when no question is open or its window has
    passed, ``AlreadyAnswered`` for a second answer, ``EmptyAnswer`` for blank text.
    """
    now = require_aware(now)
    if state.closes_at is None or now >= state.closes_at:
        raise QuestionClosed()
    if any(a.question == state.position and a.member_id == member_id for a in state.answers):
        raise AlreadyAnswered()
    if not payload.strip():
        raise EmptyAnswer()
    entry = QuizAnswer(state.position, member_id, payload.strip(), now)
    return replace(state, answers=(*state.answers, entry))


def close_question(
    state: QuizState,
    *,
    correct_choice: str | None = None,
    question: Question | None = None,
) -> tuple[QuizState, tuple[QuizResult, ...]]:
    """Score the current question's answers and move to the next question.

    Give ``correct_choice`` for a multiple-choice question (the first right
    answer earns the speed bonus) or the open ``question`` (graded as daily answers are).
    """
    if state.finished:
        raise QuestionClosed()
    given = sorted(
        (a for a in state.answers if a.question == state.position), key=lambda a: (a.answered_at, a.member_id)
    )
    results: list[QuizResult] = []
    if correct_choice is not None:
        wanted = correct_choice.strip().upper()
        rank = 0  # among right answers, fastest first
        for entry in given:
            correct = entry.payload.upper() == wanted
            rank += 1 if correct else 0
            speed = rank if correct else None
            points = quiz_points(correct, rank)
            results.append(
                QuizResult(entry.question, entry.member_id, points, correct, entry.answered_at, speed)
            )
    else:
        for entry in given:
            points = quiz_open_points(grade_open(entry.payload, question)) if question else 0
            results.append(QuizResult(entry.question, entry.member_id, points, points > 0, entry.answered_at))
    closed = replace(state, position=state.position + 1, closes_at=None, results=(*state.results, *results))
    return closed, tuple(results)


def standings(state: QuizState) -> list[Standing]:
    """The quiz leaderboard: total points; ties to whoever reached their total first."""
    totals: dict[int, int] = {}
    reached: dict[int, datetime] = {}
    for result in sorted(state.results, key=lambda r: r.answered_at):
        totals[result.member_id] = totals.get(result.member_id, 0) + result.points
        if result.points or result.member_id not in reached:
            reached[result.member_id] = result.answered_at
    return rank_rows((member, points, reached[member]) for member, points in totals.items())
