"""An admin sets the daily question up; members can't; missing permissions are named."""

import discord

from tests.sim.harness import choices, invoke

from .conftest import MakeQotd


async def test_a_member_without_manage_server_cannot_set_up(make_qotd: MakeQotd):
    q = await make_qotd()
    alice = q.world.member("alice")
    # /qotd is hidden from members by default; a server may still show it to them in its
    # Integrations settings, so the bot checks Manage Server in code too.
    qotd = next(c for c in await q.bot.tree.fetch_commands() if c.name == "qotd")
    q.world.guild.set_command_permissions(qotd, {alice: True})
    reply = await invoke(
        q.world, alice, q.general, "qotd setup", channel=q.qotd_channel, time="09:00", timezone="UTC"
    )
    assert reply.ephemeral
    assert "Manage Server" in reply.text
    # Nothing was saved: the server still has no schedule.
    status = await invoke(q.world, q.world.admin, q.general, "qotd status")
    assert "no question-of-the-day schedule" in status.text


async def test_setup_names_the_permission_the_bot_lacks(make_qotd: MakeQotd):
    q = await make_qotd(
        bot_overwrites={"qotd": discord.PermissionOverwrite(send_messages=False, embed_links=False)}
    )
    reply = await invoke(
        q.world,
        q.world.admin,
        q.general,
        "qotd setup",
        channel=q.qotd_channel,
        time="09:00",
        timezone="Europe/Berlin",
    )
    assert reply.ephemeral
    assert "Send Messages" in reply.text
    assert "Embed Links" in reply.text
    assert "View Channel" not in reply.text


async def test_setup_saves_and_status_shows_the_next_post_in_local_time(make_qotd: MakeQotd):
    q = await make_qotd()
    reply = await invoke(
        q.world,
        q.world.admin,
        q.general,
        "qotd setup",
        channel=q.qotd_channel,
        time="9:30",
        timezone="europe/berlin",
        reveal_after="6h",
    )
    assert reply.ephemeral
    assert "09:30" in reply.text
    assert "Europe/Berlin" in reply.text
    assert "<t:" in reply.text  # a Discord timestamp each reader sees in their own zone
    status = await invoke(q.world, q.world.admin, q.general, "qotd status")
    assert "active" in status.text
    assert "Thu 01 Jan 09:30 server time" in status.text  # the simulated clock starts 2026-01-01 00:00 UTC
    in_rotation = [x for x in q.services.bank.questions if x.daily]
    assert f"{len(in_rotation)} of {len(in_rotation)} not asked yet" in status.text
    for source in {x.source.file for x in in_rotation}:  # the pool per document and pack file
        count = sum(x.source.file == source for x in in_rotation)
        assert f"{source}: {count} of {count} left" in status.text
    q.check_every_message()


async def test_bad_time_and_time_zone_get_clear_messages(make_qotd: MakeQotd):
    q = await make_qotd()
    admin = q.world.admin
    bad_time = await invoke(
        q.world, admin, q.general, "qotd setup", channel=q.qotd_channel, time="25:00", timezone="UTC"
    )
    assert "as a time of day" in bad_time.text
    bad_zone = await invoke(
        q.world, admin, q.general, "qotd setup", channel=q.qotd_channel, time="09:00", timezone="Mars/Olympus"
    )
    assert "time zone" in bad_zone.text
    assert "Mars/Olympus" in bad_zone.text


async def test_time_zone_autocomplete_finds_cities(make_qotd: MakeQotd):
    q = await make_qotd()
    offered = await choices(
        q.world,
        q.world.admin,
        q.general,
        "qotd setup",
        "timezone",
        "new york",
        channel=q.qotd_channel,
        time="09:00",
    )
    assert offered[0].value == "America/New_York"
    assert len(offered) <= 25


async def test_help_is_for_everyone_and_explains_scoring(make_qotd: MakeQotd):
    q = await make_qotd()
    reply = await invoke(q.world, q.world.member("alice"), q.general, "help")
    assert reply.ephemeral
    assert "How scoring works" in reply.text
    assert "Ties go to whoever reached the score first" in reply.text
