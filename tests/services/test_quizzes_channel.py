"""What the channel quiz's buttons rely on: the quiz running in a channel, and answers tied to their question."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.domain.clock import ManualClock
from bot.domain.errors import QuestionClosed
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
