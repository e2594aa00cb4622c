"""Points count on the question's own day in the server's zone, not on the reveal's (SQLite and PostgreSQL).

Sunday's question in Berlin is revealed on Monday morning: its points belong to
Sunday (and to the week that ends that Sunday), on the boards, in /stats' days,
and when a moderator later changes a score.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.scoring import OPEN_MAX, PARTICIPATION
from bot.services.daily_scoring import counts_at
from bot.services.leaderboards import period_keys
from bot.services.members import MemberRef
from bot.services.moderation import Moderation, Moderator
from tests.db.builders import GUILD

from .daily_world import DiscordStandIn, make_world
from .test_daily_cycle import ALICE, BOB, CHOICE, OPEN

SUNDAY = date(2026, 3, 8)
SUNDAY_0800_BERLIN = datetime(2026, 3, 8, 7, 0, tzinfo=UTC)
SUNDAY_POST = datetime(2026, 3, 8, 8, 0, tzinfo=UTC)  # 09:00 CET
MONDAY_REVEAL = datetime(2026, 3, 9, 7, 45, tzinfo=UTC)  # 08:45 on Monday, a new week
MOD = Moderator(MemberRef(GUILD, 99), manage_messages=True)


async def _sunday(engine):
    world = make_world(engine, SUNDAY_0800_BERLIN)
    await world.load(OPEN, CHOICE)
    await world.setup(topics=["node-core-runtime"])
    discord = DiscordStandIn(world.daily, world.clock)
    world.clock.set(SUNDAY_POST)
    await discord.round()
    [(_, post)] = discord.sent
    assert post.local_date == SUNDAY
    world.clock.set(SUNDAY_POST + timedelta(hours=2))
    await world.answers.submit(post.post_id, ALICE, text="The event loop runs callbacks; libuv does the I/O.")
    await world.answers.submit(post.post_id, BOB, text="libuv")
    world.clock.set(MONDAY_REVEAL)
    await discord.round()
    assert [r.post_id for _, r in discord.revealed] == [post.post_id]
    return world, post


async def _board(world, period: str, start: date) -> dict[int, int]:
    async with world.uow_factory() as uow:
        return {r.member_id: r.points for r in await uow.scores.top(GUILD, period, start)}


async def test_sundays_answers_count_on_sunday_and_in_the_week_that_ends_that_sunday(engine):
    world, _ = await _sunday(engine)
    alice, bob = OPEN_MAX + PARTICIPATION, OPEN_MAX // 2 + PARTICIPATION
    assert await _board(world, "day", SUNDAY) == {ALICE.member_id: alice, BOB.member_id: bob}
    assert await _board(world, "day", date(2026, 3, 9)) == {}  # not on Monday's, the reveal's day
    assert await _board(world, "week", date(2026, 3, 2)) == {ALICE.member_id: alice, BOB.member_id: bob}
    assert await _board(world, "week", date(2026, 3, 9)) == {}
    async with world.uow_factory() as uow:
        days = await uow.scores.points_by_day(
            GUILD, ALICE.member_id, date(2026, 3, 1), tz=ZoneInfo("Europe/Berlin")
        )
    assert [(d.day, d.points) for d in days] == [(SUNDAY, alice)]  # /stats' bar is Sunday's too


async def test_a_later_review_moves_the_totals_of_the_questions_own_day(engine):
    world, post = await _sunday(engine)
    moderation = Moderation(world.uow_factory, world.clock)
    world.clock.set(MONDAY_REVEAL + timedelta(hours=1))
    await moderation.request_review(post.post_id, BOB, "libuv is the heart of it")
    page = await moderation.queue(MOD)
    assert page.item is not None
    await moderation.set_score(page.item.review_id, MOD, 8, "Fair: libuv runs the loop.")
    assert (await _board(world, "day", SUNDAY))[BOB.member_id] == 8 + PARTICIPATION
    assert await _board(world, "day", date(2026, 3, 9)) == {}
    events, totals = await world.score_sums()
    assert totals == events


async def test_a_zone_changed_since_the_post_still_counts_on_the_posts_date(engine):
    """The post time may fall on another date in the new zone: the points keep the post's date."""
    world, post = await _sunday(engine)
    async with world.uow_factory() as uow:
        stored = await uow.posts.get(post.post_id)
    assert stored is not None
    for name in ("Europe/Berlin", "Pacific/Kiritimati", "Pacific/Pago_Pago"):
        zone = ZoneInfo(name)
        assert period_keys(counts_at(stored, zone), zone)["day"] == SUNDAY, name
