"""SQLite held by another writer for longer than the bot's busy timeout while a member submits an answer."""

from __future__ import annotations

from pathlib import Path

import aiosqlite
from sqlalchemy import func, select

from bot.db.models import AnswerModel, MemberRoleModel, StreakModel
from bot.db.records import PostStatus
from bot.runner import BUSY_TIMEOUT_MS
from bot.services.members import MemberRef

from .botrun import (
    bot_settings,
    component,
    first_channels,
    open_services,
    running_qotd,
    schedule_posts_now,
    written_answers_bank,
)
from .conftest import EmulatorFactory
from .emulator.interactions import CHANNEL_MESSAGE, EPHEMERAL, MODAL

TRY_AGAIN = "The bot is busy right now and nothing was saved; please try again in a moment."


async def test_a_locked_database_gets_the_member_a_try_again_and_the_same_submission_works_later(
    make_emulator: EmulatorFactory, sqlite_url: str, tmp_path: Path
) -> None:
    emu = await make_emulator(guilds=1)
    member = emu.members(emu.guilds[0])[1]
    text = "A mutex serialises access to the shared counter; without it two increments can interleave."
    bank = written_answers_bank()
    async with (
        open_services(sqlite_url, bank=bank) as db,
        running_qotd(emu, bot_settings(emu, sqlite_url, tmp_path), bank=bank) as qotd,
    ):
        await schedule_posts_now(db.services, first_channels(emu))
        qotd.bot.wakeup.now()
        (post,) = await db.wait_for(PostStatus.SENT)
        message = emu.world.messages[post.message_id or 0]
        button = component(message.components, "qotd:answer:*")["custom_id"]
        form = await (await emu.click(message, button, member)).acknowledged()
        assert form.type == MODAL

        # Another program (a script, a migration) takes the write lock and keeps it.
        path = sqlite_url.removeprefix("sqlite+aiosqlite:///")
        async with aiosqlite.connect(path, isolation_level=None) as other_writer:
            await other_writer.execute("BEGIN IMMEDIATE")
            busy = await (await emu.submit_modal(form, {"answer": text})).acknowledged()
            # The bot waited for the lock as long as it may, then answered within Discord's deadline.
            assert BUSY_TIMEOUT_MS / 1000 <= busy.elapsed < 3.0
            assert busy.type == CHANNEL_MESSAGE
            assert busy.data is not None
            assert busy.data["flags"] & EPHEMERAL
            assert busy.data["embeds"][0]["description"] == TRY_AGAIN
            await other_writer.execute("ROLLBACK")

        # Nothing of the failed submission remains: no answer, no streak, no roles seen.
        async with db.engine.connect() as connection:
            for model in (AnswerModel, StreakModel, MemberRoleModel):
                rows = await connection.scalar(
                    select(func.count()).select_from(model).where(model.member_id == member)
                )
                assert rows == 0, model.__tablename__
        assert await db.services.answers.current_answer(post.id, MemberRef(post.guild_id, member)) is None

        # The member presses Submit again on the same form: now it is saved.
        saved = await (await emu.submit_modal(form, {"answer": text})).acknowledged()
        assert saved.elapsed < 3.0
        assert saved.data is not None
        assert saved.data["content"].startswith("Saved your answer.")
        assert "Streak: 1 day." in saved.data["content"]
        assert await db.services.answers.current_answer(post.id, MemberRef(post.guild_id, member)) == text
