"""A send or reveal handed out again says since when an earlier attempt may have left a message.

The Discord layer looks in the channel for that message (and adopts it) only then; a first
hand-out says nothing, so the normal path costs no extra request.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.services.daily import FailureOutcome
from tests.db.builders import mcq

from .daily_world import DiscordStandIn, make_world, questions

MONDAY_POST = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # 09:00 in Berlin
TUESDAY_REVEAL = datetime(2026, 3, 3, 7, 45, tzinfo=UTC)
LEASE = timedelta(minutes=2)


@pytest.fixture
async def world(engine):
    world = make_world(engine, MONDAY_POST - timedelta(hours=1), lease=LEASE)
    await world.load(*questions(3), mcq("qa40-0000c1", topic="databases"))
    await world.setup(topics=["node-core-runtime"])
    world.clock.set(MONDAY_POST)
    return world


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
