"""The daily round on a real database with a fake sender (no Discord): what it records for each outcome."""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.db.records import PostRecord, PostStatus
from bot.services.daily import DEFAULT_LEASE, RETRY_BACKOFF
from bot.services.daily_round import DailyRound
from bot.services.daily_sends import Failed, FailureOutcome, PostToSend, RevealToSend, SendOutcome, Sent
from bot.services.fanout import BATCH
from bot.services.members import MemberRef
from tests.db.builders import GUILD, OTHER_GUILD

from .daily_world import World, make_world, questions

MONDAY_POST = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # 09:00 in Berlin
TUESDAY_REVEAL = datetime(2026, 3, 3, 7, 45, tzinfo=UTC)  # 15 minutes before Tuesday's post
CHANNEL_GONE = "the question channel no longer exists"
HICCUP = "Discord answered 503 (no details)"
THIRD_GUILD = 3_300_000_000_000_000_077

Answer = SendOutcome | Exception


@dataclass
class FakeSender:
    """A ``PostSender`` that answers from a script, per guild; unscripted sends succeed.

    Each scripted answer is used once, in order; an exception in the script is raised.
    """

    posts_script: dict[int, list[Answer]] = field(default_factory=dict)
    reveals_script: dict[int, list[Answer]] = field(default_factory=dict)
    posts: list[PostToSend] = field(default_factory=list)
    reveals: list[RevealToSend] = field(default_factory=list)
    ids: itertools.count[int] = field(default_factory=lambda: itertools.count(900_000_000_000_000_000))

    async def send_post(self, post: PostToSend) -> SendOutcome:
        self.posts.append(post)
        return self._answer(self.posts_script.get(post.guild_id), Sent(next(self.ids), next(self.ids)))

    async def send_reveal(self, reveal: RevealToSend) -> SendOutcome:
        self.reveals.append(reveal)
        return self._answer(self.reveals_script.get(reveal.guild_id), Sent(next(self.ids)))

    @staticmethod
    def _answer(script: list[Answer] | None, otherwise: SendOutcome) -> SendOutcome:
        if not script:
            return otherwise
        answer = script.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


@pytest.fixture
async def world(engine) -> World:
    world = make_world(engine, MONDAY_POST - timedelta(hours=1))
    await world.load(*questions(3))
    for guild_id in (GUILD, OTHER_GUILD, THIRD_GUILD):
        await world.setup(guild_id, topics=["node-core-runtime"])
    world.clock.set(MONDAY_POST)
    return world


def daily_round(world: World, sender: FakeSender) -> DailyRound:
    return DailyRound(world.daily, sender, world.clock, owner="proc-a")


async def stored(world: World, post_id: int) -> PostRecord:
    async with world.uow_factory() as uow:
        post = await uow.posts.get(post_id)
    assert post is not None
    return post


async def test_a_sent_post_is_recorded_with_its_message_and_thread_and_its_reveal_too(world):
    sender = FakeSender(posts_script={GUILD: [Sent(111, thread_id=222)]}, reveals_script={GUILD: [Sent(333)]})
    round_ = daily_round(world, sender)

    next_wake = await round_.run()
    assert sorted(p.guild_id for p in sender.posts) == sorted((GUILD, OTHER_GUILD, THIRD_GUILD))
    [post] = [p for p in sender.posts if p.guild_id == GUILD]
    record = await stored(world, post.post_id)
    assert (record.status, record.message_id, record.thread_id, record.lease_owner) == (
        PostStatus.SENT,
        111,
        222,
        None,
    )
    assert next_wake == TUESDAY_REVEAL  # each server's reveal, then Tuesday's posts
    await world.answers.submit(post.post_id, MemberRef(GUILD, 1), text="libuv runs the event loop")

    assert await round_.run() == TUESDAY_REVEAL  # nothing new in between
    assert len(sender.posts) == 3
    assert sender.reveals == []

    world.clock.set(TUESDAY_REVEAL)
    await round_.run()
    [reveal] = [r for r in sender.reveals if r.guild_id == GUILD]
    assert (reveal.post_id, reveal.message_id, reveal.thread_id, reveal.answer_count) == (
        post.post_id,
        111,
        222,
        1,
    )
    record = await stored(world, post.post_id)
    assert (record.status, record.reveal_message_id, record.error) == (PostStatus.REVEALED, 333, None)
    assert len(sender.reveals) == 3  # every server's reveal, once


async def test_a_permanent_failure_fails_the_post_and_pauses_the_schedule_with_the_reason(world):
    sender = FakeSender(posts_script={GUILD: [Failed(CHANNEL_GONE, permanent=True)]})
    round_ = daily_round(world, sender)

    await round_.run()
    world.clock.advance(DEFAULT_LEASE + RETRY_BACKOFF)
    await round_.run()

    assert [p.guild_id for p in sender.posts].count(GUILD) == 1  # no retry
    [summary] = await world.schedules.history(GUILD)
    assert (summary.status, summary.note) == (PostStatus.FAILED, CHANNEL_GONE)
    status = await world.schedules.status(GUILD)
    assert (status.schedule.paused, status.schedule.paused_reason) == (True, CHANNEL_GONE)
    # The other servers post as usual.
    for guild_id in (OTHER_GUILD, THIRD_GUILD):
        [summary] = await world.schedules.history(guild_id)
        assert summary.status == PostStatus.SENT
        assert not (await world.schedules.status(guild_id)).schedule.paused


async def test_a_passing_failure_is_retried_after_its_backoff_and_then_recorded_sent(world):
    sender = FakeSender(posts_script={GUILD: [Failed(HICCUP, permanent=False), Sent(444, None)]})
    round_ = daily_round(world, sender)

    started = world.clock.now()
    next_wake = await round_.run()
    [summary] = await world.schedules.history(GUILD)
    assert (summary.status, summary.note) == (PostStatus.PENDING, HICCUP)
    status = await world.schedules.status(GUILD)
    assert not status.schedule.paused
    assert status.last_error == HICCUP
    assert next_wake == started + RETRY_BACKOFF  # the alarm comes back for it

    assert next_wake is not None
    world.clock.set(next_wake)
    await round_.run()
    [first, again] = [p for p in sender.posts if p.guild_id == GUILD]
    assert (again.post_id, again.nonce) == (first.post_id, first.nonce)
    record = await stored(world, first.post_id)
    assert (record.status, record.message_id, record.error, record.failures) == (
        PostStatus.SENT,
        444,
        None,
        0,
    )
    assert (await world.schedules.status(GUILD)).last_error is None


async def test_a_passing_failure_is_tried_again_in_the_same_round_once_the_outcomes_are_recorded(
    world, monkeypatch
):
    """The round claims once more after every outcome is recorded: a post whose backoff has
    passed by then (sends take time) goes out in this round, not on the next wake."""
    failure_recorded = asyncio.Event()
    mark_send_failed = world.daily.mark_send_failed

    async def noted(*args: Any, **kwargs: Any) -> FailureOutcome:
        outcome = await mark_send_failed(*args, **kwargs)
        failure_recorded.set()
        return outcome

    monkeypatch.setattr(world.daily, "mark_send_failed", noted)

    class SlowSender(FakeSender):
        async def send_post(self, post: PostToSend) -> SendOutcome:
            if post.guild_id != GUILD:
                await failure_recorded.wait()
                world.clock.advance(RETRY_BACKOFF)  # the other sends took that long
            return await super().send_post(post)

    sender = SlowSender(posts_script={GUILD: [Failed(HICCUP, permanent=False), Sent(555, None)]})
    await daily_round(world, sender).run()

    tries = [p for p in sender.posts if p.guild_id == GUILD]
    assert len(tries) == 2
    assert (await stored(world, tries[0].post_id)).message_id == 555
    for guild_id in (GUILD, OTHER_GUILD, THIRD_GUILD):
        [summary] = await world.schedules.history(guild_id)
        assert summary.status == PostStatus.SENT


async def test_a_sender_that_raises_ends_the_round_and_its_posts_go_out_after_the_lease(world):
    """A sender returns ``Failed`` for what Discord answers; an exception is a bug. It ends
    the round (the alarm logs it and tries on its next tick), and no post is lost: the ones
    this round held are handed out again once their leases run out, with the instant of the
    first hand-out, so the Discord side looks in the channel for a copy before sending."""
    sender = FakeSender(posts_script={OTHER_GUILD: [RuntimeError("a bug in the sender")]})
    round_ = daily_round(world, sender)

    with pytest.raises(ExceptionGroup) as raised:
        await round_.run()
    assert raised.group_contains(RuntimeError, match="a bug in the sender")

    handed_out = {p.post_id for p in sender.posts}
    world.clock.advance(DEFAULT_LEASE)
    await round_.run()
    for guild_id in (GUILD, OTHER_GUILD, THIRD_GUILD):
        [summary] = await world.schedules.history(guild_id)
        assert summary.status == PostStatus.SENT
        assert not (await world.schedules.status(guild_id)).schedule.paused
    again = [p for p in sender.posts[len(handed_out) :] if p.post_id in handed_out]
    assert again, "the round sent nothing before the error"
    assert all(p.earlier_attempt_at == MONDAY_POST for p in again)
    assert len({p.post_id for p in sender.posts}) == 3


async def test_many_due_posts_are_all_sent_once_across_claims(world):
    """More servers than one claim hands out: the feeder keeps claiming until nothing is left."""
    guilds = [GUILD + n for n in range(1, 2 * BATCH + 5)]
    for guild_id in guilds:
        await world.setup(guild_id, topics=["node-core-runtime"], post_time="10:00")
    world.clock.set(MONDAY_POST + timedelta(hours=1))
    sender = FakeSender()
    await daily_round(world, sender).run()
    assert sorted(p.guild_id for p in sender.posts) == sorted([GUILD, OTHER_GUILD, THIRD_GUILD, *guilds])
