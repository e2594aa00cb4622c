"""/bank sources as an admin uses it: turn the companion pack off, and the question of the day and quizzes
come only from the seed documents; turn it back on, and its questions come up again."""

from datetime import timedelta

import pytest
import simcord

from bot.db.uow import make_uow_factory
from bot.domain.questions import Kind, Question
from bot.domain.sources import is_pack_name
from bot.questionbank.bank import Bank
from tests.sim.harness import advance, choices, invoke

from .conftest import MakeQotd, Qotd, subset
from .test_daily import set_up

PACK = "pack-data-consistency.yaml"


def from_pack(question: Question) -> bool:
    return question.source is not None and is_pack_name(question.source.file)


@pytest.fixture
def small_bank(full_bank: Bank) -> Bank:
    """Three open and two multiple-choice seed questions, each of its own group, and the pack file's questions."""
    picked: list[Question] = []
    for kind, wanted in ((Kind.OPEN, 3), (Kind.MCQ, 2)):
        for question in full_bank.questions:
            groups = {p.group for p in picked if p.group}
            if question.kind is kind and not from_pack(question) and question.group not in groups:
                picked.append(question)
                if sum(p.kind is kind for p in picked) == wanted:
                    break
    ids = {p.id for p in picked} | {x.id for x in full_bank.questions if x.source and x.source.file == PACK}
    bank = subset(full_bank, lambda x: x.id in ids)
    assert {x.kind for x in bank.questions if from_pack(x)} == {Kind.OPEN, Kind.MCQ}
    return bank


async def posted_sources(q: Qotd) -> list[str]:
    """The source file of each day's question, oldest first."""
    history = await q.services.schedules.history(q.world.guild.id, limit=50)
    return [q.services.bank.get(p.question_id).source.file for p in reversed(history) if p.question_id]


async def quiz_sources(q: Qotd, starter: str, **options) -> list[str]:
    """``starter`` starts a quiz in #general; which sources its questions came from; it is stopped."""
    member = q.world.member(starter)
    started = await invoke(q.world, member, q.general, "quiz start", **options)
    assert "is starting" in started.text, started.text
    async with make_uow_factory(q.engine)() as uow:
        record = await uow.quizzes.active_for_channel(q.general.id)
    assert record is not None
    await invoke(q.world, member, q.general, "quiz stop")
    return [q.services.bank.get(qid).source.file for qid in record.question_ids]


async def test_an_admin_turns_the_pack_off_and_on_for_posts_and_quizzes(
    make_qotd: MakeQotd, small_bank: Bank
):
    q = await make_qotd(bank=small_bank)
    admin = q.world.admin
    seed_files = {x.source.file for x in small_bank.questions if not from_pack(x)}
    await set_up(q)

    listed = await invoke(q.world, admin, q.general, "bank sources")
    assert listed.ephemeral
    assert f"**{PACK}** · companion pack, by the qotd-bot editors · 2 questions" in listed.text
    assert all(f"**{name}** · seed document" in listed.text for name in seed_files)
    assert "off**" not in listed.text  # all on by default

    offered = await choices(q.world, admin, q.general, "bank sources", "off", "pack")
    assert [c.value for c in offered] == [PACK]
    turned_off = await invoke(q.world, admin, q.general, "bank sources", off=PACK)
    assert f"Turned **{PACK}** off" in turned_off.text
    assert f"**{PACK}** · companion pack, by the qotd-bot editors · 2 questions · **off**" in turned_off.text
    assert [c.value for c in await choices(q.world, admin, q.general, "bank sources", "on", "")] == [PACK]

    status = await invoke(q.world, admin, q.general, "qotd status")
    assert f"{PACK}: off (/bank sources)" in status.text
    assert "5 of 5 not asked yet in this round" in status.text

    await advance(q.world, timedelta(days=4, hours=10))  # five days from 09:00: every seed question once
    assert len(await posted_sources(q)) == 5
    assert set(await posted_sources(q)) == seed_files
    assert set(await quiz_sources(q, "alice", kind="mcq", count=3)) <= seed_files

    turned_on = await invoke(q.world, admin, q.general, "bank sources", on=PACK)
    assert f"Turned **{PACK}** on" in turned_on.text
    assert PACK in await quiz_sources(q, "bob", kind="mcq", count=3)

    await advance(q.world, timedelta(days=2))  # the pack's two questions have not been asked: they come next
    assert (await posted_sources(q))[5:] == [PACK, PACK]
    q.check_every_message()


async def test_members_cannot_change_the_sources(make_qotd: MakeQotd, small_bank: Bank):
    q = await make_qotd(bank=small_bank)
    bob = q.world.member("bob")
    with pytest.raises(simcord.SetupError, match="not visible"):  # /bank is hidden from members by default
        await invoke(q.world, bob, q.general, "bank sources")
    # A server may still show /bank to members in its Integrations settings: the bot checks in code too.
    bank = next(c for c in await q.bot.tree.fetch_commands() if c.name == "bank")
    q.world.guild.set_command_permissions(bank, {bob: True})
    refused = await invoke(q.world, bob, q.general, "bank sources", off=PACK)
    assert refused.ephemeral
    assert "Manage Server" in refused.text
    assert await choices(q.world, bob, q.general, "bank sources", "off", "") == []
    listed = await invoke(q.world, q.world.admin, q.general, "bank sources")
    assert "off**" not in listed.text
    unknown = await invoke(q.world, q.world.admin, q.general, "bank sources", off="nothing.txt")
    assert "no question source `nothing.txt`" in unknown.text
