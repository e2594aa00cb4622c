"""The scoring rules: the one place points are decided.

Daily questions are scored at the reveal:

- open questions: ``round(OPEN_MAX * coverage ratio)`` for the share of the
  question's key points the answer covers. A question with no key points has
  no ratio (``Coverage.ratio is None``): its answers get participation points
  only, unless a moderator reviews them (a member can ask for a review);
- multiple choice: ``MCQ_CORRECT`` for the right letter, 0 otherwise;
- every non-empty answer: ``PARTICIPATION``;
- a streak of N days (N >= 2): ``min(N - 1, STREAK_BONUS_MAX)`` bonus.

Quizzes: ``QUIZ_CORRECT`` for a right answer, ``QUIZ_FASTEST_BONUS`` more for
the first right one; open quiz answers ``round(QUIZ_CORRECT * ratio)``.
Rounding is half up (2.5 -> 3), so equal coverage never scores differently.

Members never set their own points: after the reveal a moderator may review an
open answer and set its base (0..``OPEN_MAX``); participation and streak stay.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.domain.errors import AnswerTooLong, DomainError, EmptyAnswer, InvalidChoice
from bot.domain.grading import Coverage, grade_key_points
from bot.domain.limits import TEXT_INPUT_VALUE
from bot.domain.questions import Question
from bot.domain.ranking import ORDERING_RULE

MCQ_CORRECT = 10
OPEN_MAX = 10
PARTICIPATION = 1
STREAK_BONUS_MAX = 5
QUIZ_CORRECT = 10
QUIZ_FASTEST_BONUS = 5


def grade_open(answer: str, question: Question) -> Coverage:
    """The automatic grade of an open (or scenario) answer to ``question``: the key points it covers.

    The one entry point the reveal, quizzes and ``qotd grade eval`` share, so
    what is measured on the labelled set is what members get.
    """
    return grade_key_points(answer, question.prompt, question.key_points)


class InvalidReviewScore(DomainError):
    message = f"A reviewed score is a whole number from 0 to {OPEN_MAX}."


@dataclass(frozen=True)
class Score:
    """What one daily answer earned: ``points = base + participation + streak_bonus``."""

    points: int
    base: int
    participation: int
    streak_bonus: int
    correct: bool | None  # None for open answers
    coverage: Coverage | None  # None for multiple choice


def streak_bonus(streak: int) -> int:
    """Bonus for a streak of ``streak`` days including today: 0, then 1..STREAK_BONUS_MAX."""
    return max(0, min(streak - 1, STREAK_BONUS_MAX))


def _score(base: int, answered: bool, streak: int, correct: bool | None, coverage: Coverage | None) -> Score:
    participation = PARTICIPATION if answered else 0
    bonus = streak_bonus(streak) if answered else 0
    return Score(base + participation + bonus, base, participation, bonus, correct, coverage)


def score_open(answer: str, question: Question, streak: int) -> Score:
    """Score an open (or scenario) answer to ``question`` by the key points it states."""
    coverage = grade_open(answer, question)
    return _score(coverage.scaled(OPEN_MAX), bool(answer.strip()), streak, None, coverage)


def score_mcq(choice: str, correct_choice: str, streak: int) -> Score:
    """Score a multiple-choice answer; letters compare case-insensitively."""
    correct = choice.strip().upper() == correct_choice.strip().upper()
    return _score(MCQ_CORRECT if correct else 0, bool(choice.strip()), streak, correct, None)


def with_base(score: Score, base: int) -> Score:
    """``score`` with its base set by a moderator's review (participation and streak kept)."""
    if not 0 <= base <= OPEN_MAX:
        raise InvalidReviewScore()
    return replace(score, base=base, points=base + score.participation + score.streak_bonus)


def split_points(points: int, streak: int) -> Score:
    """How a stored answer's ``points`` were made: base, taking part and the streak bonus.

    The reveal stores only the sum; participation and the bonus follow from the
    streak the member had when answering, so the base is what is left.
    """
    bonus = streak_bonus(streak)
    base = max(points - PARTICIPATION - bonus, 0)
    return Score(points, base, PARTICIPATION, bonus, None, None)


def quiz_points(correct: bool, rank_among_correct: int) -> int:
    """A multiple-choice quiz answer: QUIZ_CORRECT if right, plus QUIZ_FASTEST_BONUS for rank 1."""
    if not correct:
        return 0
    return QUIZ_CORRECT + (QUIZ_FASTEST_BONUS if rank_among_correct == 1 else 0)


def quiz_open_points(coverage: Coverage) -> int:
    """An open quiz answer: ``round(QUIZ_CORRECT * ratio)``, no speed bonus."""
    return coverage.scaled(QUIZ_CORRECT)


def validate_choice(question: Question, key: str) -> str:
    """The offered letter ``key`` names (upper case); raises ``InvalidChoice``."""
    choice = question.choice(key)
    if choice is None:
        raise InvalidChoice(key, (c.key for c in question.choices))
    return choice.key


def validate_answer(text: str, limit: int = TEXT_INPUT_VALUE) -> str:
    """An open answer as it will be stored (surrounding whitespace trimmed); raises if empty or too long."""
    cleaned = text.strip()
    if not cleaned:
        raise EmptyAnswer()
    if len(cleaned) > limit:
        raise AnswerTooLong(limit)
    return cleaned


SCORING_RULES = f"""\
**How scoring works**
Points are given when the answer is revealed, so nobody can copy a letter from the leaderboard, \
and count on the question's own day.
• **Multiple choice:** {MCQ_CORRECT} points for the right letter.
• **Open questions:** up to {OPEN_MAX} points for the share of the key points you explain \
(word forms and small typos are fine). A bare list of terms earns a small share at most, and \
words copied from the question count for nothing.
• **Reviews:** only this grade and moderators set points. Think it missed something? Press \
**Ask for a review** on your result: a moderator may set the key-point score (0–{OPEN_MAX}) with a reason.
• **Taking part:** {PARTICIPATION} point for every answer.
• **Streaks:** answering on consecutive days adds 1 point per day after the first, \
up to {STREAK_BONUS_MAX} a day.
• **Quizzes:** {QUIZ_CORRECT} points for a right answer and {QUIZ_FASTEST_BONUS} more for the \
fastest right answer; open quiz answers earn up to {QUIZ_CORRECT} by key points.
{ORDERING_RULE}"""
