"""Daily posts: one per server and local date, handed out under leases."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import pytest

from bot.db.engine import create_engine
from bot.db.records import PostStatus
from bot.db.uow import make_uow_factory

from .builders import GUILD, OTHER_GUILD, T0, add_questions, create_post, question

LEASE = timedelta(minutes=2)
DAY = date(2026, 3, 2)


async def _create(uow, guild_id=GUILD, day=DAY, **kwargs):
    return await uow.posts.create_pending(
        guild_id=guild_id,
        local_date=day,
        day_number=kwargs.get("day_number", 1),
        question_id=kwargs.get("question_id", "qa40-000001"),
        channel_id=5,
        scheduled_for=T0,
        reveal_at=T0 + timedelta(hours=23),
        nonce="n",
        now=T0,
    )


async def test_a_server_gets_one_post_per_local_date_even_when_created_twice(uow_factory):
    await add_questions(uow_factory, question("qa40-000001"), question("qa40-000002"))
    async with uow_factory() as uow:
        first = await _create(uow)
        second = await _create(uow, question_id="qa40-000002", day_number=2)
        other_server = await _create(uow, guild_id=OTHER_GUILD)
        next_day = await _create(uow, day=DAY + timedelta(days=1), day_number=2)
        await uow.commit()
    assert first is not None
    assert first.status == PostStatus.PENDING
    assert first.answer_count == 0
    assert second is None
    assert other_server is not None
    assert next_day is not None
    async with uow_factory() as uow:
        kept = await uow.posts.get_for_date(GUILD, DAY)
        history = await uow.posts.history(GUILD)
    assert kept is not None
    assert kept.question_id == "qa40-000001"
    assert [p.local_date for p in history] == [DAY + timedelta(days=1), DAY]


async def test_two_processes_creating_the_same_days_post_end_with_one(uow_factory):
    await add_questions(uow_factory)

    async def create_and_commit():
        async with uow_factory() as uow:
            post = await _create(uow)
            await uow.commit()
            return post

    results = await asyncio.gather(*(create_and_commit() for _ in range(4)))
    assert sum(r is not None for r in results) == 1


async def test_claiming_hands_each_due_post_out_once_until_its_lease_expires(uow_factory):
    await add_questions(uow_factory)
    async with uow_factory() as uow:
        post = await create_post(uow)
        await create_post(uow, guild_id=OTHER_GUILD, scheduled_for=T0 + timedelta(hours=1))  # not due yet
        await uow.commit()

    async with uow_factory() as uow:
        mine = await uow.posts.claim_to_send(T0, "proc-a", LEASE)
        theirs = await uow.posts.claim_to_send(T0 + timedelta(minutes=1), "proc-b", LEASE)
        await uow.commit()
    assert [p.id for p in mine] == [post.id]
    assert mine[0].lease_owner == "proc-a"
    assert mine[0].lease_expires_at == T0 + LEASE
    assert theirs == []

    # proc-a died: after the lease, proc-b may take over, and proc-a can no longer finish.
    async with uow_factory() as uow:
        taken_over = await uow.posts.claim_to_send(T0 + LEASE, "proc-b", LEASE)
        stale = await uow.posts.mark_sent(post.id, "proc-a", 111, None, T0 + LEASE)
        sent = await uow.posts.mark_sent(post.id, "proc-b", 222, 333, T0 + LEASE)
        await uow.commit()
    assert [p.id for p in taken_over] == [post.id]
    assert not stale
    assert sent
    async with uow_factory() as uow:
        stored = await uow.posts.get(post.id)
        by_message = await uow.posts.get_by_message(222)
        no_more = await uow.posts.claim_to_send(T0 + LEASE, "proc-c", LEASE)
    assert stored is not None
    assert stored.status == PostStatus.SENT
    assert (stored.message_id, stored.thread_id, stored.sent_at) == (222, 333, T0 + LEASE)
    assert stored.lease_owner is None
    assert stored.lease_expires_at is None
    assert by_message == stored
    assert no_more == []


async def test_a_post_past_its_reveal_time_is_not_sent_late(uow_factory):
    await add_questions(uow_factory)
    async with uow_factory() as uow:
        await create_post(uow, reveal_after=timedelta(hours=1))
        late = await uow.posts.claim_to_send(T0 + timedelta(hours=1), "proc-a", LEASE)
    assert late == []


async def test_reveals_are_claimed_when_due_and_recorded_by_the_lease_holder(uow_factory):
    await add_questions(uow_factory)
    async with uow_factory() as uow:
        post = await create_post(uow, reveal_after=timedelta(hours=1))
        assert len(await uow.posts.claim_to_send(T0, "a", LEASE)) == 1
        await uow.posts.mark_sent(post.id, "a", 10, None, T0)
        early = await uow.posts.claim_to_reveal(T0 + timedelta(minutes=59), "a", LEASE)
        next_reveal = await uow.posts.next_reveal_after(T0)
        due = await uow.posts.claim_to_reveal(T0 + timedelta(hours=1), "a", LEASE)
        wrong_owner = await uow.posts.mark_revealed(post.id, "b", 20, 3, T0 + timedelta(hours=1))
        revealed = await uow.posts.mark_revealed(post.id, "a", 20, 3, T0 + timedelta(hours=1))
        await uow.commit()
    assert early == []
    assert next_reveal == T0 + timedelta(hours=1)
    assert [p.id for p in due] == [post.id]
    assert not wrong_owner
    assert revealed
    async with uow_factory() as uow:
        stored = await uow.posts.get(post.id)
        nothing_left = await uow.posts.next_reveal_after(T0)
    assert stored is not None
    assert stored.status == PostStatus.REVEALED
    assert (stored.reveal_message_id, stored.answer_count, stored.revealed_at) == (
        20,
        3,
        T0 + timedelta(hours=1),
    )
    assert nothing_left is None


async def test_released_posts_can_be_retried_at_once_and_failed_ones_never(uow_factory):
    await add_questions(uow_factory)
    async with uow_factory() as uow:
        first = await create_post(uow)
        second = await create_post(uow, guild_id=OTHER_GUILD)
        await uow.posts.claim_to_send(T0, "a", LEASE)
        assert not await uow.posts.release(first.id, "someone-else")
        assert await uow.posts.release(first.id, "a")
        assert await uow.posts.mark_failed(second.id, "Missing Access", T0)
        retried = await uow.posts.claim_to_send(T0, "b", LEASE)
        await uow.commit()
    assert [p.id for p in retried] == [first.id]
    async with uow_factory() as uow:
        failed = await uow.posts.get(second.id)
    assert failed is not None
    assert failed.status == PostStatus.FAILED
    assert failed.error == "Missing Access"


async def test_claims_respect_the_shard_of_the_server(uow_factory):
    await add_questions(uow_factory)
    guilds = [(n << 22) | 7 for n in range(6)]  # shard (guild >> 22) % 3 = n % 3
    async with uow_factory() as uow:
        for guild in guilds:
            await create_post(uow, guild_id=guild)
        shard_one = await uow.posts.claim_to_send(T0, "a", LEASE, shard=(1, 3))
    assert sorted(p.guild_id for p in shard_one) == [guilds[1], guilds[4]]


async def test_history_numbering_and_asked_questions(uow_factory):
    ids = [f"qa40-00000{i}" for i in range(1, 5)]
    await add_questions(uow_factory, *(question(i) for i in ids))
    async with uow_factory() as uow:
        assert await uow.posts.next_day_number(GUILD) == 1
        posts = [
            await create_post(uow, day=DAY + timedelta(days=i), question_id=q) for i, q in enumerate(ids)
        ]
        await uow.posts.mark_skipped(posts[2].id, "skipped by an admin", T0)
        asked = await uow.posts.asked_question_ids(GUILD)
        latest = await uow.posts.latest(GUILD)
        page = await uow.posts.history(GUILD, limit=2, offset=1)
        numbers = [p.day_number for p in posts]
        next_number = await uow.posts.next_day_number(GUILD)
    assert numbers == [1, 2, 3, 4]
    assert next_number == 5
    assert asked == [ids[0], ids[1], ids[3]]
    assert latest is not None
    assert latest.id == posts[3].id
    assert [p.id for p in page] == [posts[2].id, posts[1].id]


async def test_concurrent_claimers_never_get_the_same_post(db_url, uow_factory):
    await add_questions(uow_factory)
    async with uow_factory() as uow:
        for n in range(30):
            await create_post(uow, guild_id=GUILD + n)
        await uow.commit()

    engines = [create_engine(db_url) for _ in range(3)]  # three "processes"
    try:
        factories = [make_uow_factory(e) for e in engines]

        async def claimer(name, factory):
            got = []
            for _ in range(6):
                async with factory() as uow:
                    got += [p.id for p in await uow.posts.claim_to_send(T0, name, LEASE, limit=2)]
                    await uow.commit()
                await asyncio.sleep(0)
            return got

        results = await asyncio.gather(*(claimer(f"p{i}", f) for i, f in enumerate(factories)))
    finally:
        for e in engines:
            await e.dispose()
    claimed = [post_id for got in results for post_id in got]
    assert len(claimed) == len(set(claimed)) == 30


@pytest.mark.postgres
async def test_postgres_claimers_in_open_transactions_skip_each_others_posts(postgres_url):
    engine_a, engine_b = create_engine(postgres_url), create_engine(postgres_url)
    try:
        uow_a, uow_b = make_uow_factory(engine_a), make_uow_factory(engine_b)
        await add_questions(uow_a)
        async with uow_a() as uow:
            for n in range(10):
                await create_post(uow, guild_id=GUILD + n)
            await uow.commit()

        async with uow_a() as a, uow_b() as b:
            first = await a.posts.claim_to_send(T0, "a", LEASE, limit=4)  # uncommitted, rows locked
            second = await asyncio.wait_for(b.posts.claim_to_send(T0, "b", LEASE, limit=10), timeout=3)
            await a.commit()
            await b.commit()
        async with uow_a() as uow:
            leftover = await uow.posts.claim_to_send(T0, "c", LEASE)
    finally:
        await engine_a.dispose()
        await engine_b.dispose()
    assert len(first) == 4
    assert len(second) == 6
    assert not {p.id for p in first} & {p.id for p in second}
    assert leftover == []
