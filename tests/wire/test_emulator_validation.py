"""Request bodies are checked against Discord's OpenAPI description, as the API checks them."""

from __future__ import annotations

import hashlib
import json

import discord
import pytest
from discord.http import Route

from .emulator import MESSAGE_CREATE, Emulator
from .emulator.validation import RequestValidator
from .pingbot import PingBot, running_bot
from .spec import vendor

CALLBACK = "POST /interactions/{interaction_id}/{interaction_token}/callback"


@pytest.mark.parametrize(
    ("send", "path", "text"),
    [
        ({"content": "x" * 2001}, "content", "In content: Must be 2000 or fewer in length."),
        ({"content": "q", "nonce": "qotd-" + "9" * 21}, "nonce", "In nonce: "),
        (
            {"embed": discord.Embed(title="t" * 257)},
            "embeds.0.title",
            "In embeds.0.title: Must be 256 or fewer",
        ),
    ],
    ids=["content-2001", "nonce-26", "embed-title-257"],
)
async def test_an_invalid_message_is_refused_as_invalid_form_body(
    emulator: Emulator, send: dict[str, object], path: str, text: str
) -> None:
    channel = emulator.text_channels(emulator.guilds[0])[0]
    async with running_bot(emulator, PingBot(sync=False)) as bot:
        with pytest.raises(discord.HTTPException) as raised:
            await bot.get_partial_messageable(channel.id).send(**send)  # type: ignore[call-overload]
    assert (raised.value.status, raised.value.code) == (400, 50035)
    assert text in raised.value.text
    [failure] = emulator.take_validation_failures()
    assert failure.route == MESSAGE_CREATE
    assert [p.path for p in failure.problems] == [path]
    assert emulator.messages(channel) == []


async def test_eleven_embeds_are_refused_even_past_discord_py(emulator: Emulator) -> None:
    # discord.py refuses 11 embeds itself; a raw request through its HTTP client shows the API would too.
    channel = emulator.text_channels(emulator.guilds[0])[0]
    async with running_bot(emulator, PingBot(sync=False)) as bot:
        route = Route("POST", "/channels/{channel_id}/messages", channel_id=channel.id)
        with pytest.raises(discord.HTTPException) as raised:
            await bot.http.request(route, json={"embeds": [{"description": str(i)} for i in range(11)]})
    assert raised.value.code == 50035
    [failure] = emulator.take_validation_failures()
    assert failure.problems[0].path == "embeds"
    assert failure.problems[0].message == "Must be 10 or fewer in length."


@pytest.mark.parametrize(
    ("params", "path"), [({"limit": 0}, "limit"), ({"limit": 101}, "limit"), ({"after": "x1"}, "after")]
)
async def test_a_history_query_out_of_the_spec_is_refused(
    emulator: Emulator, params: dict[str, object], path: str
) -> None:
    channel = emulator.text_channels(emulator.guilds[0])[0]
    async with running_bot(emulator, PingBot(sync=False)) as bot:
        route = Route("GET", "/channels/{channel_id}/messages", channel_id=channel.id)
        with pytest.raises(discord.HTTPException) as raised:
            await bot.http.request(route, params=params)
    assert (raised.value.status, raised.value.code) == (400, 50035)
    [failure] = emulator.take_validation_failures()
    assert failure.route == "GET /channels/{channel_id}/messages"
    assert [p.path for p in failure.problems] == [path]


async def test_an_interaction_answer_is_validated_too(emulator: Emulator) -> None:
    guild = emulator.guilds[0]
    async with running_bot(emulator, PingBot()):
        ix = await emulator.invoke_slash(
            guild,
            emulator.text_channels(guild)[0],
            emulator.members(guild)[0],
            "echo",
            {"text": "x" * 700, "times": 3},
        )
        await emulator.wait_until(lambda: bool(emulator.validation_failures), what="the refused answer")
    [failure] = emulator.take_validation_failures()
    assert failure.route == CALLBACK
    assert [p.path for p in failure.problems] == ["data.content"]
    assert ix.callback is None  # the refused answer acknowledged nothing


def test_the_vendored_schemas_accept_what_discord_py_sends_for_commands_and_views() -> None:
    validator = RequestValidator.vendored()
    commands = [
        {
            "name": "qotd",
            "description": "Question of the day",
            "type": 1,
            "default_member_permissions": "32",  # discord.py sends the bitfield as a string
            "options": [{"type": 1, "name": "now", "description": "Post now", "options": []}],
        }
    ]
    assert validator.check("PUT /applications/{application_id}/commands", commands) == ()
    mentions = {"content": "hi", "allowed_mentions": {"parse": [], "users": [1234567890123]}}
    assert validator.check(MESSAGE_CREATE, mentions) == ()  # snowflakes as JSON integers
    assert validator.check(MESSAGE_CREATE, {"content": 5}) != ()


def test_the_vendored_file_is_what_vendor_py_extracts_from_the_spec() -> None:
    if not vendor.DEFAULT_SOURCE.exists():
        pytest.skip(f"Discord's OpenAPI description is not at {vendor.DEFAULT_SOURCE}")
    raw = vendor.DEFAULT_SOURCE.read_bytes()
    expected = vendor.extract(json.loads(raw))
    expected["source"]["sha256"] = hashlib.sha256(raw).hexdigest()
    assert json.loads(vendor.OUTPUT.read_text(encoding="utf-8")) == expected, "run tests/wire/spec/vendor.py"
