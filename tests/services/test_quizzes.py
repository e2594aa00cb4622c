"""Quizzes as a channel plays them: answers in the window, points at the close, resuming after a restart."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from bot.db.records import QuizStatus
from bot.domain.clock import ManualClock
from bot.domain.errors import (
    AlreadyAnswered,
    EmptyPool,
    InvalidChoice,
    InvalidQuizLength,
    NoActiveQuiz,
    NotAllowed,
    QuestionClosed,
    QuizAlreadyRunning,
)
from bot.domain.periods import Period
from bot.domain.questions import Topic
from bot.domain.scoring import QUIZ_CORRECT, QUIZ_FASTEST_BONUS
from bot.services.leaderboards import Leaderboards
from bot.services.members import MemberRef
from bot.services.quizzes import Quizzes
from tests.db.builders import CHANNEL, GUILD, add_questions, mcq, question

T0 = datetime(2026, 3, 10, 18, 0, tzinfo=UTC)
ALICE, BOB, CAROL, DAVE, ADMIN = (MemberRef(GUILD, m, (700 + m,)) for m in (21, 22, 23, 24, 25))
TOPICS = [Topic("node-core-runtime", 1, "Node.js core runtime")]


def quizzes(uow_factory, clock, seed: int = 1) -> Quizzes:
    return Quizzes(uow_factory, clock, TOPICS, rng=random.Random(seed))


@pytest.fixture
async def two_mcqs(uow_factory):
    await add_questions(
        uow_factory,
        mcq("qa40-00000a", prompt="Which runs first, a timer or nextTick?"),
        mcq("qa40-00000b", prompt="What does libuv provide to the runtime?"),
    )


async def test_a_full_quiz_scores_answers_at_each_close_and_puts_points_on_the_leaderboard(
    uow_factory, two_mcqs
):
    clock = ManualClock(T0)
    game = quizzes(uow_factory, clock)
    started = await game.start(GUILD, CHANNEL, ALICE, count=2, kind="mcq")
    assert (started.question_count, started.status, started.closes_at) == (2, QuizStatus.RUNNING, None)

    first = await game.open_next(started.quiz_id)
    assert first is not None
    assert (first.number, first.of) == (1, 2)
    assert first.closes_at == T0 + timedelta(seconds=30)
    right = first.question.correct_choice
    clock.advance(timedelta(seconds=5))
    await game.answer(started.quiz_id, ALICE, choice=right.lower())
    clock.advance(timedelta(seconds=3))
    await game.answer(started.quiz_id, BOB, choice=right)
    clock.advance(timedelta(seconds=4))
    await game.answer(started.quiz_id, CAROL, choice="A")  # B is right
    with pytest.raises(AlreadyAnswered):
        await game.answer(started.quiz_id, ALICE, choice="A")
    with pytest.raises(InvalidChoice):
        await game.answer(started.quiz_id, DAVE, choice="Z")
    clock.set(T0 + timedelta(seconds=30))
    with pytest.raises(QuestionClosed):
        await game.answer(started.quiz_id, DAVE, choice=right)

    closed = await game.close_current(started.quiz_id)
    assert closed.correct_choice == right
    assert closed.fastest_member_id == ALICE.member_id
    assert [(r.member_id, r.correct, r.points) for r in closed.results] == [
        (ALICE.member_id, True, QUIZ_CORRECT + QUIZ_FASTEST_BONUS),
        (BOB.member_id, True, QUIZ_CORRECT),
        (CAROL.member_id, False, 0),
    ]
    with pytest.raises(QuestionClosed):  # a second close cannot skip the next question
        await game.close_current(started.quiz_id)

    clock.advance(timedelta(seconds=10))
    second = await game.open_next(started.quiz_id)
    assert second is not None
    assert second.number == 2
    clock.advance(timedelta(seconds=2))
    await game.answer(started.quiz_id, BOB, choice=second.question.correct_choice)
    clock.advance(timedelta(seconds=1))
    await game.answer(started.quiz_id, ALICE, choice=second.question.correct_choice)
    last = await game.close_current(started.quiz_id)
    assert last.finished
    assert last.fastest_member_id == BOB.member_id

    standings = await game.standings(started.quiz_id)
    # Both end on 25: Bob got there first (his second answer came before Alice's).
    assert [(s.rank, s.member_id, s.points) for s in standings.rows] == [
        (1, BOB.member_id, 25),
        (2, ALICE.member_id, 25),
        (3, CAROL.member_id, 0),
    ]
    assert (standings.status, standings.questions_done) == (QuizStatus.FINISHED, 2)
    assert await game.open_next(started.quiz_id) is None
    with pytest.raises(NoActiveQuiz):
        await game.current(started.quiz_id)
    assert await game.unfinished() == []

    board = await Leaderboards(uow_factory, clock).board(GUILD, Period.DAY, viewer_id=CAROL.member_id)
    assert [(r.member_id, r.points, r.answers, r.correct) for r in board.rows] == [
        (BOB.member_id, 25, 2, 2),
        (ALICE.member_id, 25, 2, 2),
        (CAROL.member_id, 0, 1, 0),
    ]
    async with uow_factory() as uow:
        cards = {
            (m.member_id, qid): await uow.reviews.get_card(GUILD, m.member_id, qid)
            for m in (ALICE, BOB, CAROL, DAVE)
            for qid in ("qa40-00000a", "qa40-00000b")
        }
        roles = await uow.roles.roles_of(GUILD, CAROL.member_id)
    answered = {(ALICE.member_id, first.question.id), (BOB.member_id, first.question.id)}
    answered |= {(CAROL.member_id, first.question.id), (ALICE.member_id, second.question.id)}
    answered |= {(BOB.member_id, second.question.id)}
    assert {key for key, card in cards.items() if card is not None} == answered
    assert roles == set(CAROL.role_ids)


async def test_open_questions_score_by_key_points_without_a_speed_bonus(uow_factory):
    await add_questions(uow_factory, question("qa40-0000c1", key_points=("event loop", "libuv thread pool")))
    clock = ManualClock(T0)
    game = quizzes(uow_factory, clock)
    quiz = await game.start(GUILD, CHANNEL, ALICE, count=1)
    opened = await game.open_next(quiz.quiz_id)
    assert opened is not None
    assert opened.closes_at == T0 + timedelta(seconds=120)

    await game.answer(quiz.quiz_id, ALICE, text="The event loop hands work to the libuv thread pool.")
    await game.answer(quiz.quiz_id, BOB, text="It uses an event loop.")
    result = await game.close_current(quiz.quiz_id)

    assert [(r.member_id, r.points, r.coverage) for r in result.results] == [
        (ALICE.member_id, QUIZ_CORRECT, 1.0),
        (BOB.member_id, QUIZ_CORRECT // 2, 0.5),
    ]
    assert (result.correct_choice, result.fastest_member_id) == (None, None)


async def test_one_quiz_per_channel_and_only_the_starter_or_an_admin_may_stop_it(uow_factory, two_mcqs):
    clock = ManualClock(T0)
    game = quizzes(uow_factory, clock)
    quiz = await game.start(GUILD, CHANNEL, ALICE, count=2)
    await game.open_next(quiz.quiz_id)

    with pytest.raises(QuizAlreadyRunning):
        await game.start(GUILD, CHANNEL, BOB)
    with pytest.raises(NotAllowed):
        await game.stop(quiz.quiz_id, BOB, is_admin=False)
    stopped = await game.stop(quiz.quiz_id, ADMIN, is_admin=True)
    elsewhere = await game.start(GUILD, CHANNEL + 1, BOB, count=1)
    again = await game.start(GUILD, CHANNEL, BOB, count=1)  # the channel is free again

    assert stopped.status == QuizStatus.CANCELLED
    with pytest.raises(QuestionClosed):
        await game.answer(quiz.quiz_id, BOB, choice="B")
    assert {q.quiz_id for q in await game.unfinished()} == {elsewhere.quiz_id, again.quiz_id}
    await game.stop(again.quiz_id, BOB, is_admin=False)  # the starter may


async def test_a_quiz_resumes_after_a_restart_from_what_the_database_kept(uow_factory, two_mcqs):
    clock = ManualClock(T0)
    before = quizzes(uow_factory, clock)
    quiz = await before.start(GUILD, CHANNEL, ALICE, count=2)
    opened = await before.open_next(quiz.quiz_id)
    assert opened is not None
    await before.answer(quiz.quiz_id, BOB, choice=opened.question.correct_choice)

    clock.advance(timedelta(minutes=5))  # the bot was down while the window ran out
    after = quizzes(uow_factory, clock, seed=99)  # a new process: nothing carried over in memory
    [resumed] = await after.unfinished()
    assert (resumed.quiz_id, resumed.position) == (quiz.quiz_id, 0)
    assert resumed.overdue(clock.now())

    closed = await after.close_current(resumed.quiz_id)
    current = await after.current(quiz.quiz_id)
    reopened = await after.open_next(quiz.quiz_id)

    assert [(r.member_id, r.points) for r in closed.results] == [(BOB.member_id, 15)]
    assert current.number == 2
    assert current.closes_at is None
    assert reopened is not None
    assert reopened.closes_at == clock.now() + timedelta(seconds=30)
    assert (await after.open_next(quiz.quiz_id)).closes_at == reopened.closes_at  # opening twice is harmless


async def test_a_quiz_picks_scorable_questions_and_never_two_near_duplicates(uow_factory):
    await add_questions(
        uow_factory,
        mcq("qa40-0000d1", prompt="What is the event loop?", group="event-loop"),
        mcq("deep-0000d2", prompt="Explain the Node.js event loop phases.", group="event-loop"),
        mcq("qa40-0000d3", prompt="What are readable streams for?"),
        question("qa40-0000d4", prompt="What is a closure?", key_points=()),  # nothing to score by
    )
    await add_questions(
        uow_factory, mcq("g1-0000d5", prompt="What are Node readable streams used for?"), guild_id=GUILD
    )  # same concept as d3, no group
    for seed in range(6):
        game = quizzes(uow_factory, ManualClock(T0), seed=seed)
        quiz = await game.start(GUILD, CHANNEL + seed, ALICE, count=5)
        async with uow_factory() as uow:
            ids = (await uow.quizzes.get(quiz.quiz_id)).question_ids
        assert len(ids) == 2
        assert len({qid for qid in ids if qid.endswith(("d1", "d2"))}) == 1
        assert len({qid for qid in ids if qid.endswith(("d3", "d5"))}) == 1


async def test_filters_that_match_nothing_and_bad_lengths_are_refused(uow_factory, two_mcqs):
    game = quizzes(uow_factory, ManualClock(T0))

    with pytest.raises(EmptyPool, match="difficulty hard"):
        await game.start(GUILD, CHANNEL, ALICE, difficulty="hard")
    with pytest.raises(EmptyPool, match=r"Node\.js core runtime"):
        await game.start(GUILD, CHANNEL, ALICE, topic="node-core-runtime", kind="open")
    with pytest.raises(InvalidQuizLength):
        await game.start(GUILD, CHANNEL, ALICE, count=50)
