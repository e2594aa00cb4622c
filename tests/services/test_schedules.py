"""Setting up a server's schedule and looking after it: what an admin sees and what then happens."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.db.records import PostStatus
from bot.domain.errors import InvalidTime, InvalidTimezone, NotConfigured
from bot.services.daily_errors import (
    AlreadyPostedToday,
    InvalidDifficulty,
    InvalidRevealDelay,
    SchedulePaused,
    UnknownTopic,
)
from bot.services.members import MemberRef
from bot.services.schedules import CHANNEL_DELETED, SKIPPED_BY_ADMIN
from tests.db.builders import CHANNEL, GUILD, OTHER_GUILD, question

from .daily_world import DiscordStandIn, make_world, questions

MONDAY_0800_BERLIN = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)


@pytest.fixture
async def world(engine):
    world = make_world(engine, MONDAY_0800_BERLIN)
    await world.load(
        *questions(3),
        question("qa40-0000d1", topic="databases", difficulty="hard"),
        question("qa40-0000d2", topic="databases", difficulty="easy"),
    )
    return world


@pytest.mark.parametrize(
    ("settings", "error", "message"),
    [
        (
            {"timezone": "Mars/Olympus_Mons"},
            InvalidTimezone,
            "I don't know the time zone `Mars/Olympus_Mons`",
        ),
        ({"post_time": "25:00"}, InvalidTime, "I can't read `25:00` as a time of day"),
        ({"topics": ["cooking"]}, UnknownTopic, "I don't know the topic `cooking`; pick one from the list."),
        (
            {"difficulty": "extreme"},
            InvalidDifficulty,
            "Difficulty is one of easy, medium, hard, not `extreme`.",
        ),
        ({"reveal_after_minutes": 4}, InvalidRevealDelay, "5 to 1,440 minutes after the question, not 4."),
        ({"reveal_after_minutes": 1441}, InvalidRevealDelay, "not 1,441"),
    ],
    ids=["zone", "time", "topic", "difficulty", "reveal-too-soon", "reveal-too-late"],
)
async def test_setup_refuses_bad_settings_with_a_sentence_and_saves_nothing(world, settings, error, message):
    with pytest.raises(error) as refused:
        await world.setup(**settings)
    assert message in str(refused.value)
    with pytest.raises(NotConfigured, match="/qotd setup"):
        await world.schedules.status(GUILD)


async def test_status_shows_the_next_post_and_reveal_on_the_servers_clock(world):
    view = await world.schedules.setup(
        GUILD,
        channel_id=CHANNEL,
        post_time="9am",
        timezone="europe/berlin",
        topics=["DATABASES", "databases"],
    )
    assert (view.post_time, view.timezone, view.topics) == ("09:00", "Europe/Berlin", ("databases",))
    status = await world.schedules.status(GUILD)
    schedule = status.schedule
    assert schedule.next_post_local is not None
    assert schedule.next_reveal_local is not None
    assert schedule.next_post_local.isoformat() == "2026-03-02T09:00:00+01:00"
    assert schedule.next_reveal_local.isoformat() == "2026-03-03T08:45:00+01:00"
    assert schedule.next_post_date == date(2026, 3, 2)
    assert (status.pool_size, status.pool_left, status.next_day_number) == (2, 2, 1)
    assert (schedule.paused, status.last_error) == (False, None)

    await world.setup(reveal_after_minutes=90, difficulty="Hard", topics=["databases"])
    status = await world.schedules.status(GUILD)
    assert status.schedule.next_reveal_local is not None
    assert status.schedule.next_reveal_local.strftime("%a %H:%M") == "Mon 10:30"
    assert (status.schedule.difficulty, status.pool_size) == ("hard", 1)


async def test_pool_left_counts_down_as_questions_are_asked(world):
    await world.setup()  # every topic: five questions
    discord = DiscordStandIn(world.daily, world.clock)
    await discord.run_until(datetime(2026, 3, 4, 9, 0, tzinfo=UTC))  # Monday to Wednesday
    status = await world.schedules.status(GUILD)
    assert (status.pool_size, status.pool_left, status.next_day_number) == (5, 2, 4)


async def test_a_paused_schedule_posts_nothing_until_resumed_from_now(world):
    await world.setup()
    paused = await world.schedules.pause(GUILD, "Paused by an admin for the holidays.")
    assert (paused.paused, paused.paused_reason, paused.next_post_at) == (
        True,
        "Paused by an admin for the holidays.",
        None,
    )
    discord = DiscordStandIn(world.daily, world.clock)
    await discord.run_until(datetime(2026, 3, 4, 9, 0, tzinfo=UTC))
    assert discord.sent == []

    resumed = await world.schedules.resume(GUILD)  # Wednesday 10:00 in Berlin
    assert (resumed.paused, resumed.paused_reason) == (False, None)
    assert resumed.next_post_at == datetime(2026, 3, 5, 8, 0, tzinfo=UTC)
    await discord.run_until(datetime(2026, 3, 5, 9, 0, tzinfo=UTC))
    assert [p.local_date for _, p in discord.sent] == [date(2026, 3, 5)]


async def test_a_skipped_day_is_not_posted_even_after_a_resume_or_a_new_setup(world):
    await world.setup()
    assert (await world.schedules.skip(GUILD)).day == date(2026, 3, 2)
    status = await world.schedules.status(GUILD)
    assert (status.schedule.skip_date, status.schedule.next_post_date) == (date(2026, 3, 2), date(2026, 3, 3))
    # Changing the schedule (or resuming) recomputes from now, and still steps over the skipped day.
    await world.setup(post_time="09:30")
    await world.schedules.pause(GUILD, "just a moment")
    await world.schedules.resume(GUILD)
    discord = DiscordStandIn(world.daily, world.clock)
    await discord.run_until(datetime(2026, 3, 3, 9, 0, tzinfo=UTC))
    assert [(at, p.local_date, p.day_number) for at, p in discord.sent] == [
        (datetime(2026, 3, 3, 8, 30, tzinfo=UTC), date(2026, 3, 3), 1)
    ]
    history = await world.schedules.history(GUILD)
    assert [(h.local_date, h.status, h.day_number, h.note) for h in history] == [
        (date(2026, 3, 3), PostStatus.SENT, 1, None),
        (date(2026, 3, 2), PostStatus.SKIPPED, None, SKIPPED_BY_ADMIN),
    ]


async def test_history_lists_posts_newest_first_with_questions_and_answer_counts(world):
    await world.setup(topics=["node-core-runtime"])
    discord = DiscordStandIn(world.daily, world.clock)
    await discord.run_until(datetime(2026, 3, 3, 9, 0, tzinfo=UTC))  # Monday's revealed, Tuesday's out
    monday, tuesday = (p for _, p in discord.sent)
    await world.answers.submit(tuesday.post_id, MemberRef(GUILD, 5), text="libuv")
    await world.answers.submit(tuesday.post_id, MemberRef(GUILD, 6), text="event loop")
    history = await world.schedules.history(GUILD)
    assert [(h.day_number, h.question_id, h.status, h.answer_count) for h in history] == [
        (2, tuesday.question.id, PostStatus.SENT, 2),  # counted live until the reveal
        (1, monday.question.id, PostStatus.REVEALED, 0),
    ]
    assert history[0].prompt == tuesday.question.prompt
    assert history[0].channel_id == CHANNEL
    assert history[0].message_id is not None
    assert [h.day_number for h in await world.schedules.history(GUILD, limit=1, offset=1)] == [1]
    first = await world.schedules.history_page(GUILD, 0, per_page=1)
    assert (first.page, first.pages, [h.day_number for h in first.posts]) == (0, 2, [2])
    assert [h.state(first.now) for h in await world.schedules.history(GUILD)] == ["open", "revealed"]
    past_the_end = await world.schedules.history_page(GUILD, 9, per_page=1)
    assert (past_the_end.page, [h.day_number for h in past_the_end.posts]) == (1, [1])


async def test_preview_shows_exactly_what_the_coming_days_will_post(world):
    await world.setup()
    preview = await world.schedules.preview(GUILD, count=4)
    discord = DiscordStandIn(world.daily, world.clock)
    await discord.run_until(datetime(2026, 3, 5, 9, 0, tzinfo=UTC))  # Monday to Thursday
    assert [q.id for q in preview] == [p.question.id for _, p in discord.sent]
    assert len({q.id for q in preview}) == 4


async def test_removing_the_bot_pauses_the_schedule_with_the_reason(world):
    await world.setup()
    world.clock.set(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    await world.daily.create_due()  # created, not sent yet
    assert await world.schedules.bot_removed(GUILD, "The bot was removed from the server.")
    assert not await world.schedules.bot_removed(OTHER_GUILD, "never set up")
    assert await world.daily.claim_sends("proc-a") == []
    status = await world.schedules.status(GUILD)
    assert (status.schedule.paused, status.schedule.paused_reason) == (
        True,
        "The bot was removed from the server.",
    )
    [summary] = await world.schedules.history(GUILD)
    assert summary.status == PostStatus.SKIPPED


@pytest.mark.parametrize("call", ["status", "pause", "resume", "skip", "history", "preview"])
async def test_a_server_without_a_schedule_is_told_how_to_set_one_up(world, call):
    method = getattr(world.schedules, call)
    args = ("why",) if call == "pause" else ()
    with pytest.raises(NotConfigured):
        await method(GUILD, *args)


async def test_deleting_the_question_channel_pauses_and_other_channels_do_not(world):
    await world.setup()
    assert not await world.schedules.channel_deleted(GUILD, CHANNEL + 1)
    assert not (await world.schedules.status(GUILD)).schedule.paused
    assert await world.schedules.channel_deleted(GUILD, CHANNEL)
    status = await world.schedules.status(GUILD)
    assert (status.schedule.paused, status.schedule.paused_reason) == (True, CHANNEL_DELETED)
    assert not await world.schedules.channel_deleted(OTHER_GUILD, CHANNEL)


async def test_post_now_brings_todays_question_forward_once(world):
    await world.setup()  # Monday 08:00 in Berlin; the post is due at 09:00
    assert await world.daily.post_now(GUILD) == date(2026, 3, 2)
    discord = DiscordStandIn(world.daily, world.clock)
    await discord.round()
    [(sent_at, post)] = discord.sent
    assert (sent_at, post.local_date) == (MONDAY_0800_BERLIN, date(2026, 3, 2))
    assert post.reveal_at == datetime(2026, 3, 3, 7, 45, tzinfo=UTC)  # still 15 minutes before Tuesday's
    status = await world.schedules.status(GUILD)
    assert status.schedule.next_post_at == datetime(2026, 3, 3, 8, 0, tzinfo=UTC)

    with pytest.raises(AlreadyPostedToday, match="next one comes at 09:00 on 3 March"):
        await world.daily.post_now(GUILD)
    await discord.run_until(datetime(2026, 3, 2, 12, 0, tzinfo=UTC))
    assert len(discord.sent) == 1
    await world.schedules.pause(GUILD, "holidays")
    with pytest.raises(SchedulePaused):
        await world.daily.post_now(GUILD)
