"""Fixtures for the harness's own tests: a world and the spike bot running in it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
import simcord

from .harness import MakeWorld, World, build_world, new_env, start_bot, stop_bot
from .spike_bot import SpikeBot, SpikeStore


@pytest.fixture
def sim_env() -> simcord.Env:
    """The world's Env as a fixture of its own: simcord's pytest plugin then attaches
    the transcript of what the bot did to a failing test, and lets the test body's
    ``discord.utils.utcnow()`` follow virtual time while the bot runs."""
    return new_env()


@pytest.fixture
async def world(sim_env: simcord.Env) -> AsyncIterator[World[SpikeBot]]:
    built: World[SpikeBot] = await build_world(env=sim_env)
    yield built
    await stop_bot(built)


@pytest.fixture
def store() -> SpikeStore:
    """The spike bot's "database": shared by every bot instance of one test."""
    return SpikeStore()


@pytest.fixture
async def spike(world: World[SpikeBot], store: SpikeStore) -> SpikeBot:
    return await start_bot(world, lambda: SpikeBot(store, world.clock))


@pytest.fixture
async def make_world() -> AsyncIterator[MakeWorld]:
    """``await make_world(**build_world_options)`` for a test that needs its own world."""
    built: list[World[Any]] = []

    async def make(**options: Any) -> World[Any]:
        world: World[Any] = await build_world(**options)
        built.append(world)
        return world

    yield make
    for world in built:
        await stop_bot(world)
