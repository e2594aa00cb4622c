"""Answering the daily question: streaks on the server's calendar, and a busy database."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import create_engine, sqlite_file
from bot.db.uow import make_uow_factory
from bot.domain.errors import QuestionClosed
from bot.domain.scoring import PARTICIPATION, streak_bonus
from bot.services.answers import Answers
from bot.services.errors import TryAgain
from bot.services.members import MemberRef
from tests.db.builders import GUILD

from .daily_world import DiscordStandIn, World, make_world, questions

MONDAY_POST = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # 09:00 in Berlin
MEMBER = MemberRef(GUILD, 42, (7, 8))


@contextlib.asynccontextmanager
async def sent_post_and_a_busy_engine(sqlite_url: str) -> AsyncIterator[tuple[World, int, AsyncEngine]]:
    """A world with Monday's question sent, its post id, and an engine that gives up on the
    write lock after 100 ms (so a held lock shows as "try again" at once)."""
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
        yield world, post.post_id, busy_engine
    finally:
        await busy_engine.dispose()
        await engine.dispose()


@contextlib.contextmanager
def write_lock_held(sqlite_url: str) -> Iterator[None]:
    """Another connection holding SQLite's write lock for the ``with`` block."""
    path = sqlite_file(sqlite_url)
    assert path is not None
    other_writer = sqlite3.connect(path, isolation_level=None)
    try:
        other_writer.execute("BEGIN IMMEDIATE")
        yield
    finally:
        other_writer.execute("ROLLBACK")
        other_writer.close()


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
    tuesday = await world.answers.result(discord.sent[1][1].post_id, MEMBER)
    assert tuesday.streak == 2
    assert tuesday.points == 10 + PARTICIPATION + streak_bonus(2)


async def created_post(engine: AsyncEngine, count: int) -> tuple[World, int]:
    """A world with ``count`` questions whose Monday post is due and created, not yet claimed."""
    world = make_world(engine, MONDAY_POST - timedelta(minutes=1))
    await world.load(*questions(count))
    await world.setup()
    world.clock.set(MONDAY_POST)
    [post_id] = await world.daily.create_due()
    return world, post_id


async def test_a_post_not_sent_yet_takes_no_answers(engine):
    world, post_id = await created_post(engine, 2)
    with pytest.raises(QuestionClosed):
        await world.answers.submit(post_id, MEMBER, text="first!")


async def test_a_busy_database_says_try_again_saves_nothing_and_the_retry_works(sqlite_url):
    async with sent_post_and_a_busy_engine(sqlite_url) as (world, post_id, busy_engine):
        answers = Answers(make_uow_factory(busy_engine), world.clock)
        with write_lock_held(sqlite_url), pytest.raises(TryAgain, match="try again"):
            await answers.submit(post_id, MEMBER, text="libuv")

        async with world.uow_factory() as uow:
            assert await uow.answers.get(post_id, MEMBER.member_id) is None
            assert await uow.streaks.get(GUILD, MEMBER.member_id) is None
            assert await uow.roles.roles_of(GUILD, MEMBER.member_id) == set()
        ack = await answers.submit(post_id, MEMBER, text="libuv")
        assert (ack.edited, ack.streak) == (False, 1)
        assert await world.answers.current_answer(post_id, MEMBER) == "libuv"


async def test_the_form_prefill_is_read_while_another_writer_holds_the_lock(sqlite_url):
    """Opening the answer form never waits for SQLite's write lock: a burst of answers being
    written (here another connection holding the lock past the busy timeout) must not make
    members pressing "Answer" wait or get "try again"."""
    async with sent_post_and_a_busy_engine(sqlite_url) as (world, post_id, busy_engine):
        await world.answers.submit(post_id, MEMBER, text="libuv, as typed")
        answers = Answers(
            make_uow_factory(busy_engine),
            world.clock,
            read_uow_factory=make_uow_factory(busy_engine, read_only=True),
        )
        with write_lock_held(sqlite_url):
            assert await answers.current_answer(post_id, MEMBER) == "libuv, as typed"
            with pytest.raises(TryAgain):  # writing still waits for the lock, as it must
                await answers.submit(post_id, MEMBER, text="an edit")


async def test_a_member_can_answer_the_moment_the_message_is_out_before_the_send_is_recorded(engine):
    """The fan-out records each send after the message is out; a member quick enough to press
    "Answer" in between gets the form and their answer counts (an unclaimed post still refuses)."""
    world, post_id = await created_post(engine, 1)
    with pytest.raises(QuestionClosed):
        await world.answers.current_answer(post_id, MEMBER)
    [claimed] = await world.daily.claim_sends("poster")  # the message is being sent...
    assert claimed.post_id == post_id
    assert await world.answers.current_answer(post_id, MEMBER) is None
    ack = await world.answers.submit(post_id, MEMBER, text="quick, as typed")
    assert (ack.edited, ack.streak) == (False, 1)
    assert await world.daily.mark_sent(post_id, "poster", message_id=1234)  # ...and recorded later
    assert await world.answers.current_answer(post_id, MEMBER) == "quick, as typed"
