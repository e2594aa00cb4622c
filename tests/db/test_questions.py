"""The stored question bank: sync by stable id, retire, revive, pools per server."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from bot.db.records import SyncCounts
from bot.domain.questions import Kind, ScenarioStep

from .builders import GUILD, OTHER_GUILD, T0, add_questions, create_post, mcq, question

LATER = T0 + timedelta(days=1)


async def test_a_question_comes_back_exactly_as_stored(uow_factory):
    original = replace(
        mcq("qa40-aaaaaa", group="event-loop", follow_ups=("Why?",), tags=("node", "async")),
        extra={"note": "café ☕"},
    )
    scenario = question(
        "sc01-bbbbbb",
        kind=Kind.SCENARIO,
        steps=(ScenarioStep("Design it", "Start with the queue"),),
        source=None,
    )
    async with uow_factory() as uow:
        counts = await uow.questions.upsert_many([original, scenario], guild_id=None, now=T0)
        await uow.commit()
    assert counts == SyncCounts(added=2)

    async with uow_factory() as uow:
        stored = await uow.questions.get("qa40-aaaaaa")
        stored_scenario = await uow.questions.get("sc01-bbbbbb")
        missing = await uow.questions.get("nope-000000")
    assert stored is not None
    assert stored_scenario is not None
    assert stored.question == original
    assert stored.question.extra == {"note": "café ☕"}
    assert stored_scenario.question == scenario
    assert stored.guild_id is None
    assert not stored.retired
    assert missing is None


async def test_a_resync_updates_edited_questions_in_place_and_leaves_the_rest(uow_factory):
    await add_questions(uow_factory, question("qa40-000001"), question("qa40-000002"))
    edited = question("qa40-000002", short_answer="A better short answer.")
    async with uow_factory() as uow:
        counts = await uow.questions.upsert_many(
            [question("qa40-000001"), edited, question("qa40-000003")], guild_id=None, now=LATER
        )
        await uow.commit()
    assert counts == SyncCounts(added=1, updated=1, unchanged=1)
    async with uow_factory() as uow:
        stored = await uow.questions.get("qa40-000002")
    assert stored is not None
    assert stored.question.short_answer == "A better short answer."


async def test_retired_questions_leave_the_pool_keep_their_posts_and_can_come_back(uow_factory):
    await add_questions(uow_factory, question("qa40-000001"), question("qa40-000002"))
    async with uow_factory() as uow:
        post = await create_post(uow, question_id="qa40-000002")
        retired = await uow.questions.retire_missing(["qa40-000001"], guild_id=None, now=LATER)
        await uow.commit()
    assert retired == 1

    async with uow_factory() as uow:
        pool = await uow.questions.pool(GUILD)
        stored = await uow.questions.get("qa40-000002")
        still_posted = await uow.posts.get(post.id)
        again = await uow.questions.retire_missing(["qa40-000001"], guild_id=None, now=LATER)
    assert [row.id for row in pool] == ["qa40-000001"]
    assert stored is not None
    assert stored.retired
    assert stored.retired_at == LATER
    assert still_posted is not None
    assert still_posted.question_id == "qa40-000002"
    assert again == 0  # already retired

    async with uow_factory() as uow:
        counts = await uow.questions.upsert_many(
            [question("qa40-000001"), question("qa40-000002")], guild_id=None, now=LATER
        )
        pool = await uow.questions.pool(GUILD)
    assert counts == SyncCounts(unchanged=1, revived=1)
    assert [row.id for row in pool] == ["qa40-000001", "qa40-000002"]


async def test_a_server_sees_the_shared_bank_and_its_own_questions_only(uow_factory):
    await add_questions(
        uow_factory, question("qa40-000001", topic="a"), mcq("qa40-000002", group="g", topic="b")
    )
    await add_questions(uow_factory, question(f"g{GUILD}-00000a", topic="a"), guild_id=GUILD)
    await add_questions(uow_factory, question(f"g{OTHER_GUILD}-00000b", topic="a"), guild_id=OTHER_GUILD)

    async with uow_factory() as uow:
        pool = await uow.questions.pool(GUILD)
        by_topic = await uow.questions.count_by_topic(GUILD)
        owned = await uow.questions.list_owned(GUILD)
    assert [row.id for row in pool] == [f"g{GUILD}-00000a", "qa40-000001", "qa40-000002"]
    assert pool[2].kind is Kind.MCQ
    assert pool[2].group == "g"
    assert pool[2].topic == "b"
    assert by_topic == {"a": 2, "b": 1}
    assert [s.question.id for s in owned] == [f"g{GUILD}-00000a"]


async def test_retiring_one_owner_never_touches_another_owners_questions(uow_factory):
    await add_questions(uow_factory, question("qa40-000001"))
    await add_questions(uow_factory, question(f"g{GUILD}-00000a"), guild_id=GUILD)
    async with uow_factory() as uow:
        retired = await uow.questions.retire_missing([], guild_id=GUILD, now=LATER)
        await uow.commit()
    async with uow_factory() as uow:
        shared = await uow.questions.get("qa40-000001")
    assert retired == 1
    assert shared is not None
    assert not shared.retired


async def test_a_question_id_cannot_move_to_another_owner(uow_factory):
    await add_questions(uow_factory, question("qa40-000001"))
    async with uow_factory() as uow:
        with pytest.raises(ValueError, match="another owner"):
            await uow.questions.upsert_many([question("qa40-000001")], guild_id=GUILD, now=LATER)


async def test_search_finds_by_prompt_or_id_case_insensitively_and_literally(uow_factory):
    await add_questions(
        uow_factory,
        question("qa40-000001", prompt="Explain the Event Loop"),
        question("qa40-000002", prompt="What is 100% CPU_usage?"),
        question("qa40-000003", prompt="Streams"),
    )
    async with uow_factory() as uow:
        by_prompt = await uow.questions.search("event loop", GUILD)
        by_id = await uow.questions.search("QA40-000003", GUILD)
        literal = await uow.questions.search("0% cpu_", GUILD)
        wildcard = await uow.questions.search("%", GUILD)
        limited = await uow.questions.search("qa40", GUILD, limit=2)
    assert [s.question.id for s in by_prompt] == ["qa40-000001"]
    assert [s.question.id for s in by_id] == ["qa40-000003"]
    assert [s.question.id for s in literal] == ["qa40-000002"]
    assert [s.question.id for s in wildcard] == ["qa40-000002"]
    assert len(limited) == 2


async def test_deleting_an_own_question_deletes_it_or_retires_it_once_posted(uow_factory):
    fresh, posted = f"g{GUILD}-00000a", f"g{GUILD}-00000b"
    await add_questions(uow_factory, question(fresh), question(posted), guild_id=GUILD)
    await add_questions(uow_factory, question("qa40-000001"))
    async with uow_factory() as uow:
        await create_post(uow, question_id=posted)
        assert await uow.questions.delete_owned(GUILD, fresh, now=LATER)
        assert await uow.questions.delete_owned(GUILD, posted, now=LATER)
        assert not await uow.questions.delete_owned(GUILD, "qa40-000001", now=LATER)  # shared, not its own
        assert not await uow.questions.delete_owned(OTHER_GUILD, posted, now=LATER)
        await uow.commit()
    async with uow_factory() as uow:
        gone = await uow.questions.get(fresh)
        kept = await uow.questions.get(posted)
        pool = await uow.questions.pool(GUILD)
    assert gone is None
    assert kept is not None
    assert kept.retired
    assert [row.id for row in pool] == ["qa40-000001"]


async def test_a_large_bank_syncs_in_batches(uow_factory):
    bank = [question(f"qa40-{i:06x}") for i in range(1_200)]
    async with uow_factory() as uow:
        first = await uow.questions.upsert_many(bank, guild_id=None, now=T0)
        await uow.commit()
    async with uow_factory() as uow:
        second = await uow.questions.upsert_many(bank[:600], guild_id=None, now=LATER)
        retired = await uow.questions.retire_missing([q.id for q in bank[:600]], guild_id=None, now=LATER)
        await uow.commit()
    async with uow_factory() as uow:
        pool = await uow.questions.pool(GUILD)
    assert first == SyncCounts(added=1_200)
    assert second == SyncCounts(unchanged=600)
    assert retired == 600
    assert len(pool) == 600
