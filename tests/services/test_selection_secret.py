"""The daily choice is keyed by a secret of the installation: unpredictable from public data, stable for it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.db.models import InstallationModel
from bot.db.uow import make_uow_factory
from bot.services.installation import Installation
from tests.db.builders import GUILD

from .daily_world import DiscordStandIn, make_world, questions

MONDAY = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
DAYS = 12


@pytest.fixture
async def world(engine):
    world = make_world(engine, MONDAY)
    await world.load(*questions(40))
    await world.setup()
    return world


async def coming_questions(engine) -> list[str]:
    """What a freshly started process shows in /qotd preview (a restart: new services, same database)."""
    return [q.id for q in await make_world(engine, MONDAY).schedules.preview(GUILD, count=DAYS)]


async def stored_secrets(engine) -> list[str]:
    async with engine.connect() as connection:
        return list((await connection.execute(select(InstallationModel.__table__.c.value))).scalars())


async def test_installations_with_different_secrets_choose_different_questions(world, engine):
    installation = Installation(make_uow_factory(engine))
    await installation.prepare("the first installation's secret")
    first = await coming_questions(engine)
    await installation.prepare("another installation's secret")
    second = await coming_questions(engine)
    assert len(first) == len(second) == DAYS
    assert first != second  # same server, same days, same bank: only the secret differs


async def test_the_generated_secret_is_kept_so_the_choice_is_stable_across_restarts(world, engine):
    await Installation(make_uow_factory(engine)).prepare(None)
    (generated,) = await stored_secrets(engine)
    assert len(generated) == 64
    shown = await coming_questions(engine)

    await Installation(make_uow_factory(engine)).prepare(None)  # the next start-up
    assert await stored_secrets(engine) == [generated]
    assert await coming_questions(engine) == shown

    # And what is posted is what was shown.
    discord = DiscordStandIn(make_world(engine, world.clock).daily, world.clock)
    await discord.run_until(datetime(2026, 3, 5, 9, 0, tzinfo=UTC))  # Monday to Thursday
    assert [post.question.id for _, post in discord.sent] == shown[:4]


async def test_without_a_start_up_the_first_use_generates_and_keeps_the_secret(world, engine):
    shown = await coming_questions(engine)  # nothing prepared: the preview stores one
    assert len(await stored_secrets(engine)) == 1
    assert await coming_questions(engine) == shown
