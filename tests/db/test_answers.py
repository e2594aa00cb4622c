"""Answers to daily posts: one per member, kept exactly as typed, results after the reveal."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from bot.db.records import AnswerResult

from .builders import GUILD, T0, add_questions, create_post

MEMBER, OTHER = 501, 502

TRICKY_TEXTS = [
    "🎉🧵 emoji 👩‍💻 and a flag 🇩🇪",
    "x" * 3_999 + "é",  # 4,000 characters, the last one outside ASCII
    "@everyone @here <@123> <#456>",
    "العربية מימין לשמאל mixed with LTR",
    "zero\u200bwidth\u200djoiner\ufeffbom and trailing spaces   \n\n",
    "'; DROP TABLE answers; -- and 100% _wild_ \\ chars",
    "```js\nconst a = `template ${b}`;\n```",
]


@pytest.fixture
async def post(uow_factory):
    await add_questions(uow_factory)
    async with uow_factory() as uow:
        created = await create_post(uow)
        await uow.commit()
    return created


@pytest.mark.parametrize("text", TRICKY_TEXTS, ids=range(len(TRICKY_TEXTS)))
async def test_an_answer_is_stored_exactly_as_typed(uow_factory, post, text):
    async with uow_factory() as uow:
        await uow.answers.upsert(post.id, GUILD, MEMBER, text=text, streak_at_answer=0, now=T0)
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.answers.get(post.id, MEMBER)
    assert stored is not None
    assert stored.text == text


async def test_editing_an_answer_keeps_one_row_and_its_first_time(uow_factory, post):
    edited_at = T0 + timedelta(minutes=5)
    async with uow_factory() as uow:
        first = await uow.answers.upsert(post.id, GUILD, MEMBER, text="first try", streak_at_answer=4, now=T0)
        await uow.answers.upsert(post.id, GUILD, OTHER, choice="A", streak_at_answer=0, now=T0)
        edited = await uow.answers.upsert(
            post.id, GUILD, MEMBER, text="second try 🙂", streak_at_answer=9, now=edited_at
        )
        await uow.commit()
    async with uow_factory() as uow:
        answers = await uow.answers.list_for_post(post.id)
        count = await uow.answers.count_for_post(post.id)
    assert edited.id == first.id
    assert (edited.text, edited.created_at, edited.updated_at) == ("second try 🙂", T0, edited_at)
    assert edited.streak_at_answer == 4  # the streak when first answering
    assert count == 2
    assert [(a.member_id, a.text, a.choice) for a in answers] == [
        (MEMBER, "second try 🙂", None),
        (OTHER, None, "A"),
    ]


async def test_reveal_results_are_kept_per_answer(uow_factory, post):
    async with uow_factory() as uow:
        mine = await uow.answers.upsert(
            post.id, GUILD, MEMBER, text="libuv runs it", streak_at_answer=0, now=T0
        )
        theirs = await uow.answers.upsert(post.id, GUILD, OTHER, text="no idea", streak_at_answer=0, now=T0)
        await uow.answers.set_results(
            [
                AnswerResult(
                    mine.id, points=8, correct=True, coverage=0.5, hits=("libuv",), misses=("event loop",)
                ),
                AnswerResult(
                    theirs.id, points=0, correct=False, coverage=0.0, misses=("libuv", "event loop")
                ),
            ]
        )
        await uow.commit()
    async with uow_factory() as uow:
        stored_mine = await uow.answers.get(post.id, MEMBER)
        stored_theirs = await uow.answers.get(post.id, OTHER)
    assert stored_mine is not None
    assert stored_theirs is not None
    assert (stored_mine.points, stored_mine.correct, stored_mine.coverage) == (8, True, 0.5)
    assert (stored_mine.hits, stored_mine.misses) == (("libuv",), ("event loop",))
    assert (stored_theirs.points, stored_theirs.correct, stored_theirs.hits) == (0, False, ())


async def test_an_answer_needs_an_existing_post(uow_factory, post):
    async with uow_factory() as uow:
        with pytest.raises(IntegrityError):
            await uow.answers.upsert(
                post.id + 1_000, GUILD, MEMBER, text="orphan", streak_at_answer=0, now=T0
            )
