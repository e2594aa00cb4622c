"""What the channel quiz's buttons rely on: the quiz running in a channel, and answers tied to their question."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.db.records import QuizStatus
from bot.domain.clock import ManualClock
from bot.domain.errors import QuestionClosed, QuizAlreadyRunning
from tests.db.builders import CHANNEL, GUILD
from tests.services.test_quizzes import ALICE, BOB, T0, quizzes, two_mcqs

__all__ = ["two_mcqs"]  # a fixture, shared with the main quiz tests


async def test_the_quiz_running_in_a_channel_is_found_until_it_ends(uow_factory, two_mcqs):
    game = quizzes(uow_factory, ManualClock(T0))
    assert await game.running_in(CHANNEL) is None
    quiz = await game.start(GUILD, CHANNEL, ALICE, count=1)

    found = await game.running_in(CHANNEL)
    assert found is not None
    assert (found.quiz_id, found.started_by, found.question_count) == (quiz.quiz_id, ALICE.member_id, 1)
    assert await game.running_in(CHANNEL + 1) is None

    await game.stop(quiz.quiz_id, ALICE, is_admin=False)
    assert await game.running_in(CHANNEL) is None


async def test_an_answer_for_an_earlier_question_never_lands_on_the_open_one(uow_factory, two_mcqs):
    clock = ManualClock(T0)
    game = quizzes(uow_factory, clock)
    quiz = await game.start(GUILD, CHANNEL, ALICE, count=2)
    first = await game.open_next(quiz.quiz_id)
    assert first is not None
    ack = await game.answer(quiz.quiz_id, ALICE, choice=first.question.correct_choice, number=1)
    assert ack.number == 1
    await game.close_current(quiz.quiz_id)
    clock.advance(timedelta(seconds=1))
    second = await game.open_next(quiz.quiz_id)
    assert second is not None

    with pytest.raises(QuestionClosed):  # Bob pressed a letter under question 1
        await game.answer(quiz.quiz_id, BOB, choice=second.question.correct_choice, number=1)
    await game.answer(quiz.quiz_id, BOB, choice=second.question.correct_choice, number=2)
    result = await game.close_current(quiz.quiz_id)
    assert [(r.member_id, r.correct) for r in result.results] == [(BOB.member_id, True)]


async def test_two_starts_at_once_in_one_channel_make_one_quiz(uow_factory, two_mcqs):
    # Each start in its own unit of work, as two members (or two processes) pressing at once.
    game = quizzes(uow_factory, ManualClock(T0))
    outcomes = await asyncio.gather(
        game.start(GUILD, CHANNEL, ALICE, count=1),
        game.start(GUILD, CHANNEL, BOB, count=1),
        return_exceptions=True,
    )
    started = [o for o in outcomes if not isinstance(o, BaseException)]
    refused = [o for o in outcomes if isinstance(o, BaseException)]
    assert len(started) == 1
    assert [type(e) for e in refused] == [QuizAlreadyRunning]
    running = await game.running_in(CHANNEL)
    assert running is not None
    assert running.quiz_id == started[0].quiz_id


async def test_the_database_refuses_a_second_running_quiz_in_a_channel(uow_factory):
    # What decides when both starts passed the "is one running?" check: the unique index.
    def new_quiz(uow, channel_id: int):
        return uow.quizzes.create(
            guild_id=GUILD,
            channel_id=channel_id,
            started_by=ALICE.member_id,
            question_ids=["qa40-00000a"],
            window_seconds=30,
            state={},
            now=T0,
        )

    async with uow_factory() as uow:
        first = await new_quiz(uow, CHANNEL)
        assert first is not None
        assert await new_quiz(uow, CHANNEL) is None
        assert await new_quiz(uow, CHANNEL + 1) is not None  # another channel is free
        await uow.quizzes.save_state(first.id, position=1, state={}, now=T0, status=QuizStatus.FINISHED)
        assert await new_quiz(uow, CHANNEL) is not None  # and so is this one once its quiz ended
        await uow.commit()
