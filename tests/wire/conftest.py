"""Fixtures for the wire tests: emulators that fail the test when a request broke the API contract."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from .emulator import Emulator

EmulatorFactory = Callable[..., Awaitable[Emulator]]


@pytest.fixture
async def make_emulator() -> AsyncIterator[EmulatorFactory]:
    """``await make_emulator(guilds=3, ...)``: started emulators, stopped at teardown.

    Teardown fails the test if any request body failed OpenAPI validation or any request hit a
    route the emulator does not know (tests that provoke either take them first).
    """
    started: list[Emulator] = []

    async def factory(**options: Any) -> Emulator:
        emulator = await Emulator(**options).start()
        started.append(emulator)
        return emulator

    yield factory
    problems: list[str] = []
    for emulator in started:
        problems += [f"invalid body: {f.describe()}" for f in emulator.validation_failures]
        problems += [f"unknown route: {r.method} {r.path}" for r in emulator.unknown_requests]
        await emulator.stop()
    if problems:
        pytest.fail("the emulator saw requests that break the API contract:\n" + "\n".join(problems))


@pytest.fixture
async def emulator(make_emulator: EmulatorFactory) -> Emulator:
    return await make_emulator(guilds=2)
