"""Crashes, restarts and failures: leases run out, nothing is sent or scored twice, nothing loops."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.db.records import PostStatus
from bot.services.daily import NOT_SENT_IN_TIME
from bot.services.daily_creation import MISSED_WHILE_OFFLINE
from bot.services.daily_sends import FailureOutcome
from bot.services.members import MemberRef
from tests.db.builders import GUILD, mcq

from .daily_world import DiscordStandIn, make_world, questions

MONDAY_POST = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # 09:00 in Berlin
TUESDAY_REVEAL = datetime(2026, 3, 3, 7, 45, tzinfo=UTC)
LEASE = timedelta(minutes=2)
CHANNEL_GONE = "The question channel was deleted."


@pytest.fixture
async def world(engine):
    world = make_world(engine, MONDAY_POST - timedelta(hours=1), lease=LEASE)
    await world.load(*questions(3), mcq("qa40-0000c1", topic="databases"))
    await world.setup(topics=["node-core-runtime"])
    world.clock.set(MONDAY_POST)
    return world


async def test_a_post_claimed_by_a_process_that_died_is_sent_by_another_after_the_lease(world):
    assert len(await world.daily.create_due()) == 1
    [first] = await world.daily.claim_sends("proc-a")  # ... and proc-a dies before sending
    world.clock.advance(LEASE - timedelta(seconds=1))
    assert await world.daily.claim_sends("proc-b") == []
    world.clock.advance(timedelta(seconds=1))
    [retry] = await world.daily.claim_sends("proc-b")
    assert (retry.post_id, retry.nonce, retry.question) == (first.post_id, first.nonce, first.question)
    assert not await world.daily.mark_sent(first.post_id, "proc-a", 111)  # too late: not its post any more
    assert await world.daily.mark_sent(retry.post_id, "proc-b", 222)
    world.clock.advance(LEASE)
    assert await world.daily.claim_sends("proc-c") == []
    [summary] = await world.schedules.history(GUILD)
    assert (summary.status, summary.message_id) == (PostStatus.SENT, 222)


async def test_a_reveal_handed_out_again_after_a_crash_scores_once(world):
    discord = DiscordStandIn(world.daily, world.clock)
    await discord.round()
    post = discord.sent[0][1]
    await world.answers.submit(post.post_id, MemberRef(GUILD, 1), text="event loop and libuv")
    await world.answers.submit(post.post_id, MemberRef(GUILD, 2), text="libuv")
    world.clock.set(TUESDAY_REVEAL)

    [first] = await world.daily.claim_reveals("proc-a")  # scores, then proc-a dies
    scored = await world.score_sums()
    assert await world.daily.claim_reveals("proc-b") == []
    world.clock.advance(LEASE)
    [again] = await world.daily.claim_reveals("proc-b")
    assert again == first
    assert await world.score_sums() == scored  # nothing scored twice
    assert not await world.daily.mark_revealed(post.post_id, "proc-a", 1)
    assert await world.daily.mark_revealed(post.post_id, "proc-b", 2)
    world.clock.advance(LEASE)
    assert await world.daily.claim_reveals("proc-c") == []
    assert (await world.answers.result(post.post_id, MemberRef(GUILD, 1))).points == scored[0][1]


async def test_transient_send_failures_back_off_then_fail_the_day_but_not_the_schedule(world):
    from bot.services.daily import RETRY_BACKOFF

    await world.daily.create_due()
    outcomes = []
    for attempt in range(5):
        [post] = await world.daily.claim_sends("proc-a")
        outcomes.append(
            await world.daily.mark_send_failed(post.post_id, "proc-a", f"503 #{attempt}", permanent=False)
        )
        wait = RETRY_BACKOFF * 2**attempt
        # Not before its backoff: a few seconds of errors don't use up every try at once.
        assert await world.daily.claim_sends("proc-b") == []
        if attempt < 4:
            assert await world.daily.next_wake() == world.clock.now() + wait
        world.clock.advance(wait)
    assert outcomes == [FailureOutcome.RETRY] * 4 + [FailureOutcome.GAVE_UP]
    assert await world.daily.claim_sends("proc-a") == []
    status = await world.schedules.status(GUILD)
    # Discord's trouble is not the server's: the schedule stays active, the error is shown.
    assert (status.schedule.paused, status.last_error) == (False, "503 #4")
    [summary] = await world.schedules.history(GUILD)
    assert summary.status == PostStatus.FAILED
    world.clock.set(MONDAY_POST + timedelta(days=1))
    assert len(await world.daily.create_due()) == 1  # the next day posts as usual


async def test_a_permanent_send_failure_pauses_the_schedule_until_resumed(world):
    await world.daily.create_due()
    [post] = await world.daily.claim_sends("proc-a")
    assert await world.daily.mark_send_failed(post.post_id, "proc-b", CHANNEL_GONE, permanent=True) == (
        FailureOutcome.NOT_HELD
    )
    assert await world.daily.mark_send_failed(post.post_id, "proc-a", CHANNEL_GONE, permanent=True) == (
        FailureOutcome.GAVE_UP
    )
    status = await world.schedules.status(GUILD)
    assert (status.schedule.paused, status.schedule.paused_reason) == (True, CHANNEL_GONE)
    assert status.schedule.next_post_at is None
    assert await world.daily.next_wake() is None  # nothing for the alarm to wait for

    world.clock.set(MONDAY_POST + timedelta(days=1, hours=2))  # Tuesday 11:00 Berlin
    assert await world.daily.create_due() == []
    resumed = await world.schedules.resume(GUILD)
    assert resumed.next_post_at == MONDAY_POST + timedelta(days=2)  # Wednesday 09:00, from now on
    [summary] = await world.schedules.history(GUILD)
    assert (summary.status, summary.day_number) == (PostStatus.FAILED, None)
    world.clock.set(MONDAY_POST + timedelta(days=2))
    await world.daily.create_due()
    [wednesday] = await world.daily.claim_sends("proc-a")
    assert wednesday.day_number == 1  # the failed post was never shown: numbering goes on from it


async def test_a_reveal_that_cannot_be_shown_still_closes_and_scores_the_answers(world):
    discord = DiscordStandIn(world.daily, world.clock)
    await discord.round()
    post = discord.sent[0][1]
    await world.answers.submit(post.post_id, MemberRef(GUILD, 1), text="libuv")
    world.clock.set(TUESDAY_REVEAL)
    [reveal] = await world.daily.claim_reveals("proc-a")
    outcome = await world.daily.mark_reveal_failed(post.post_id, "proc-a", CHANNEL_GONE, permanent=True)
    assert outcome == FailureOutcome.GAVE_UP
    result = await world.answers.result(post.post_id, MemberRef(GUILD, 1))
    assert result.points > 0
    [summary] = await world.schedules.history(GUILD)
    assert (summary.status, summary.note, summary.answer_count) == (PostStatus.REVEALED, CHANNEL_GONE, 1)
    assert (await world.schedules.status(GUILD)).schedule.paused_reason == CHANNEL_GONE
    assert await world.daily.claim_reveals("proc-b") == []
    assert reveal.answer_count == 1


async def test_days_missed_while_the_bot_was_down_are_skipped_and_the_current_one_posted(world):
    # Down from Monday 08:59 Berlin until Thursday 09:30: Monday's to Wednesday's
    # reveals have passed, Thursday's question still has a day to run.
    world.clock.set(datetime(2026, 3, 5, 8, 30, tzinfo=UTC))
    discord = DiscordStandIn(world.daily, world.clock)
    await discord.round()
    [(sent_at, thursday)] = discord.sent
    assert (thursday.local_date, thursday.day_number) == (date(2026, 3, 5), 1)
    assert sent_at == datetime(2026, 3, 5, 8, 30, tzinfo=UTC)  # late, but its day is still running
    assert thursday.reveal_at == datetime(2026, 3, 6, 7, 45, tzinfo=UTC)
    history = await world.schedules.history(GUILD)
    assert [(h.local_date.day, h.status, h.note) for h in history] == [
        (5, PostStatus.SENT, None),
        (4, PostStatus.SKIPPED, MISSED_WHILE_OFFLINE),
        (3, PostStatus.SKIPPED, MISSED_WHILE_OFFLINE),
        (2, PostStatus.SKIPPED, MISSED_WHILE_OFFLINE),
    ]
    assert (await world.schedules.status(GUILD)).schedule.next_post_at == datetime(2026, 3, 6, 8, tzinfo=UTC)


async def test_a_post_that_could_not_be_sent_before_its_reveal_is_dropped_not_sent_late(world):
    await world.daily.create_due()
    [post] = await world.daily.claim_sends("proc-a")
    await world.daily.mark_send_failed(post.post_id, "proc-a", "Discord is down", permanent=False)
    world.clock.set(TUESDAY_REVEAL)
    assert await world.daily.claim_sends("proc-a") == []
    [summary] = await world.schedules.history(GUILD)
    assert (summary.status, summary.note) == (PostStatus.SKIPPED, NOT_SENT_IN_TIME)
    assert (await world.schedules.status(GUILD)).last_error == NOT_SENT_IN_TIME


# A send or reveal handed out again says since when an earlier attempt may have left a message
# (the Discord layer looks in the channel for it only then: a first hand-out says nothing).


async def test_a_send_handed_out_again_after_a_crash_names_the_first_hand_out(world):
    await world.daily.create_due()
    [first] = await world.daily.claim_sends("proc-a")  # proc-a dies, maybe after Discord stored it
    assert first.earlier_attempt_at is None
    world.clock.advance(LEASE)
    [second] = await world.daily.claim_sends("proc-b")  # proc-b dies too
    world.clock.advance(LEASE)
    [third] = await world.daily.claim_sends("proc-c")
    assert second.earlier_attempt_at == third.earlier_attempt_at == MONDAY_POST


async def test_a_send_retried_after_a_discord_error_names_the_first_hand_out(world):
    await world.daily.create_due()
    [first] = await world.daily.claim_sends("proc-a")
    # A 500 can come after Discord stored the message: the retry must look first.
    outcome = await world.daily.mark_send_failed(
        first.post_id, "proc-a", "Discord answered 500", permanent=False
    )
    assert outcome is FailureOutcome.RETRY
    world.clock.advance(timedelta(minutes=1))
    [retry] = await world.daily.claim_sends("proc-a")
    assert retry.earlier_attempt_at == MONDAY_POST


async def test_a_reveal_handed_out_again_names_the_first_reveal_hand_out_not_the_send(world):
    discord = DiscordStandIn(world.daily, world.clock)
    await discord.round()  # sent at once: nothing earlier to look for
    assert discord.sent[0][1].earlier_attempt_at is None
    world.clock.set(TUESDAY_REVEAL)
    [first] = await world.daily.claim_reveals("proc-a")
    assert first.earlier_attempt_at is None
    world.clock.advance(LEASE)
    [again] = await world.daily.claim_reveals("proc-b")
    assert again.earlier_attempt_at == TUESDAY_REVEAL
