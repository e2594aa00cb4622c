"""A server that removes the bot: marked when it goes (or found gone at start-up), its data deleted after the grace."""

from __future__ import annotations

from datetime import timedelta

import discord
from sqlalchemy import func, select

from bot.db.models import Base, DepartedGuildModel
from bot.domain.periods import Period
from bot.domain.questions import Kind
from tests.db.builders import OTHER_GUILD, schedule
from tests.sim.harness import advance, remove_bot_from_guild

from .conftest import MakeQotd, Qotd, only_kind
from .test_privacy import scored_day

GRACE_DAYS = 1  # short: each simulated day costs real seconds of alarm ticks


async def marks(q: Qotd) -> set[int]:
    async with q.engine.connect() as connection:
        table = DepartedGuildModel.__table__
        return set((await connection.execute(select(table.c.guild_id))).scalars())


async def rows_of(q: Qotd, guild_id: int) -> int:
    async with q.engine.connect() as connection:
        total = 0
        for table in Base.metadata.sorted_tables:
            if "guild_id" in table.c:
                stmt = select(func.count()).select_from(table).where(table.c.guild_id == guild_id)
                total += (await connection.execute(stmt)).scalar_one()
        return total


async def test_a_server_that_removes_the_bot_loses_its_data_after_the_grace_period(
    make_qotd: MakeQotd, full_bank, monkeypatch
):
    monkeypatch.setenv("REMOVED_SERVER_GRACE_DAYS", str(GRACE_DAYS))
    q = await make_qotd(bank=only_kind(full_bank, Kind.MCQ))
    guild_id = q.world.guild.id
    await scored_day(q, role_id=q.world.guild.create_role("Night owls").id)
    assert await marks(q) == set()
    kept = await rows_of(q, guild_id)
    assert kept > 0

    await remove_bot_from_guild(q.world)
    assert await marks(q) == {guild_id}
    await advance(q.world, timedelta(hours=23))
    assert await rows_of(q, guild_id) == kept + 1  # still all there (and the mark)

    await advance(
        q.world, timedelta(days=1, hours=1)
    )  # the daily job deletes it within a day after the grace
    assert await rows_of(q, guild_id) == 0
    board = await q.services.leaderboards.board(guild_id, Period.ALL, viewer_id=q.world.admin.id)
    assert board.rows == []


async def test_start_up_marks_a_server_the_bot_is_no_longer_in_and_a_join_clears_it(
    make_qotd: MakeQotd, monkeypatch
):
    monkeypatch.setenv("REMOVED_SERVER_GRACE_DAYS", str(GRACE_DAYS))
    q = await make_qotd()
    async with q.services.daily._uow() as uow:  # a server that removed the bot while it was down
        await uow.schedules.save(schedule(OTHER_GUILD), now=q.world.clock.now())
        await uow.commit()
    await q.restart()
    assert await marks(q) == {OTHER_GUILD}  # the simulated server itself is still there: unmarked

    # simcord cannot add the bot back to a server (no GUILD_CREATE for a join), so the
    # gateway's event is handed to the bot's handler directly.
    await q.bot.on_guild_join(discord.Object(OTHER_GUILD))  # type: ignore[arg-type]
    assert await marks(q) == set()
    await advance(q.world, timedelta(days=GRACE_DAYS + 1))
    assert await rows_of(q, OTHER_GUILD) == 1  # its schedule is kept
