"""Hostile text typed by members and admins, through the wire: kept exactly, never pinging anyone.

Every request body the bot sends is checked against Discord's OpenAPI description by the
emulator (the ``make_emulator`` fixture fails the test on any invalid one).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bot.db.records import PostStatus
from bot.services.members import MemberRef

from .botrun import (
    InProcessBot,
    answer_through_the_form,
    bot_settings,
    component,
    first_channels,
    open_services,
    ping_problems,
    running_qotd,
    schedule_posts_now,
    travel,
    written_answers_bank,
)
from .conftest import EmulatorFactory
from .emulator import Emulator
from .emulator.interactions import CHANNEL_MESSAGE, EPHEMERAL, MODAL

FENCE = "```"


def hostile_answer(role_id: int, user_id: int) -> str:
    """4,000 characters (the most the form takes) of mentions, invisible and reversing characters, Markdown."""
    text = (
        f"@everyone @here <@&{role_id}> <@{user_id}> <@!{user_id}> "
        "zero\u200bwidth\u200cnon\u200djoiner\ufeff "
        "\u202eright-to-left override\u202c \u2067isolate\u2069 \u200fRLM\u200e "
        "```\nstill code?\n``` **bold** @everyone outside? ```` ||spoiler|| [link](https://example.com) "
        "</qotd setup:1> <t:0:R> :skull: \\` \\\\ \n\n\t"
    )
    return (text + "x" * 4000)[:4000]


async def ready_post(emu: Emulator, qotd: InProcessBot, db_url: str) -> tuple[int, int]:
    """Today's question posted in the only server: (post id, its message id)."""
    async with open_services(db_url, bank=written_answers_bank()) as db:
        await schedule_posts_now(db.services, first_channels(emu))
        qotd.bot.wakeup.now()
        (post,) = await db.wait_for(PostStatus.SENT)
    assert post.message_id is not None
    return post.id, post.message_id


async def my_result_after_the_reveal(
    emu: Emulator, qotd: InProcessBot, db_url: str, post_id: int, member: int
) -> str:
    """Reveal the post now (the database's clock moved past the reveal), press "My result": what it shows."""
    async with open_services(db_url, bank=written_answers_bank()) as db:
        await travel(db.engine, timedelta(minutes=5))
        qotd.bot.wakeup.now()
        (revealed,) = await db.wait_for(PostStatus.REVEALED)
    reveal = emu.world.messages[revealed.reveal_message_id or 0]
    result = await (await emu.click(reveal, f"qotd:result:{post_id}", member)).acknowledged()
    assert result.data is not None
    return str(result.data["embeds"][0]["description"])


async def test_hostile_answers_and_options_are_kept_exactly_and_never_ping(
    make_emulator: EmulatorFactory, sqlite_url: str, tmp_path: Path
) -> None:
    emu = await make_emulator(guilds=1)
    guild = emu.guilds[0]
    member, admin = emu.members(guild)[1], emu.world.owner.id
    bot_role = next(r for r in guild.roles.values() if r.managed)
    text = hostile_answer(bot_role.id, admin)
    assert len(text) == 4000
    bank = written_answers_bank()
    async with running_qotd(emu, bot_settings(emu, sqlite_url, tmp_path), bank=bank) as qotd:
        post_id, message_id = await ready_post(emu, qotd, sqlite_url)
        post = emu.world.messages[message_id]

        saved = await answer_through_the_form(emu, post, member, text)
        assert (saved.type, saved.data and saved.data["flags"] & EPHEMERAL) == (CHANNEL_MESSAGE, EPHEMERAL)
        assert saved.data["content"].startswith("Saved your answer.")
        # Stored exactly as typed ...
        assert await qotd.services.answers.current_answer(post_id, MemberRef(guild.id, member)) == text
        # ... and handed back exactly in the form when the member edits it.
        button = component(post.components, "qotd:answer:*")["custom_id"]
        form = await (await emu.click(post, button, member)).acknowledged()
        assert form.type == MODAL
        assert form.data is not None
        assert component(form.data["components"], "answer")["value"] == text

        # An admin pastes the same into /qotd setup: the refusal quotes it without pinging.
        setup = await emu.invoke_slash(
            guild,
            emu.text_channels(guild)[0],
            admin,
            "qotd",
            {"channel": emu.text_channels(guild)[0].id, "time": text[:100], "timezone": text[:100]},
            subcommand="setup",
        )
        refused = await setup.acknowledged()
        assert refused.data is not None
        assert refused.data["flags"] & EPHEMERAL
        assert "time zone" in refused.data["embeds"][0]["description"]

        # After the reveal, "My result" shows the answer in a code block it cannot leave.
        shown = await my_result_after_the_reveal(emu, qotd, sqlite_url, post_id, member)
        assert shown.count(FENCE) == 2, shown[:300]
        assert shown.endswith(FENCE), shown[-300:]
        assert "@everyone @here" in shown
        assert f"<@&{bot_role.id}>" in shown
        assert "\u202eright-to-left override\u202c" in shown

    assert emu.take_validation_failures() == []
    assert ping_problems(emu) == []
    # Nothing the bot sent in public carries the member's text.
    public = [m for m in emu.messages() if not m.flags & EPHEMERAL]
    assert all("right-to-left" not in m.content for m in public)


async def test_five_backticks_cannot_close_the_code_block_around_an_answer(
    make_emulator: EmulatorFactory, sqlite_url: str, tmp_path: Path
) -> None:
    emu = await make_emulator(guilds=1)
    member = emu.members(emu.guilds[0])[1]
    settings = bot_settings(emu, sqlite_url, tmp_path)
    async with running_qotd(emu, settings, bank=written_answers_bank()) as qotd:
        post_id, message_id = await ready_post(emu, qotd, sqlite_url)
        post = emu.world.messages[message_id]
        await answer_through_the_form(emu, post, member, "a`````\n# broke out @everyone")
        shown = await my_result_after_the_reveal(emu, qotd, sqlite_url, post_id, member)
    assert shown.count(FENCE) == 2, shown
