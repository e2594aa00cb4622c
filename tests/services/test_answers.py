"""Answering the daily question: streaks on the server's calendar, and a busy database."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from bot.db.engine import create_engine, sqlite_file
from bot.db.uow import make_uow_factory
from bot.domain.errors import QuestionClosed
from bot.domain.scoring import PARTICIPATION, streak_bonus
from bot.services.answers import Answers
from bot.services.errors import TryAgain
from bot.services.members import MemberRef
from tests.db.builders import GUILD

from .daily_world import DiscordStandIn, make_world, questions

MONDAY_POST = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # 09:00 in Berlin
MEMBER = MemberRef(GUILD, 42, (7, 8))


async def test_streaks_follow_the_posts_local_dates_and_edits_do_not_count_twice(engine):
    world = make_world(engine, MONDAY_POST - timedelta(minutes=1))
    await world.load(*questions(5))
    await world.setup()
    discord = DiscordStandIn(world.daily, world.clock)

    async def answer(day: int, hours_after_post: float, text: str = "libuv") -> int:
        """Answer day ``day``'s question (Monday is 0) this many hours after it was posted."""
        post_at = MONDAY_POST + timedelta(days=day)
        await discord.run_until(post_at + timedelta(minutes=1))
        post = next(p for at, p in discord.sent if at == post_at)
        world.clock.set(post_at + timedelta(hours=hours_after_post))
        return (await world.answers.submit(post.post_id, MEMBER, text=text)).streak

    # Monday's question answered at 00:30 on Tuesday (Berlin), before its reveal, still counts
    # for Monday; Tuesday's extends the streak; an edit changes nothing.
    assert await answer(0, 15.5) == 1
    assert await answer(1, 1) == 2
    assert await answer(1, 2, "libuv and the event loop") == 2
    # Wednesday is missed: Thursday starts again.
    assert await answer(3, 1) == 1
    async with world.uow_factory() as uow:
        streak = await uow.streaks.get(GUILD, MEMBER.member_id)
        roles = await uow.roles.roles_of(GUILD, MEMBER.member_id)
    assert streak is not None
    assert (streak.current, streak.best) == (1, 2)
    assert roles == {7, 8}

    await discord.run_until(MONDAY_POST + timedelta(days=4, minutes=1))
    tuesday = await world.answers.result(discord.sent[1][1].post_id, MEMBER.member_id)
    assert tuesday.streak == 2
    assert tuesday.points == 10 + PARTICIPATION + streak_bonus(2)


async def test_a_post_not_sent_yet_takes_no_answers(engine):
    world = make_world(engine, MONDAY_POST - timedelta(minutes=1))
    await world.load(*questions(2))
    await world.setup()
    world.clock.set(MONDAY_POST)
    [post_id] = await world.daily.create_due()
    with pytest.raises(QuestionClosed):
        await world.answers.submit(post_id, MEMBER, text="first!")


async def test_a_busy_database_says_try_again_saves_nothing_and_the_retry_works(sqlite_url):
    engine = create_engine(sqlite_url)
    busy_engine = create_engine(sqlite_url, busy_timeout_ms=100)
    try:
        world = make_world(engine, MONDAY_POST - timedelta(minutes=1))
        await world.load(*questions(1))
        await world.setup()
        world.clock.set(MONDAY_POST)
        discord = DiscordStandIn(world.daily, world.clock)
        await discord.round()
        [(_, post)] = discord.sent
        answers = Answers(make_uow_factory(busy_engine), world.clock)

        path = sqlite_file(sqlite_url)
        assert path is not None
        other_writer = sqlite3.connect(path, isolation_level=None)
        try:
            other_writer.execute("BEGIN IMMEDIATE")  # holds the write lock past the 100 ms timeout
            with pytest.raises(TryAgain, match="try again"):
                await answers.submit(post.post_id, MEMBER, text="libuv")
        finally:
            other_writer.execute("ROLLBACK")
            other_writer.close()

        async with world.uow_factory() as uow:
            assert await uow.answers.get(post.post_id, MEMBER.member_id) is None
            assert await uow.streaks.get(GUILD, MEMBER.member_id) is None
            assert await uow.roles.roles_of(GUILD, MEMBER.member_id) == set()
        ack = await answers.submit(post.post_id, MEMBER, text="libuv")
        assert (ack.edited, ack.streak) == (False, 1)
        assert await world.answers.current_answer(post.post_id, MEMBER.member_id) == "libuv"
    finally:
        await busy_engine.dispose()
        await engine.dispose()
