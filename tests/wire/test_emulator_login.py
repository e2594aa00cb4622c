"""A real discord.py bot logs in to the emulator, syncs its commands and answers members in time."""

from __future__ import annotations

import aiohttp
import discord
import pytest

from .conftest import EmulatorFactory
from .emulator import Emulator, Message
from .emulator.interactions import (
    AUTOCOMPLETE_RESULT,
    CHANNEL_MESSAGE,
    DEFERRED_CHANNEL_MESSAGE,
    EPHEMERAL,
    LOADING,
    MODAL,
    UPDATE_MESSAGE,
)
from .pingbot import PingBot, running_bot


async def test_bot_logs_in_sees_every_guild_and_syncs_its_commands(make_emulator: EmulatorFactory) -> None:
    emu = await make_emulator(guilds=5, channels_per_guild=3)
    async with running_bot(emu, PingBot()) as bot:
        assert bot.user is not None
        assert bot.user.id == emu.world.bot.id
        assert bot.application_id == emu.world.application_id
        assert sorted(g.id for g in bot.guilds) == sorted(g.id for g in emu.guilds)
        first = bot.get_guild(emu.guilds[0].id)
        assert first is not None
        assert first.me is not None
        assert {c.id for c in first.text_channels} == {c.id for c in emu.text_channels(emu.guilds[0])}
        assert first.text_channels[0].permissions_for(first.me).send_messages
    assert sorted(emu.world.global_commands) == ["ask", "echo", "late", "ping", "retract", "slow", "topic"]
    assert emu.gateway.counts["identify"] == 1
    assert emu.gateway.connect_paths == ["/gateway"]


async def test_ping_is_answered_well_within_the_deadline(emulator: Emulator) -> None:
    guild = emulator.guilds[0]
    channel = emulator.text_channels(guild)[0]
    member = emulator.members(guild)[0]
    async with running_bot(emulator, PingBot()):
        ix = await emulator.invoke_slash(guild, channel, member, "ping")
        answer = await ix.acknowledged(within=3.0)
    assert answer.type == CHANNEL_MESSAGE
    assert answer.data is not None
    assert answer.data["content"] == "pong"
    assert answer.elapsed < 1.0
    [message] = emulator.messages(channel)
    assert message.content == "pong"
    assert message.interaction_id == ix.id


async def test_deferred_answer_is_completed_by_editing_the_original(emulator: Emulator) -> None:
    guild = emulator.guilds[0]
    channel = emulator.text_channels(guild)[1]
    async with running_bot(emulator, PingBot()):
        ix = await emulator.invoke_slash(guild, channel, emulator.members(guild)[0], "slow", {"seconds": 0.3})
        answer = await ix.acknowledged()
        assert answer.type == DEFERRED_CHANNEL_MESSAGE
        await emulator.wait_until(lambda: bool(ix.followup_ids), what="the follow-up")
    original = emulator.original_message(ix)
    assert original.content == "thought for 0.3s"
    assert not original.flags & LOADING
    assert original.edited_at is not None
    assert [m.content for m in emulator.messages(channel)] == ["thought for 0.3s", "and one more thing"]


async def test_options_reach_the_command_with_their_types(emulator: Emulator) -> None:
    guild = emulator.guilds[0]
    channel = emulator.text_channels(guild)[0]
    caller, named = emulator.members(guild)[:2]
    async with running_bot(emulator, PingBot()):
        ix = await emulator.invoke_slash(
            guild, channel, caller, "echo", {"text": "hi", "times": 3, "who": named}
        )
        answer = await ix.acknowledged()
    assert answer.data is not None
    assert answer.data["content"] == f"hihihi for {emulator.world.users[named].username}"


async def _ask(emulator: Emulator, member: int, question: str) -> Message:
    """Post a question with answer buttons through /ask in the first channel."""
    guild = emulator.guilds[0]
    asked = await emulator.invoke_slash(
        guild, emulator.text_channels(guild)[0], member, "ask", {"question": question}
    )
    await asked.acknowledged()
    return emulator.original_message(asked)


async def test_a_button_opens_a_modal_whose_submission_is_answered(emulator: Emulator) -> None:
    guild = emulator.guilds[0]
    channel = emulator.text_channels(guild)[0]
    member = emulator.members(guild)[1]
    async with running_bot(emulator, PingBot()):
        question = await _ask(emulator, member, "What is a monad?")
        clicked = await emulator.click(question, "qotd:answer", member)
        modal = await clicked.acknowledged()
        assert modal.type == MODAL
        submitted = await emulator.submit_modal(modal, {"answer": "a monoid in the category of endofunctors"})
        reply = await submitted.acknowledged()
    assert reply.type == CHANNEL_MESSAGE
    assert reply.data is not None
    assert reply.data["content"] == "recorded: a monoid in the category of endofunctors"
    assert reply.data["flags"] & EPHEMERAL
    # The ephemeral reply is the member's alone: the channel holds only the question.
    assert [m.content for m in emulator.messages(channel)] == ["What is a monad?"]


async def test_a_callback_after_the_deadline_gets_unknown_interaction(make_emulator: EmulatorFactory) -> None:
    emu = await make_emulator(interaction_deadline=0.3)
    guild = emu.guilds[0]
    async with running_bot(emu, PingBot()) as bot:
        ix = await emu.invoke_slash(
            guild, emu.text_channels(guild)[0], emu.members(guild)[0], "late", {"seconds": 0.5}
        )
        await emu.wait_until(lambda: bool(bot.errors), what="the late answer")
    [error] = bot.errors
    assert isinstance(error, discord.NotFound)
    assert error.code == 10062
    assert ix.callback is None
    assert ix.late_callbacks == 1
    assert emu.messages() == []


async def test_unknown_routes_are_answered_404_and_recorded(emulator: Emulator) -> None:
    async with aiohttp.ClientSession() as http:
        headers = {"Authorization": f"Bot {emulator.token}"}
        async with http.get(emulator.base_url + "/guilds/1/audit-logs", headers=headers) as response:
            assert response.status == 404
            assert await response.json() == {"message": "404: Not Found", "code": 0}
    [record] = emulator.take_unknown_requests()
    assert (record.method, record.path, record.status) == ("GET", "/guilds/1/audit-logs", 404)


@pytest.mark.parametrize("authorization", [None, "Bot wrong-token"])
async def test_requests_without_the_bot_token_are_unauthorized(
    emulator: Emulator, authorization: str | None
) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    async with (
        aiohttp.ClientSession() as http,
        http.get(emulator.base_url + "/users/@me", headers=headers) as response,
    ):
        assert response.status == 401


async def test_a_button_can_update_its_message_in_place(emulator: Emulator) -> None:
    guild = emulator.guilds[0]
    channel = emulator.text_channels(guild)[0]
    member = emulator.members(guild)[0]
    async with running_bot(emulator, PingBot()):
        question = await _ask(emulator, member, "Tabs or spaces?")
        closing = await emulator.click(question, "qotd:close", member)
        assert (await closing.acknowledged()).type == UPDATE_MESSAGE
        # The buttons are disabled now: a member's client cannot press them any more.
        with pytest.raises(ValueError, match="disabled"):
            await emulator.click(question, "qotd:answer", member)
    assert question.content == "Tabs or spaces? (closed)"
    assert [m.content for m in emulator.messages(channel)] == ["Tabs or spaces? (closed)"]


async def test_autocomplete_offers_choices(emulator: Emulator) -> None:
    guild = emulator.guilds[0]
    channel = emulator.text_channels(guild)[0]
    async with running_bot(emulator, PingBot()):
        typing = await emulator.autocomplete(
            guild, channel, emulator.members(guild)[0], "topic", {"name": "p"}, focused="name"
        )
        offered = await typing.acknowledged()
    assert offered.type == AUTOCOMPLETE_RESULT
    assert offered.data is not None
    assert [c["value"] for c in offered.data["choices"]] == ["python", "postgres", "pytest"]


async def test_an_interaction_is_acknowledged_once_and_its_token_expires(
    make_emulator: EmulatorFactory,
) -> None:
    emu = await make_emulator(followup_ttl=0.3)
    guild = emu.guilds[0]
    channel = emu.text_channels(guild)[0]
    async with running_bot(emu, PingBot()):
        ix = await emu.invoke_slash(guild, channel, emu.members(guild)[0], "slow", {"seconds": 0.5})
        await ix.acknowledged()
        await emu.wait_until(
            lambda: any(r.route and "@original" in r.route for r in emu.requests), within=5, what="the edit"
        )
        async with aiohttp.ClientSession() as http:
            again = f"{emu.base_url}/interactions/{ix.id}/{ix.token}/callback"
            async with http.post(again, json={"type": 4, "data": {"content": "twice"}}) as response:
                assert response.status == 400
                assert (await response.json())["code"] == 40060
    [edit] = [r for r in emu.requests if r.route and "@original" in r.route]
    assert edit.status == 401  # 15 minutes (here 0.3 s) after the interaction its token is dead
    assert emu.original_message(ix).flags & LOADING  # still "thinking": the answer never arrived
