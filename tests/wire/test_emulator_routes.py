"""The REST routes the bot uses, driven through discord.py's own API."""

from __future__ import annotations

import io

import aiohttp
import discord

from .emulator import Emulator, permissions
from .pingbot import PingBot, running_bot


async def test_fetching_guilds_channels_and_members(emulator: Emulator) -> None:
    guild = emulator.guilds[0]
    channel = emulator.text_channels(guild)[0]
    member_id = emulator.members(guild)[0]
    async with running_bot(emulator, PingBot(sync=False)) as bot:
        fetched_guild = await bot.fetch_guild(guild.id)
        fetched_channel = await bot.fetch_channel(channel.id)
        fetched_channels = await fetched_guild.fetch_channels()
        member = await fetched_guild.fetch_member(member_id)
        commands = await bot.tree.fetch_commands()
    assert fetched_guild.name == guild.name
    assert fetched_guild.approximate_member_count == len(guild.members)
    assert isinstance(fetched_channel, discord.TextChannel)
    assert fetched_channel.name == channel.name
    assert {c.id for c in fetched_channels} == set(guild.channel_ids)
    assert member.id == member_id
    assert commands == []  # this bot was started without syncing


async def test_messages_are_edited_replied_to_threaded_and_deleted(emulator: Emulator) -> None:
    channel = emulator.text_channels(emulator.guilds[0])[0]
    async with running_bot(emulator, PingBot(sync=False)) as bot:
        target = bot.get_channel(channel.id)
        assert isinstance(target, discord.TextChannel)
        question = await target.send("Question 1")
        await question.edit(content="Question 1 (edited)", embed=discord.Embed(title="Q1"))
        thread = await question.create_thread(name="Discuss Q1", auto_archive_duration=1440)
        await thread.send("Talk here")
        standalone = await target.create_thread(name="Weekly recap", type=discord.ChannelType.public_thread)
        reply = await question.reply("The answer is in 15 minutes", mention_author=False)
        extra = await target.send("to be removed")
        await extra.delete()
        fetched = await target.fetch_message(question.id)

    assert thread.id == question.id  # a thread started from a message takes its id
    assert emulator.world.channels[thread.id].parent_id == channel.id
    assert emulator.world.channels[standalone.id].name == "Weekly recap"
    assert [m.content for m in emulator.messages(thread.id)] == ["Talk here"]
    assert [m.content for m in emulator.messages(channel)] == [
        "Question 1 (edited)",
        "The answer is in 15 minutes",
    ]
    assert fetched.edited_at is not None
    assert fetched.embeds[0].title == "Q1"
    assert reply.reference is not None
    assert reply.reference.message_id == question.id


async def test_files_travel_as_multipart_and_can_be_downloaded(emulator: Emulator) -> None:
    channel = emulator.text_channels(emulator.guilds[0])[0]
    async with running_bot(emulator, PingBot(sync=False)) as bot:
        sent = await bot.get_partial_messageable(channel.id).send(
            "Leaderboard", file=discord.File(io.BytesIO(b"rank,member\n1,ada\n"), filename="board.csv")
        )
    [attachment] = sent.attachments
    assert attachment.filename == "board.csv"
    assert attachment.size == 18
    async with aiohttp.ClientSession() as http, http.get(attachment.url) as response:
        assert await response.read() == b"rank,member\n1,ada\n"
    [stored] = emulator.messages(channel)
    assert stored.raw is not None
    assert stored.raw["content"] == "Leaderboard"
    assert stored.raw["attachments"] == [{"id": 0, "filename": "board.csv"}]


async def test_a_direct_message_opens_a_dm_channel(emulator: Emulator) -> None:
    member_id = emulator.members(emulator.guilds[0])[0]
    async with running_bot(emulator, PingBot(sync=False)) as bot:
        user = await bot.fetch_user(member_id)
        await user.send("3 review cards are due")
        await user.send("and one more")
    dm_channel = emulator.world.dm_channels[member_id]
    assert [m.content for m in emulator.messages(dm_channel)] == ["3 review cards are due", "and one more"]
    assert all(m.guild_id is None for m in emulator.messages(dm_channel))


async def test_guild_commands_are_synced_and_invoked_as_guild_commands(emulator: Emulator) -> None:
    guild = emulator.guilds[1]
    async with running_bot(emulator, PingBot(sync=False)) as bot:
        bot.tree.copy_global_to(guild=discord.Object(guild.id))
        synced = await bot.tree.sync(guild=discord.Object(guild.id))
        listed = await bot.tree.fetch_commands(guild=discord.Object(guild.id))
        ix = await emulator.invoke_slash(
            guild, emulator.text_channels(guild)[0], emulator.members(guild)[0], "ping"
        )
        answer = await ix.acknowledged()
    assert sorted(c.name for c in synced) == sorted(emulator.world.guild_commands[guild.id])
    assert {c.id for c in listed} == {c.id for c in synced}
    assert emulator.world.global_commands == {}
    assert ix.data["guild_id"] == str(guild.id)
    assert answer.data == {"content": "pong", "tts": False}  # as discord.py sends it


async def test_the_interaction_webhook_reads_edits_and_deletes(emulator: Emulator) -> None:
    guild = emulator.guilds[0]
    channel = emulator.text_channels(guild)[0]
    async with running_bot(emulator, PingBot()):
        ix = await emulator.invoke_slash(guild, channel, emulator.members(guild)[0], "retract")
        assert (await ix.acknowledged()).data == {"content": "first try", "tts": False}
        await emulator.wait_until(
            lambda: any(r.method == "DELETE" and r.status == 204 for r in emulator.requests),
            what="the delete",
        )
    assert [m.content for m in emulator.messages(channel)] == ["corrected"]
    routes = [
        r.route
        for r in emulator.requests
        if r.route and r.route.startswith(("GET /webhooks", "PATCH /webhooks", "DELETE /webhooks"))
    ]
    assert routes == [
        "GET /webhooks/{webhook_id}/{webhook_token}/messages/@original",
        "PATCH /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}",
        "DELETE /webhooks/{webhook_id}/{webhook_token}/messages/@original",
    ]


async def test_history_pages_newest_first_after_before_and_without_read_history(emulator: Emulator) -> None:
    channel = emulator.text_channels(emulator.guilds[0])[0]
    async with running_bot(emulator, PingBot(sync=False)) as bot:
        target = bot.get_channel(channel.id)
        assert isinstance(target, discord.TextChannel)
        sent = [await target.send(f"message {i}") for i in range(5)]
        after_second = [m.content async for m in target.history(limit=2, after=sent[1])]
        before_last = [m.content async for m in target.history(limit=2, before=sent[4])]
        newest = [m.content async for m in target.history(limit=3)]
        since = [m.id async for m in target.history(limit=10, after=sent[2].created_at)]
        emulator.revoke(channel, permissions.READ_MESSAGE_HISTORY)
        await emulator.wait_until(lambda: not target.permissions_for(target.guild.me).read_message_history)
        hidden = [m async for m in target.history(limit=10)]

    assert after_second == ["message 2", "message 3"]  # discord.py puts the newest-first page in order
    assert before_last == ["message 3", "message 2"]
    assert newest == ["message 4", "message 3", "message 2"]
    # A time is read as the snowflake of its millisecond: messages of that very millisecond count as before.
    assert set(since) <= {m.id for m in sent[2:]}
    assert sent[4].id in since
    assert hidden == []  # without Read Message History Discord answers an empty page, not an error
    history_calls = [r for r in emulator.requests if r.route == "GET /channels/{channel_id}/messages"]
    assert len(history_calls) == 5
    assert all(r.status == 200 for r in history_calls)
