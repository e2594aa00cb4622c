"""The unit of work: all or nothing, and "busy, try again" instead of a hang or a half-write."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from datetime import timedelta
from zoneinfo import ZoneInfo

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import StatementError

from bot.db.engine import create_engine
from bot.db.errors import DatabaseBusy
from bot.db.uow import make_uow_factory

from .builders import GUILD, T0, add_questions, create_post, schedule

MEMBER = 501


async def _answer_count(uow_factory, post_id):
    async with uow_factory() as uow:
        return await uow.answers.count_for_post(post_id)


async def _answer(uow_factory, post_id, text, *, then_advance_schedule=False):
    async with uow_factory() as uow:
        await uow.answers.upsert(post_id, GUILD, MEMBER, text=text, streak_at_answer=0, now=T0)
        if then_advance_schedule:
            await uow.schedules.advance(GUILD, T0 + timedelta(days=1), now=T0)
        await uow.commit()


@pytest.fixture
async def post(uow_factory):
    await add_questions(uow_factory)
    async with uow_factory() as uow:
        created = await create_post(uow)
        await uow.schedules.save(schedule(), now=T0)
        await uow.commit()
    return created


async def test_work_is_kept_only_when_committed(uow_factory, post):
    async with uow_factory() as uow:
        await uow.answers.upsert(post.id, GUILD, MEMBER, text="forgotten", streak_at_answer=0, now=T0)

    async def commit_then_fail():
        async with uow_factory() as uow:
            await uow.answers.upsert(
                post.id, GUILD, MEMBER, text="also forgotten", streak_at_answer=0, now=T0
            )
            await uow.commit()  # the first part is kept ...
            await uow.answers.upsert(post.id, GUILD, MEMBER + 1, text="lost", streak_at_answer=0, now=T0)
            raise RuntimeError("boom")  # ... the part after the commit is not

    with pytest.raises(RuntimeError, match="boom"):
        await commit_then_fail()
    async with uow_factory() as uow:
        answers = await uow.answers.list_for_post(post.id)
    assert [(a.member_id, a.text) for a in answers] == [(MEMBER, "also forgotten")]


async def test_explicit_rollback_undoes_the_work_so_far(uow_factory, post):
    async with uow_factory() as uow:
        await uow.answers.upsert(post.id, GUILD, MEMBER, text="undone", streak_at_answer=0, now=T0)
        await uow.rollback()
        await uow.answers.upsert(post.id, GUILD, MEMBER + 1, text="kept", streak_at_answer=0, now=T0)
        await uow.commit()
    async with uow_factory() as uow:
        answers = await uow.answers.list_for_post(post.id)
    assert [a.text for a in answers] == ["kept"]


async def test_concurrent_read_then_write_units_of_work_all_succeed(db_url, uow_factory, post):
    """On SQLite a deferred transaction could not upgrade its lock; BEGIN IMMEDIATE makes writers queue."""
    engines = [create_engine(db_url) for _ in range(4)]
    try:

        async def answer(member_id, engine):
            async with make_uow_factory(engine)() as uow:
                before = await uow.answers.count_for_post(post.id)  # read ...
                await asyncio.sleep(0.01)
                await uow.answers.upsert(
                    post.id, GUILD, member_id, text="hi", streak_at_answer=before, now=T0
                )
                await uow.commit()  # ... then write

        await asyncio.gather(*(answer(MEMBER + i, e) for i, e in enumerate(engines)))
    finally:
        for e in engines:
            await e.dispose()
    async with uow_factory() as uow:
        streaks = sorted(a.streak_at_answer for a in await uow.answers.list_for_post(post.id))
    assert len(streaks) == 4
    if db_url.startswith("sqlite"):
        assert streaks == [0, 1, 2, 3]  # each waited for the previous writer: fully serialized


async def test_a_locked_sqlite_file_gives_database_busy_and_leaves_nothing_behind(sqlite_url):
    setup = make_uow_factory(create_engine(sqlite_url))
    await add_questions(setup)
    async with setup() as uow:
        post = await create_post(uow)
        await uow.commit()

    path = make_url(sqlite_url).database
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock ...
    holder.execute("UPDATE posts SET answer_count = 99")
    engine = create_engine(sqlite_url, busy_timeout_ms=150)
    try:
        started = time.monotonic()
        with pytest.raises(DatabaseBusy):
            await _answer(make_uow_factory(engine), post.id, "hello")
        waited = time.monotonic() - started
        holder.execute("COMMIT")  # ... and lets go
        assert 0.1 <= waited < 3
        assert await _answer_count(make_uow_factory(engine), post.id) == 0
        await _answer(make_uow_factory(engine), post.id, "hello")  # trying again now works
        assert await _answer_count(make_uow_factory(engine), post.id) == 1
    finally:
        holder.close()
        await engine.dispose()


@pytest.mark.postgres
async def test_a_postgres_row_lock_held_too_long_gives_database_busy_and_rolls_back(postgres_url):
    setup_engine = create_engine(postgres_url)
    setup = make_uow_factory(setup_engine)
    await add_questions(setup)
    async with setup() as uow:
        post = await create_post(uow)
        await uow.schedules.save(schedule(), now=T0)
        await uow.commit()
    await setup_engine.dispose()

    dsn = make_url(postgres_url).set(drivername="postgresql").render_as_string(hide_password=False)
    holder = await asyncpg.connect(dsn)
    engine = create_engine(postgres_url, busy_timeout_ms=200)
    try:
        locked = holder.transaction()
        await locked.start()
        await holder.execute("SELECT 1 FROM schedules WHERE guild_id = $1 FOR UPDATE", GUILD)
        with pytest.raises(DatabaseBusy):
            # Writes an answer, then waits for the locked schedule row.
            await _answer(make_uow_factory(engine), post.id, "half", then_advance_schedule=True)
        await locked.rollback()
        assert await _answer_count(make_uow_factory(engine), post.id) == 0  # the first write went too
    finally:
        await holder.close()
        await engine.dispose()


async def test_instants_come_back_aware_in_utc_and_naive_ones_are_refused(uow_factory, post):
    tokyo = T0.astimezone(ZoneInfo("Asia/Tokyo"))
    async with uow_factory() as uow:
        saved = await uow.schedules.save(schedule(next_post_at=tokyo), now=tokyo)
        with pytest.raises(StatementError, match="naive datetime"):
            await uow.schedules.advance(GUILD, T0.replace(tzinfo=None), now=T0)
    assert saved.next_post_at == T0
    assert saved.next_post_at.utcoffset() == timedelta(0)
    assert saved.updated_at is not None
    assert saved.updated_at.tzinfo is not None


async def test_sqlite_files_use_wal_and_enforce_foreign_keys(sqlite_url):
    engine = create_engine(sqlite_url)
    try:
        async with engine.connect() as connection:
            journal = (await connection.execute(text("PRAGMA journal_mode"))).scalar_one()
            foreign_keys = (await connection.execute(text("PRAGMA foreign_keys"))).scalar_one()
            timeout = (await connection.execute(text("PRAGMA busy_timeout"))).scalar_one()
    finally:
        await engine.dispose()
    assert (journal, foreign_keys, timeout) == ("wal", 1, 5000)


def test_unsupported_database_urls_are_refused_up_front():
    with pytest.raises(ValueError, match="unsupported database URL"):
        create_engine("mysql+aiomysql://root:secret@localhost/qotd")


async def test_plain_database_urls_get_the_async_drivers(sqlite_template, tmp_path):
    path = tmp_path / "plain.sqlite3"
    path.write_bytes(sqlite_template.read_bytes())
    engine = create_engine(f"sqlite:///{path}")
    try:
        async with make_uow_factory(engine)() as uow:
            assert await uow.schedules.get(GUILD) is None
    finally:
        await engine.dispose()
    assert create_engine("postgres://postgres@db.invalid/qotd").url.drivername == "postgresql+asyncpg"
