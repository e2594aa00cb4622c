"""The admin's other levers: pause, resume, skip, post now, preview, history; and every extension loads."""

from datetime import UTC, datetime, timedelta

import discord
from sqlalchemy import update

from bot.app import EXTENSIONS
from bot.db.models import ScheduleModel
from bot.services.daily_errors import ZoneUnavailable
from tests.sim.harness import advance, bot_messages, invoke

from .conftest import MakeQotd
from .test_daily import set_up


async def test_every_extension_loads_and_registers_its_commands(make_qotd: MakeQotd):
    q = await make_qotd()
    assert set(EXTENSIONS) <= set(q.bot.extensions)
    names = {c.name for c in q.bot.tree.get_commands()}
    assert {"qotd", "help"} <= names
    qotd = q.bot.tree.get_command("qotd")
    assert {c.name for c in qotd.commands} >= {
        "setup",
        "status",
        "pause",
        "resume",
        "skip",
        "post-now",
        "preview",
        "history",
    }


async def test_pause_stops_posts_and_resume_starts_them_again(make_qotd: MakeQotd):
    q = await make_qotd()
    await set_up(q)
    paused = await invoke(q.world, q.world.admin, q.general, "qotd pause")
    assert "Paused" in paused.text
    await advance(q.world, timedelta(hours=10))
    assert q.posts() == []
    status = await invoke(q.world, q.world.admin, q.general, "qotd status")
    assert "paused by admin" in status.text
    resumed = await invoke(q.world, q.world.admin, q.general, "qotd resume")
    assert "Resumed" in resumed.text
    await advance(q.world, timedelta(hours=24))
    assert len([m for m in q.posts() if m.embeds[0].title.startswith("Question of the day")]) == 1


async def test_skip_leaves_out_one_day(make_qotd: MakeQotd):
    q = await make_qotd()
    await set_up(q)
    skipped = await invoke(q.world, q.world.admin, q.general, "qotd skip")
    nine = int(datetime(2026, 1, 1, 9, 0, tzinfo=UTC).timestamp())
    assert f"Skipped: no question on <t:{nine}:D>" in skipped.text  # a date each reader sees in their own way
    await advance(q.world, timedelta(hours=10))
    assert q.posts() == []
    await advance(q.world, timedelta(hours=24))
    titles = [m.embeds[0].title for m in q.posts()]
    assert titles == ["Question of the day #1"]  # the next day posts, numbered from one


async def test_post_now_posts_today_at_once_and_only_once(make_qotd: MakeQotd):
    q = await make_qotd()
    await set_up(q)
    await advance(q.world, timedelta(hours=1))
    now = await invoke(q.world, q.world.admin, q.general, "qotd post-now")
    assert "Posting today's question now" in now.text
    assert "2026-01-01" not in now.text  # no ISO dates
    await advance(q.world, timedelta(minutes=2))
    assert len(q.posts()) == 1
    await advance(q.world, timedelta(hours=9))  # past the usual 09:00: nothing more today
    assert len(q.posts()) == 1
    again = await invoke(q.world, q.world.admin, q.general, "qotd post-now")
    assert again.ephemeral
    assert "already" in again.text.lower()


async def test_preview_shows_the_next_questions_privately_and_they_are_what_gets_posted(make_qotd: MakeQotd):
    q = await make_qotd()
    await set_up(q)
    preview = await invoke(q.world, q.world.admin, q.general, "qotd preview", count=2)
    assert preview.ephemeral
    assert len(preview.embeds) == 2
    # Said as a person would: today's 09:00 question, then tomorrow's (not "day +1", "day +2").
    assert [e.title for e in preview.embeds] == [
        "Today at 09:00 (server time)",
        "Tomorrow at 09:00 (server time)",
    ]
    nine = int(datetime(2026, 1, 1, 9, 0, tzinfo=UTC).timestamp())
    assert preview.embeds[0].description.startswith(f"Goes out <t:{nine}:F> (<t:{nine}:R>)")
    first_prompt_start = preview.embeds[0].description.split("\n\n", 1)[1][:60]
    await advance(q.world, timedelta(hours=9, minutes=1))
    (post,) = q.posts()
    assert post.embeds[0].description.startswith(first_prompt_start)


async def test_history_links_past_posts(make_qotd: MakeQotd):
    q = await make_qotd()
    await set_up(q)
    await advance(q.world, timedelta(hours=33, minutes=5))
    history = await invoke(q.world, q.world.admin, q.general, "qotd history")
    post = q.posts()[0]
    assert (
        f"[#1](https://discord.com/channels/{q.world.guild.id}/{q.qotd_channel.id}/{post.id})" in history.text
    )
    lines = history.embeds[0].description.split("\n\n")
    # Newest first: today's question is still open, yesterday's was revealed this morning.
    reveal = int(datetime(2026, 1, 3, 8, 45, tzinfo=UTC).timestamp())
    assert lines[0].startswith("**[#2](")
    assert f"open for answers, revealed <t:{reveal}:R>" in lines[0]
    assert "revealed <t:" in lines[1]
    assert "open for answers" not in lines[1]
    assert " · sent · " not in history.text  # no status codes ...
    assert "2026-01-0" not in history.text  # ... and no ISO dates
    assert history.embeds[0].footer.text == "Page 1 of 1"


async def test_a_thread_is_opened_under_each_post_when_asked(make_qotd: MakeQotd):
    from tests.sim.harness import thread_of

    q = await make_qotd()
    await set_up(q, thread=True)
    await advance(q.world, timedelta(hours=9, minutes=1))
    (post,) = q.posts()
    thread = thread_of(q.world, post)
    assert "Question #1" in thread.name


async def test_a_time_zone_that_no_longer_loads_pauses_only_that_server_and_status_says_why(
    sim_env, make_qotd: MakeQotd
):
    # A second server on the same bot, healthy.
    other = sim_env.create_guild("Other Guild")
    other_channel = other.create_text_channel("qotd")
    managers = other.create_role("Server Managers", permissions=discord.Permissions(manage_guild=True))
    other_admin = other.add_member(sim_env.create_user("other-admin"), roles=[managers])
    q = await make_qotd()
    await set_up(q)
    other_setup = await invoke(
        q.world, other_admin, other_channel, "qotd setup", channel=other_channel, time="09:00", timezone="UTC"
    )
    assert "All set" in other_setup.text
    # This server's zone vanished from the clock data (a tzdata update, a restored backup).
    schedules = ScheduleModel.__table__
    async with q.engine.begin() as connection:
        await connection.execute(
            update(schedules).where(schedules.c.guild_id == q.world.guild.id).values(timezone="Mars/Olympus")
        )

    await advance(q.world, timedelta(hours=9, minutes=1))
    assert q.posts() == []
    assert [m.embeds[0].title for m in bot_messages(q.world, other_channel)] == ["Question of the day #1"]
    status = await invoke(q.world, q.world.admin, q.general, "qotd status")
    assert status.ephemeral
    assert "paused" in status.text
    assert str(ZoneUnavailable("Mars/Olympus")) in status.text  # the zone, and what to do: /qotd setup
    other_status = await invoke(q.world, other_admin, other_channel, "qotd status")
    assert "active" in other_status.text

    # Choosing the zone again brings it back the next day.
    await set_up(q)
    await advance(q.world, timedelta(hours=24))
    assert [m.embeds[0].title for m in q.posts()] == ["Question of the day #1"]
