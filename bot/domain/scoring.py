"""The scoring rules: the one place points are decided.

Daily questions are scored at the reveal:

- open questions: ``round(OPEN_MAX * coverage ratio)`` for the share of the
  question's key points the answer covers. A question with no key points has
  no ratio (``Coverage.ratio is None``): its answers get participation points
  only, unless the member grades themselves after the reveal;
- multiple choice: ``MCQ_CORRECT`` for the right letter, 0 otherwise;
- every non-empty answer: ``PARTICIPATION``;
- a streak of N days (N >= 2): ``min(N - 1, STREAK_BONUS_MAX)`` bonus.

Quizzes: ``QUIZ_CORRECT`` for a right answer, ``QUIZ_FASTEST_BONUS`` more for
the first right one; open quiz answers ``round(QUIZ_CORRECT * ratio)``.
Rounding is half up (2.5 -> 3), so equal coverage never scores differently.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from rapidfuzz import fuzz, process

from bot.domain.errors import AnswerTooLong, EmptyAnswer, InvalidChoice
from bot.domain.limits import TEXT_INPUT_VALUE
from bot.domain.questions import Question
from bot.domain.ranking import ORDERING_RULE
from bot.domain.text import stem, tokens

MCQ_CORRECT = 10
OPEN_MAX = 10
PARTICIPATION = 1
STREAK_BONUS_MAX = 5
QUIZ_CORRECT = 10
QUIZ_FASTEST_BONUS = 5
SELF_GRADE_POINTS = {"nailed": OPEN_MAX, "partly": OPEN_MAX // 2, "missed": 0}

# Matching thresholds (see key_point_coverage).
WORD_SIMILARITY = 85  # rapidfuzz ratio at which two word stems count as the same word (typos)
KEY_POINT_SHARE = 0.6  # share of a key point's content words an answer must contain
_FUZZY_MIN_LENGTH = 4  # shorter stems must match exactly

# Function words carry no meaning of their own in a key point.
_STOP_WORDS_TEXT = """a an the is are was were be been being am it its this that these those there here of in on at to
    for with by from as and or but if then so than into onto about over under which who whom whose what
    when where how why can could should would will shall may might must do does did done has have had
    not no nor i you we they he she me us them my your our their his her also just only very more most
    some any all each every other such etc eg ie e.g i.e via like use uses used using one ones something
    thing things way get gets got make makes made while whether both either neither same own"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())


def _rounded(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` rounded half up, in integers (no float surprises)."""
    return (2 * numerator + denominator) // (2 * denominator)


@dataclass(frozen=True)
class Coverage:
    """Which key points an answer covered.

    ``ratio`` is ``None`` when the question has no key points: there is
    nothing to cover, and open answers then earn participation points only.
    """

    hits: tuple[str, ...]
    misses: tuple[str, ...]

    @property
    def total(self) -> int:
        return len(self.hits) + len(self.misses)

    @property
    def ratio(self) -> float | None:
        return len(self.hits) / self.total if self.total else None

    def scaled(self, maximum: int) -> int:
        """``round(maximum * ratio)`` half up; 0 without key points."""
        return _rounded(maximum * len(self.hits), self.total) if self.total else 0


class _AnswerWords:
    """An answer's word stems, indexed once for matching many key points."""

    def __init__(self, answer: str) -> None:
        words = [stem(w) for w in tokens(answer)]
        found = set(words)
        for word in words:
            if "." in word:  # process.nexttick also offers nexttick and processnexttick
                found.update(stem(part) for part in word.split(".") if part)
                found.add(word.replace(".", ""))
        # "callstack" in a key point meets "call stack" in the answer.
        found.update(a + b for a, b in itertools.pairwise(words))
        self.exact = found
        self.fuzzy = [w for w in found if len(w) >= _FUZZY_MIN_LENGTH]

    def has(self, word: str) -> bool:
        if word in self.exact:
            return True
        if len(word) < _FUZZY_MIN_LENGTH or not self.fuzzy:
            return False
        return (
            process.extractOne(word, self.fuzzy, scorer=fuzz.ratio, score_cutoff=WORD_SIMILARITY) is not None
        )


def _word_forms(word: str) -> tuple[str, ...]:
    """What in an answer counts for a key-point word: identifiers also by their telling part."""
    if "." not in word:
        return (word,)
    parts = [p for p in word.split(".") if p]
    forms = [word, word.replace(".", "")]
    if len(parts[-1]) >= 4:
        forms.append(stem(parts[-1]))  # process.nexttick -> nexttick
    elif len(parts[-1]) <= 2:
        forms.append(stem(parts[0]))  # node.js -> node
    return tuple(forms)


def content_words(text: str) -> list[str]:
    """The stems of ``text``'s meaningful words, in order, without repeats."""
    words = [w for w in tokens(text) if w not in STOP_WORDS and (len(w) > 1 or w.isdigit())]
    if not words:  # a key point made only of stop words still has to say something
        words = tokens(text)
    return list(dict.fromkeys(stem(w) for w in words))


def _needed(count: int) -> int:
    if count <= 2:
        return count
    return math.ceil(KEY_POINT_SHARE * count - 1e-9)


def _covers(answer: _AnswerWords, words: list[str]) -> bool:
    hit = [any(answer.has(form) for form in _word_forms(w)) for w in words]
    # "call stack" in a key point meets "callstack" in the answer.
    for i in range(len(words) - 1):
        if not (hit[i] and hit[i + 1]) and words[i] + words[i + 1] in answer.exact:
            hit[i] = hit[i + 1] = True
    return sum(hit) >= _needed(len(words))


def key_point_coverage(answer: str, key_points: Sequence[str]) -> Coverage:
    """Which ``key_points`` the ``answer`` covers.

    A key point is covered when the answer contains enough of its content
    words (stop words dropped, word forms stemmed, typos within
    ``WORD_SIMILARITY``): all of them for a point of one or two words,
    otherwise ``KEY_POINT_SHARE`` of them. Blank key points are ignored.
    """
    points = [p for p in key_points if p.strip()]
    if not points:
        return Coverage((), ())
    words = _AnswerWords(answer)
    hits: list[str] = []
    misses: list[str] = []
    for point in points:
        (hits if _covers(words, content_words(point)) else misses).append(point)
    return Coverage(tuple(hits), tuple(misses))


def grade_open(answer: str, question: Question) -> Coverage:
    """The automatic grade of an open (or scenario) answer to ``question``: the key points it covers.

    The one entry point the reveal, quizzes and ``qotd grade eval`` share, so
    what is measured on the labelled set is what members get.
    """
    return key_point_coverage(answer, question.key_points)


class SelfGrade(StrEnum):
    """How a member grades their own open answer after seeing the model answer."""

    NAILED = "nailed"
    PARTLY = "partly"
    MISSED = "missed"


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


def score_open(answer: str, key_points: Sequence[str], streak: int) -> Score:
    """Score an open (or scenario) answer by its key-point coverage."""
    coverage = key_point_coverage(answer, key_points)
    return _score(coverage.scaled(OPEN_MAX), bool(answer.strip()), streak, None, coverage)


def score_mcq(choice: str, correct_choice: str, streak: int) -> Score:
    """Score a multiple-choice answer; letters compare case-insensitively."""
    correct = choice.strip().upper() == correct_choice.strip().upper()
    return _score(MCQ_CORRECT if correct else 0, bool(choice.strip()), streak, correct, None)


def score_self_grade(grade: SelfGrade, key_points_count: int) -> int:
    """The open base score a self-grade stands for: nailed 10, partly 5, missed 0.

    It replaces the computed base whether or not the question has key points
    (``key_points_count``), so questions without key points can score too.
    """
    if key_points_count < 0:
        raise ValueError("key_points_count cannot be negative")
    return SELF_GRADE_POINTS[SelfGrade(grade)]


def apply_self_grade(score: Score, grade: SelfGrade, key_points_count: int) -> Score:
    """``score`` with its base replaced by the self-grade's (participation and streak kept)."""
    base = score_self_grade(grade, key_points_count)
    return replace(score, base=base, points=base + score.participation + score.streak_bonus)


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
Points are given when the answer is revealed, so nobody can copy a letter from the leaderboard.
• **Multiple choice:** {MCQ_CORRECT} points for the right letter.
• **Open questions:** up to {OPEN_MAX} points for covering the key points of a good answer \
({OPEN_MAX} × the share covered, rounded). Word forms and small typos are fine.
• **Grade yourself:** after the reveal you may grade an open answer: nailed it \
{SELF_GRADE_POINTS["nailed"]}, partly {SELF_GRADE_POINTS["partly"]}, missed {SELF_GRADE_POINTS["missed"]}; \
this replaces the key-point score.
• **Taking part:** {PARTICIPATION} point for every answer.
• **Streaks:** answering on consecutive days adds 1 point per day after the first, \
up to {STREAK_BONUS_MAX} a day.
• **Quizzes:** {QUIZ_CORRECT} points for a right answer and {QUIZ_FASTEST_BONUS} more for the \
fastest right answer; open quiz answers earn up to {QUIZ_CORRECT} by key points.
{ORDERING_RULE}"""
