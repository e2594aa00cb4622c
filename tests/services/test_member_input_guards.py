"""What members send is checked before anything is stored: control characters, and whose server it is."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from bot.db.models import AnswerModel
from bot.domain.clock import ManualClock
from bot.domain.errors import NoActiveQuiz, UnknownPost
from bot.domain.member_text import ControlCharacters
from bot.services.members import MemberRef
from bot.services.moderation import Moderation
from bot.services.quizzes import Quizzes
from tests.db.builders import CHANNEL, GUILD, OTHER_GUILD, add_questions, question

from .daily_world import TOPICS, DiscordStandIn, World, make_world

MONDAY_0800_BERLIN = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
MONDAY_POST = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
TUESDAY_REVEAL = datetime(2026, 3, 3, 7, 45, tzinfo=UTC)
ALICE = MemberRef(GUILD, 11)
ALICE_ELSEWHERE = MemberRef(OTHER_GUILD, 11)  # the same person, pressing from another server
OPEN = question("qa40-0000a1", key_points=("event loop", "libuv"))

NOT_TEXT = [
    "libuv\x00",  # NUL: PostgreSQL cannot store it
    "libuv \ud800",  # a lone surrogate: not encodable as UTF-8
    "libuv \x1b[31mred",  # an escape sequence
    "\x08\x07libuv",  # backspace, bell
]
# Everything else is text, kept exactly: line breaks (Unix and Windows), tabs, emoji, RTL marks, markdown.
AS_TYPED = "  Line one\r\nline two\n\ttabbed 🎉 \u202eevil\u200b `code` @everyone  "


async def posted(engine) -> tuple[World, DiscordStandIn, int]:
    world = make_world(engine, MONDAY_0800_BERLIN)
    await world.load(OPEN)
    await world.setup()
    await world.setup(OTHER_GUILD)
    discord = DiscordStandIn(world.daily, world.clock)
    world.clock.set(MONDAY_POST)
    await discord.round()
    [post_id] = [post.post_id for _, post in discord.sent if post.guild_id == GUILD]
    return world, discord, post_id


async def count(world: World, model: type) -> int:
    async with world.engine.connect() as connection:
        return int(await connection.scalar(select(func.count()).select_from(model)))


async def test_control_characters_in_an_answer_are_refused_before_anything_is_stored(engine):
    world, _, post_id = await posted(engine)
    for text in NOT_TEXT:
        with pytest.raises(ControlCharacters, match="control characters"):
            await world.answers.submit(post_id, ALICE, text=text)
    assert await count(world, AnswerModel) == 0

    ack = await world.answers.submit(post_id, ALICE, text=AS_TYPED)
    assert not ack.edited
    assert await world.answers.current_answer(post_id, ALICE) == AS_TYPED


async def test_a_members_request_for_another_servers_post_finds_nothing(engine):
    world, discord, post_id = await posted(engine)
    await world.answers.submit(post_id, ALICE, text="libuv")
    with pytest.raises(UnknownPost):
        await world.answers.current_answer(post_id, ALICE_ELSEWHERE)
    with pytest.raises(UnknownPost):
        await world.answers.submit(post_id, ALICE_ELSEWHERE, text="libuv")

    world.clock.set(TUESDAY_REVEAL)
    await discord.round()
    with pytest.raises(UnknownPost):
        await world.answers.result(post_id, ALICE_ELSEWHERE)
    before = await world.score_sums()
    moderation = Moderation(world.uow_factory, world.clock)
    with pytest.raises(UnknownPost):
        await moderation.request_review(post_id, ALICE_ELSEWHERE, "please look again")
    with pytest.raises(UnknownPost):
        await moderation.share(post_id, ALICE_ELSEWHERE)
    assert (await world.answers.result(post_id, ALICE)).points == sum(before[0].values())
    assert await world.score_sums() == before  # the refused requests changed nothing


async def test_quiz_answers_refuse_control_characters_and_members_of_other_servers(uow_factory):
    await add_questions(uow_factory, OPEN)
    game = Quizzes(
        uow_factory, ManualClock(datetime(2026, 3, 10, 18, 0, tzinfo=UTC)), TOPICS, rng=random.Random(1)
    )
    quiz = await game.start(GUILD, CHANNEL, ALICE, count=1)
    assert await game.open_next(quiz.quiz_id) is not None

    with pytest.raises(ControlCharacters):
        await game.answer(quiz.quiz_id, ALICE, text="event loop\x00")
    with pytest.raises(NoActiveQuiz):
        await game.answer(quiz.quiz_id, ALICE_ELSEWHERE, text="event loop")
    async with uow_factory() as uow:
        assert await uow.quizzes.answers(quiz.quiz_id, 0) == []

    await game.answer(quiz.quiz_id, ALICE, text="event loop\r\nand libuv")  # refused ones did not count
    result = await game.close_current(quiz.quiz_id)
    assert [(r.member_id, r.coverage) for r in result.results] == [(ALICE.member_id, 1.0)]
