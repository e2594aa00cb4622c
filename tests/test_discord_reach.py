"""Waiting for Discord at start-up: what each failure says, how long between tries, and stopping."""

from __future__ import annotations

import asyncio
import random
import socket
from collections.abc import AsyncIterator

import discord
import pytest
from aiohttp import web

from bot import discord_reach
from bot.discord_reach import MAX_DELAY_S, backoff, probe, wait_for_discord


@pytest.fixture
async def api() -> AsyncIterator[tuple[str, list[int]]]:
    """A stand-in API on 127.0.0.1 answering GET /users/@me with the statuses queued in the list."""
    statuses: list[int] = []

    async def me(request: web.Request) -> web.Response:
        return web.json_response({"id": "1"}, status=statuses.pop(0) if statuses else 200)

    app = web.Application()
    app.router.add_get("/api/v10/users/@me", me)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    yield f"http://127.0.0.1:{port}/api/v10", statuses
    await runner.cleanup()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_the_wait_doubles_from_one_second_to_a_minute_with_jitter() -> None:
    rng = random.Random(7)
    for attempt, ceiling in [(1, 1.0), (2, 2.0), (3, 4.0), (6, 32.0), (7, 60.0), (50, 60.0)]:
        delays = [backoff(attempt, rng) for _ in range(200)]
        assert ceiling / 2 <= min(delays) < max(delays) <= ceiling
    assert max(backoff(10_000, rng) for _ in range(100)) <= MAX_DELAY_S


async def test_a_refused_connection_names_host_and_port() -> None:
    port = closed_port()
    problem = await probe("token", f"http://127.0.0.1:{port}/api/v10")
    assert problem is not None
    assert problem.startswith(f"cannot connect to 127.0.0.1:{port} (")


async def test_a_name_that_does_not_resolve_says_so() -> None:
    problem = await probe("token", "http://qotd-no-such-host.invalid/api/v10")
    assert problem is not None
    assert problem.startswith("cannot resolve qotd-no-such-host.invalid (")


async def test_a_5xx_is_a_problem_a_4xx_is_an_answer_and_a_401_is_a_refused_token(
    api: tuple[str, list[int]],
) -> None:
    base, statuses = api
    statuses += [503, 404]
    assert await probe("token", base) == "Discord answered 503 (Service Unavailable)"
    assert await probe("token", base) is None
    statuses.append(401)
    with pytest.raises(discord.LoginFailure):
        await probe("token", base)


async def test_it_tries_again_until_discord_answers(
    api: tuple[str, list[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    base, statuses = api
    statuses += [502, 503]
    monkeypatch.setattr(discord.http.Route, "BASE", base)
    monkeypatch.setattr(discord_reach, "FIRST_DELAY_S", 0.01)
    heard: list[str | None] = []
    never = asyncio.Event()
    assert await wait_for_discord("token", never.wait, on_problem=heard.append)
    assert heard == ["Discord answered 502 (Bad Gateway)", "Discord answered 503 (Service Unavailable)", None]


async def test_a_stop_ends_the_wait_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(discord.http.Route, "BASE", f"http://127.0.0.1:{closed_port()}/api/v10")
    stop = asyncio.Event()
    waiting = asyncio.create_task(wait_for_discord("token", stop.wait, on_problem=lambda _: stop.set()))
    assert await asyncio.wait_for(waiting, 2.0) is False  # not after the backoff
