"""Scoring: key-point coverage of open answers, points, and the rules text members read."""

import re
import time

import pytest

from bot.domain import scoring
from bot.domain.errors import AnswerTooLong, EmptyAnswer, InvalidChoice
from bot.domain.questions import KeyPoint
from bot.domain.scoring import (
    MCQ_CORRECT,
    OPEN_MAX,
    PARTICIPATION,
    QUIZ_CORRECT,
    QUIZ_FASTEST_BONUS,
    SCORING_RULES,
    STREAK_BONUS_MAX,
    grade_open,
    quiz_open_points,
    quiz_points,
    score_mcq,
    score_open,
    split_points,
    streak_bonus,
    validate_answer,
    validate_choice,
    with_base,
)

from .factories import make_mcq, make_question

# From content/sources/deep-dive-node-backend.md, question 1.
PROMPT = "Explain Node.js event loop phases and how async/await works internally."
KEY_POINTS = (
    "The event loop handles asynchronous operations in phases: timers, pending callbacks, poll, check, close callbacks",
    "The poll phase waits for I/O events and runs their callbacks",
    "setImmediate callbacks run in the check phase",
    "async/await is syntactic sugar over Promises: await pauses the function until the Promise resolves",
    "Promise callbacks are microtasks and run before macrotasks like setTimeout and I/O callbacks",
)
GOOD = (
    "The event loop is how Node handles asynchronous operations. It goes through phases: timers, "
    "pending callbacks, idle/prepare, poll, check and close callbacks. The poll phase waits for new I/O "
    "events and runs their callbacks; setImmediate callbacks run in the check phase. async/await is "
    "syntactic sugar over Promises: await pauses the function until the Promise resolves, and promise "
    "callbacks are microtasks, which run before macrotasks such as setTimeout and I/O callbacks."
)
# Other word forms, other word order, and typos ("microtaskss", "syntatic").
PARAPHRASE = (
    "Node's loop of events handled async operation in a cycle of phases - the timer phase, pending callback, "
    "polling, checking and closing callback phases. While polling it is waiting on IO events and running "
    "each callback. A setImmediate callback is run during the check phase. await is syntatic sugar for a "
    "promise: awaiting paused the function till the promise resolved. Promise callbacks are microtaskss so "
    "they are run before macro tasks (setTimeout, IO callbacks)."
)
ONLY_ASYNC_AWAIT = "Await just pauses the async function until its Promise resolves; it is syntactic sugar."


def open_question(prompt: str, *points: str):
    return make_question(prompt=prompt, key_points=tuple(KeyPoint(p) for p in points))


QUESTION = open_question(PROMPT, *KEY_POINTS)


# --- coverage ------------------------------------------------------------------
# The matcher's rules one by one are in test_grading.py; these check the question-level entry point.


def test_a_good_answer_covers_every_key_point():
    coverage = grade_open(GOOD, QUESTION)
    assert coverage.hits == KEY_POINTS
    assert coverage.misses == ()
    assert coverage.ratio == 1.0


def test_a_paraphrase_with_other_word_forms_and_typos_still_covers_them():
    assert grade_open(PARAPHRASE, QUESTION).ratio == 1.0


def test_a_partial_answer_covers_only_what_it_says():
    coverage = grade_open(ONLY_ASYNC_AWAIT, QUESTION)
    assert coverage.hits == (KEY_POINTS[3],)
    assert len(coverage.misses) == 4
    assert coverage.ratio == pytest.approx(0.2)


@pytest.mark.parametrize("answer", ["", "   ", "I like pizza and long walks on the beach.", "idk"])
def test_empty_or_irrelevant_answers_cover_nothing(answer):
    coverage = grade_open(answer, QUESTION)
    assert coverage.hits == ()
    assert coverage.misses == KEY_POINTS


def test_copying_the_prompt_covers_nothing():
    assert grade_open(PROMPT, QUESTION).hits == ()


def test_short_key_points_need_all_their_words():
    def ratio(answer: str, point: str) -> float | None:
        return grade_open(answer, open_question("What helps?", point)).ratio

    assert ratio("It uses worker threads for that work.", "worker threads") == 1.0
    assert ratio("It uses threads for that work.", "worker threads") == 0.0
    assert ratio("It queues the work for later.", "job queue") == 0.0


def test_identifiers_and_split_words_match_in_common_spellings():
    def ratio(answer: str, point: str) -> float | None:
        return grade_open(answer, open_question("What runs first here?", point)).ratio

    assert (
        ratio(
            "nextTick callbacks run before anything on the call stack",
            "process.nextTick runs before the callstack",
        )
        == 1.0
    )
    assert ratio("It is built with Node.js on the server.", "node.js") == 1.0
    assert ratio("It is built with plain node on the server.", "Node.js") == 1.0
    assert ratio("process.nextTick() goes first of all.", "nextTick") == 1.0


def test_no_key_points_means_no_ratio():
    coverage = grade_open(GOOD, open_question(PROMPT))
    assert coverage.ratio is None
    assert coverage.scaled(OPEN_MAX) == 0


def test_grading_is_fast_on_a_long_answer():
    answer = ((GOOD + " " + PARAPHRASE + " ") * 10)[:4000]
    extra = tuple(f"{word} differs from the other {n}" for n, word in enumerate("abcde"))
    question = open_question(PROMPT, *KEY_POINTS, *extra)
    assert len(question.key_points) == 10
    grade_open(answer, question)  # a running bot has its caches warm
    timings = []
    for round_ in range(5):
        started = time.perf_counter()
        grade_open(answer + str(round_), question)
        timings.append(time.perf_counter() - started)
    # The budget is 5 ms (bench/RESULTS.md); the best of five leaves room for a busy machine.
    assert min(timings) < 0.005


# --- points ----------------------------------------------------------------------


def test_open_answer_points_follow_coverage():
    full = score_open(GOOD, QUESTION, streak=1)
    assert (full.base, full.participation, full.streak_bonus, full.points) == (OPEN_MAX, PARTICIPATION, 0, 11)
    assert full.correct is None
    assert full.coverage is not None
    assert full.coverage.ratio == 1.0
    partial = score_open(ONLY_ASYNC_AWAIT, QUESTION, streak=1)
    assert partial.base == 2  # 10 * 1/5


def test_coverage_rounds_half_up():
    question = open_question("Name the words.", "alpha", "bravo", "charlie", "delta")
    assert score_open("It is alpha and more words here.", question, 1).base == 3  # 2.5
    assert score_open("It is alpha, bravo and charlie here.", question, 1).base == 8  # 7.5
    assert score_open("It is alpha and bravo here.", question, 1).base == 5


def test_open_answer_without_key_points_gets_participation_only():
    score = score_open("A thoughtful answer.", open_question(PROMPT), streak=1)
    assert (score.base, score.points) == (0, PARTICIPATION)


def test_an_empty_answer_earns_nothing_not_even_streak_points():
    score = score_open("  ", QUESTION, streak=4)
    assert score.points == 0


@pytest.mark.parametrize(("streak", "bonus"), [(0, 0), (1, 0), (2, 1), (3, 2), (6, 5), (7, 5), (100, 5)])
def test_streak_bonus_grows_to_a_cap(streak, bonus):
    assert streak_bonus(streak) == bonus
    assert score_mcq("A", "A", streak).streak_bonus == bonus


def test_mcq_right_and_wrong():
    right = score_mcq("b", "B", streak=3)
    assert (right.correct, right.base, right.points) == (True, MCQ_CORRECT, MCQ_CORRECT + PARTICIPATION + 2)
    assert right.coverage is None
    wrong = score_mcq("C", "B", streak=3)
    assert (wrong.correct, wrong.base, wrong.points) == (False, 0, PARTICIPATION + 2)


def test_a_moderator_review_replaces_the_open_base_and_keeps_participation_and_streak():
    computed = score_open(ONLY_ASYNC_AWAIT, QUESTION, streak=2)
    reviewed = with_base(computed, 7)
    assert (reviewed.base, reviewed.points) == (7, 7 + PARTICIPATION + 1)
    assert with_base(computed, 0).points == PARTICIPATION + 1
    for outside in (-1, OPEN_MAX + 1):
        with pytest.raises(scoring.InvalidReviewScore):
            with_base(computed, outside)


def test_stored_points_split_back_into_base_taking_part_and_streak():
    parts = split_points(7 + PARTICIPATION + 3, streak=4)
    assert (parts.base, parts.participation, parts.streak_bonus) == (7, PARTICIPATION, 3)
    assert split_points(PARTICIPATION, streak=1).base == 0


def test_the_rules_give_no_way_to_award_oneself_points():
    assert "nailed" not in SCORING_RULES.lower()
    assert "grade yourself" not in SCORING_RULES.lower()
    assert "Ask for a review" in SCORING_RULES


def test_quiz_points():
    assert quiz_points(True, 1) == QUIZ_CORRECT + QUIZ_FASTEST_BONUS
    assert quiz_points(True, 2) == QUIZ_CORRECT
    assert quiz_points(False, 1) == 0
    assert quiz_open_points(grade_open(ONLY_ASYNC_AWAIT, QUESTION)) == 2
    assert quiz_open_points(grade_open("anything", open_question(PROMPT))) == 0


# --- validation --------------------------------------------------------------------

MCQ = make_mcq()


def test_validate_choice_accepts_offered_letters_only():
    assert validate_choice(MCQ, " b ") == "B"
    with pytest.raises(InvalidChoice) as caught:
        validate_choice(MCQ, "D")
    assert "A, B, C" in str(caught.value)


def test_validate_answer():
    assert validate_answer("  my answer \n") == "my answer"
    with pytest.raises(EmptyAnswer):
        validate_answer(" \n ")
    with pytest.raises(AnswerTooLong) as caught:
        validate_answer("x" * 4001)
    assert "4,000" in str(caught.value)
    assert validate_answer("x" * 50, limit=50) == "x" * 50


# --- the rules members read --------------------------------------------------------


def test_rules_text_states_the_numbers_the_code_uses():
    def number_after(label: str) -> int:
        match = re.search(re.escape(label) + r"\D*(\d+)", SCORING_RULES)
        assert match, label
        return int(match.group(1))

    assert number_after("Multiple choice:") == MCQ_CORRECT
    assert number_after("Open questions:") == OPEN_MAX
    assert number_after("Taking part:") == PARTICIPATION
    assert number_after("Quizzes:") == QUIZ_CORRECT
    assert f"{QUIZ_FASTEST_BONUS} more for the fastest" in SCORING_RULES
    assert f"up to {STREAK_BONUS_MAX} a day" in SCORING_RULES
    assert f"(0–{OPEN_MAX})" in SCORING_RULES  # what a moderator's review can set
    assert "reached the score first" in SCORING_RULES
    assert len(SCORING_RULES) < 1500
