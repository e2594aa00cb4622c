"""Schedules: saved per server; the database says which are due and when to wake up."""

from __future__ import annotations

from datetime import date, timedelta

from bot.db.records import ScheduleStatus

from .builders import GUILD, OTHER_GUILD, T0, schedule


async def test_a_schedule_is_saved_replaced_and_read_back(uow_factory):
    first = schedule(
        topics=("security", "testing"), ping_role_id=42, open_thread=True, skip_date=date(2026, 3, 3)
    )
    async with uow_factory() as uow:
        saved = await uow.schedules.save(first, now=T0)
        await uow.commit()
    later = T0 + timedelta(days=2)
    async with uow_factory() as uow:
        replaced = await uow.schedules.save(schedule(post_time="18:30", reveal_after_minutes=60), now=later)
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.schedules.get(GUILD)
        missing = await uow.schedules.get(OTHER_GUILD)
    assert saved.topics == ("security", "testing")
    assert saved.open_thread
    assert saved.skip_date == date(2026, 3, 3)
    assert stored == replaced
    assert (stored.post_time, stored.reveal_after_minutes, stored.topics) == (
        "18:30",
        60,
        ("node-core-runtime",),
    )
    assert (stored.created_at, stored.updated_at) == (T0, later)
    assert missing is None


async def test_due_schedules_are_the_active_ones_whose_time_has_come(uow_factory):
    guilds = [GUILD + n for n in range(4)]
    async with uow_factory() as uow:
        await uow.schedules.save(schedule(guilds[0], next_post_at=T0 - timedelta(minutes=5)), now=T0)
        await uow.schedules.save(schedule(guilds[1], next_post_at=T0), now=T0)
        await uow.schedules.save(schedule(guilds[2], next_post_at=T0 + timedelta(hours=3)), now=T0)
        await uow.schedules.save(schedule(guilds[3], next_post_at=T0 - timedelta(hours=1)), now=T0)
        await uow.schedules.pause(guilds[3], "The channel was deleted.", T0)
        await uow.commit()
    async with uow_factory() as uow:
        due = await uow.schedules.due(T0)
        wake_up = await uow.schedules.next_due_after(T0)
        paused = await uow.schedules.get(guilds[3])
    assert [s.guild_id for s in due] == [guilds[0], guilds[1]]
    assert wake_up == T0 + timedelta(hours=3)
    assert paused is not None
    assert paused.status == ScheduleStatus.PAUSED
    assert paused.paused_reason == "The channel was deleted."


async def test_advancing_resuming_and_recording_errors(uow_factory):
    async with uow_factory() as uow:
        await uow.schedules.save(schedule(), now=T0)
        assert await uow.schedules.advance(GUILD, T0 + timedelta(days=1), now=T0)
        assert await uow.schedules.record_error(GUILD, "503 from Discord", T0)
        assert not await uow.schedules.advance(OTHER_GUILD, T0, now=T0)
        due_after_advance = await uow.schedules.due(T0)
        await uow.schedules.pause(GUILD, "Missing Access", T0)
        assert await uow.schedules.resume(GUILD, T0, now=T0)
        due_after_resume = await uow.schedules.due(T0)
        stored = await uow.schedules.get(GUILD)
    assert due_after_advance == []
    assert [s.guild_id for s in due_after_resume] == [GUILD]
    assert stored is not None
    assert stored.paused_reason is None
    assert (stored.last_error, stored.last_error_at) == ("503 from Discord", T0)


async def test_due_schedules_can_be_split_by_shard(uow_factory):
    guilds = [(n << 22) + 1 for n in range(4)]
    async with uow_factory() as uow:
        for guild in guilds:
            await uow.schedules.save(schedule(guild), now=T0)
        shard_zero = await uow.schedules.due(T0, shard=(0, 2))
        shard_one = await uow.schedules.due(T0, shard=(1, 2))
    assert {s.guild_id for s in shard_zero} == {guilds[0], guilds[2]}
    assert {s.guild_id for s in shard_one} == {guilds[1], guilds[3]}


async def test_deleting_a_schedule(uow_factory):
    async with uow_factory() as uow:
        await uow.schedules.save(schedule(), now=T0)
        assert await uow.schedules.delete(GUILD)
        assert not await uow.schedules.delete(GUILD)
        assert await uow.schedules.get(GUILD) is None
