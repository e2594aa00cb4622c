"""/bank sources through the services: a server turns a document, a pack or its own questions off and on."""

from __future__ import annotations

import random
import re
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.clock import ManualClock
from bot.domain.errors import EmptyPool, UnknownSource
from bot.domain.questions import SourceRef, Topic
from bot.domain.sources import OWN, SourceKind
from bot.services.members import MemberRef
from bot.services.quizzes import Quizzes
from bot.services.sources import Sources, SourceSummary
from tests.db.builders import CHANNEL, GUILD, add_questions, mcq, question

from .daily_world import DiscordStandIn, make_world

MONDAY_0800_BERLIN = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
ME = MemberRef(GUILD, 51, (901,))
OTHER_GUILD = GUILD + 1
SEED = "qa-node-express-40.txt"
PACK = "pack-data-consistency.yaml"
SEED_IDS = ("qa40-00sed1", "qa40-00sed2")
PACK_IDS = ("pack-data-consistency-a", "pack-data-consistency-b")


def _from(source: str):
    return {"source": SourceRef(source, 1, 9), "topic": "node-core-runtime"}


@pytest.fixture
async def bank(uow_factory):
    await add_questions(
        uow_factory,
        *(question(qid, **_from(SEED)) for qid in SEED_IDS),
        question(PACK_IDS[0], **_from(PACK)),
        mcq(PACK_IDS[1], **_from(PACK)),
        mcq("qa40-00sed3", **_from(SEED)),
    )
    await add_questions(uow_factory, question(f"g{GUILD}-000own", **_from("notes.md")), guild_id=GUILD)


def views(listed: list[SourceSummary]) -> list[tuple[str, SourceKind, int, bool]]:
    return [(v.name, v.kind, v.questions, v.on) for v in listed]


async def test_a_server_lists_documents_packs_and_its_own_questions_all_on(uow_factory, bank):
    sources = Sources(uow_factory, ManualClock(MONDAY_0800_BERLIN))
    assert views(await sources.list(GUILD)) == [
        (SEED, SourceKind.DOCUMENT, 3, True),
        (PACK, SourceKind.PACK, 2, True),
        (OWN, SourceKind.OWN, 1, True),
    ]
    # Another server sees the shared bank only, and its switches are its own.
    await sources.turn(GUILD, PACK, on=False)
    assert views(await sources.list(OTHER_GUILD)) == [
        (SEED, SourceKind.DOCUMENT, 3, True),
        (PACK, SourceKind.PACK, 2, True),
    ]


async def test_turning_off_and_on_is_kept_and_repeating_it_changes_nothing(uow_factory, bank):
    sources = Sources(uow_factory, ManualClock(MONDAY_0800_BERLIN))
    assert (await sources.turn(GUILD, PACK, on=False)).on is False
    assert (await sources.turn(GUILD, PACK, on=False)).on is False
    assert [v.on for v in await sources.list(GUILD)] == [True, False, True]
    assert (await sources.turn(GUILD, f" {PACK} ", on=True)).on is True
    assert [v.on for v in await sources.list(GUILD)] == [True, True, True]
    with pytest.raises(UnknownSource, match=re.escape("no question source `nope.txt`")):
        await sources.turn(GUILD, "nope.txt", on=False)


async def test_daily_posts_come_only_from_the_sources_left_on(engine, bank):
    world = make_world(engine, MONDAY_0800_BERLIN)
    await world.setup()
    sources = Sources(world.uow_factory, world.clock)
    await sources.turn(GUILD, PACK, on=False)
    await sources.turn(GUILD, OWN, on=False)
    status = await world.schedules.status(GUILD)
    assert (status.pool_size, status.pool_by_source, status.sources_off) == (3, {SEED: (3, 3)}, {PACK, OWN})

    discord = DiscordStandIn(world.daily, world.clock)
    await discord.run_until(MONDAY_0800_BERLIN + timedelta(days=3, hours=2))  # four posts
    first = Counter(post.question.id for _, post in discord.sent)
    assert set(first) == {*SEED_IDS, "qa40-00sed3"}
    status = await world.schedules.status(GUILD)
    assert status.pool_by_source == {SEED: (3, 2)}  # a new round began with the fourth post

    await sources.turn(GUILD, PACK, on=True)
    await discord.run_until(MONDAY_0800_BERLIN + timedelta(days=5, hours=2))  # two more
    later = [post.question.id for _, post in discord.sent][4:]
    assert set(later) == set(PACK_IDS)  # the pack's questions are the ones not asked yet


async def test_a_quiz_draws_only_from_the_sources_left_on(uow_factory, bank):
    clock = ManualClock(MONDAY_0800_BERLIN)
    quizzes = Quizzes(
        uow_factory, clock, [Topic("node-core-runtime", 1, "Node.js core runtime")], rng=random.Random(2)
    )
    sources = Sources(uow_factory, clock)
    await sources.turn(GUILD, SEED, on=False)
    started = await quizzes.start(GUILD, CHANNEL, ME, count=10, kind="mcq")
    assert started.question_count == 1  # the pack's multiple-choice question only
    await sources.turn(GUILD, PACK, on=False)
    with pytest.raises(EmptyPool, match=r"the sources left on \(2 turned off with /bank sources\)"):
        await quizzes.start(GUILD, CHANNEL + 1, ME, kind="mcq")
