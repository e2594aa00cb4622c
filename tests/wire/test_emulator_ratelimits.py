"""Rate limits as Discord applies them, and discord.py's own handling of them."""

from __future__ import annotations

import asyncio
import time
from collections import Counter

import aiohttp

from .conftest import EmulatorFactory
from .emulator import MESSAGE_CREATE, RateLimitConfig, Rule
from .pingbot import PingBot, running_bot


async def test_a_burst_over_the_global_limit_is_paced_and_delivered_exactly_once(
    make_emulator: EmulatorFactory,
) -> None:
    emu = await make_emulator(guilds=15, channels_per_guild=2)
    channels = [c for g in emu.guilds for c in emu.text_channels(g)]
    async with running_bot(emu, PingBot(sync=False)) as bot:
        targets = [bot.get_partial_messageable(c.id) for c in channels]
        started = time.monotonic()
        await asyncio.wait_for(
            asyncio.gather(*(targets[i % len(targets)].send(f"burst {i}") for i in range(120))), 60
        )
        elapsed = time.monotonic() - started

    sent = Counter(m.content for m in emu.messages())
    assert sent == Counter(f"burst {i}" for i in range(120))
    limited = [r for r in emu.requests if r.status == 429]
    assert limited, "120 sends at once must cross 50 requests per second"
    assert all(r.limited == "global" for r in limited)
    assert emu.limiter.refusals["global"] == len(limited)
    assert all(r.headers and r.headers["X-RateLimit-Global"] == "true" for r in limited)
    assert all(r.headers and r.headers["X-RateLimit-Scope"] == "global" for r in limited)
    # No window holds more than 50 accepted requests: 120 sends need a third window, which opens
    # at least a second after the one the burst started in.
    assert elapsed > 1.0


async def test_discord_py_paces_itself_by_the_bucket_headers(make_emulator: EmulatorFactory) -> None:
    emu = await make_emulator(rate_limits=RateLimitConfig(routes={MESSAGE_CREATE: Rule(3, 1.0)}))
    channel = emu.text_channels(emu.guilds[0])[0]
    async with running_bot(emu, PingBot(sync=False)) as bot:
        target = bot.get_partial_messageable(channel.id)
        started = time.monotonic()
        await asyncio.wait_for(asyncio.gather(*(target.send(f"m{i}") for i in range(9))), 30)
        elapsed = time.monotonic() - started

    assert len(emu.messages(channel)) == 9
    sends = [r for r in emu.requests if r.route == MESSAGE_CREATE]
    # The headers told discord.py to wait, so it never ran into the bucket's 429.
    assert [r.status for r in sends] == [200] * 9
    assert emu.limiter.refusals["user"] == 0
    assert elapsed >= 2.0  # three windows of three
    headers = [r.headers or {} for r in sends]
    assert {h["X-RateLimit-Limit"] for h in headers} == {"3"}
    assert sorted(h["X-RateLimit-Remaining"] for h in headers) == [
        "0",
        "0",
        "0",
        "1",
        "1",
        "1",
        "2",
        "2",
        "2",
    ]
    assert len({h["X-RateLimit-Bucket"] for h in headers}) == 1
    assert all(0.0 <= float(h["X-RateLimit-Reset-After"]) <= 1.0 for h in headers)
    assert all(float(h["X-RateLimit-Reset"]) > time.time() - 60 for h in headers)


async def test_a_client_that_ignores_the_bucket_gets_429_with_retry_after(
    make_emulator: EmulatorFactory,
) -> None:
    emu = await make_emulator()  # the default bucket: 5 messages per 5 s per channel
    channel = emu.text_channels(emu.guilds[0])[0]
    url = f"{emu.base_url}/channels/{channel.id}/messages"
    headers = {"Authorization": f"Bot {emu.token}"}
    async with aiohttp.ClientSession(headers=headers) as http:
        answers = []
        for i in range(7):
            async with http.post(url, json={"content": f"raw {i}"}) as response:
                answers.append((response.status, dict(response.headers), await response.json()))

    assert [status for status, _, _ in answers] == [200] * 5 + [429] * 2
    _, limited_headers, body = answers[-1]
    assert limited_headers["X-RateLimit-Scope"] == "user"
    assert limited_headers["X-RateLimit-Remaining"] == "0"
    assert int(limited_headers["Retry-After"]) >= 1
    assert limited_headers["Via"]  # discord.py treats a 429 without Via as a Cloudflare ban
    assert body["global"] is False
    assert 0 < body["retry_after"] <= 5
    assert body["message"] == "You are being rate limited."
    assert len(emu.messages(channel)) == 5
    # Another channel is another bucket.
    other = emu.text_channels(emu.guilds[0])[1]
    async with (
        aiohttp.ClientSession(headers=headers) as http,
        http.post(f"{emu.base_url}/channels/{other.id}/messages", json={"content": "elsewhere"}) as response,
    ):
        assert response.status == 200
