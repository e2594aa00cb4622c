"""A quiz: timed questions, one answer each, the fastest right answer earns a bonus."""

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.errors import AlreadyAnswered, EmptyAnswer, InvalidQuizLength, QuestionClosed
from bot.domain.questions import KeyPoint
from bot.domain.quiz import QuizRules, answer, close_question, new_quiz, open_question, standings
from bot.domain.scoring import QUIZ_CORRECT, QUIZ_FASTEST_BONUS

from .factories import make_question

T0 = datetime(2026, 3, 1, 18, 0, tzinfo=UTC)
RULES = QuizRules()
ALICE, BOB, CAROL = 1, 2, 3


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_rules_defaults_and_bounds():
    assert (RULES.count, RULES.window("mcq"), RULES.window("open")) == (
        5,
        timedelta(seconds=30),
        timedelta(seconds=120),
    )
    assert RULES.window("scenario") == timedelta(seconds=120)
    assert QuizRules(count=20).count == 20
    for count in (0, 21):
        with pytest.raises(InvalidQuizLength):
            QuizRules(count=count)
    with pytest.raises(InvalidQuizLength):
        new_quiz([])


def test_answers_are_taken_only_while_the_question_is_open():
    quiz = new_quiz(["q1", "q2"])
    with pytest.raises(QuestionClosed):
        answer(quiz, ALICE, "A", at(0))  # not opened yet
    quiz = open_question(quiz, "mcq", RULES, at(0))
    quiz = answer(quiz, ALICE, "a", at(29.9))
    with pytest.raises(QuestionClosed):
        answer(quiz, BOB, "A", at(30))  # the window is 30 s
    with pytest.raises(QuestionClosed):
        open_question(quiz, "mcq", RULES, at(31))  # one question at a time


def test_one_answer_per_member_per_question():
    quiz = answer(open_question(new_quiz(["q1"]), "mcq", RULES, at(0)), ALICE, "A", at(1))
    with pytest.raises(AlreadyAnswered):
        answer(quiz, ALICE, "B", at(2))
    with pytest.raises(EmptyAnswer):
        answer(quiz, BOB, "  ", at(2))


def test_fastest_right_answer_gets_the_bonus_by_time_not_by_arrival_order():
    quiz = open_question(new_quiz(["q1", "q2"]), "mcq", RULES, at(0))
    quiz = answer(quiz, BOB, "B", at(9))
    quiz = answer(quiz, CAROL, "A", at(2))  # wrong, and fastest of all
    quiz = answer(quiz, ALICE, "b", at(5))
    quiz, results = close_question(quiz, correct_choice="B")
    by_member = {r.member_id: r for r in results}
    assert by_member[ALICE].points == QUIZ_CORRECT + QUIZ_FASTEST_BONUS
    assert by_member[ALICE].speed_rank == 1
    assert (by_member[BOB].points, by_member[BOB].speed_rank) == (QUIZ_CORRECT, 2)
    assert (by_member[CAROL].points, by_member[CAROL].correct, by_member[CAROL].speed_rank) == (
        0,
        False,
        None,
    )
    assert quiz.position == 1
    assert not quiz.is_open
    assert quiz.current_question_id == "q2"


def test_open_quiz_questions_score_by_key_points_without_speed_bonus():
    quiz = open_question(new_quiz(["q1"]), "open", RULES, at(0))
    quiz = answer(quiz, ALICE, "Worker threads run CPU work in parallel; a job queue offloads it.", at(100))
    quiz = answer(quiz, BOB, "Offload the work to a job queue.", at(10))
    question = make_question(
        prompt="How do you keep CPU-heavy work off the event loop?",
        key_points=(
            KeyPoint("worker threads run CPU-heavy work in parallel"),
            KeyPoint("a job queue offloads work"),
        ),
    )
    quiz, results = close_question(quiz, question=question)
    points = {r.member_id: r.points for r in results}
    assert points == {ALICE: QUIZ_CORRECT, BOB: QUIZ_CORRECT // 2}
    assert all(r.speed_rank is None for r in results)
    assert quiz.finished
    assert quiz.current_question_id is None
    with pytest.raises(QuestionClosed):
        open_question(quiz, "open", RULES, at(200))
    with pytest.raises(QuestionClosed):
        close_question(quiz, correct_choice="A")


def test_standings_add_up_and_ties_go_to_who_got_there_first():
    quiz = new_quiz(["q1", "q2"])
    quiz = open_question(quiz, "mcq", RULES, at(0))
    quiz = answer(quiz, BOB, "A", at(3))  # right and fastest: 15
    quiz = answer(quiz, ALICE, "A", at(4))  # right: 10
    quiz = answer(quiz, CAROL, "C", at(5))  # wrong: 0
    quiz, _ = close_question(quiz, correct_choice="A")
    quiz = open_question(quiz, "mcq", RULES, at(60))
    quiz = answer(quiz, ALICE, "D", at(61))  # right and fastest: 15 -> 25
    quiz = answer(quiz, BOB, "D", at(70))  # right: 10 -> 25, but later
    quiz, _ = close_question(quiz, correct_choice="D")
    table = standings(quiz)
    assert [(s.rank, s.member_id, s.points) for s in table] == [(1, ALICE, 25), (2, BOB, 25), (3, CAROL, 0)]
    assert table[0].reached_at == at(61)


def test_state_changes_never_mutate_the_previous_state():
    before = open_question(new_quiz(["q1"]), "mcq", RULES, at(0))
    after = answer(before, ALICE, "A", at(1))
    assert before.answers == ()
    assert len(after.answers) == 1
