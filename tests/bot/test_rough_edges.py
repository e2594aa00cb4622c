"""Rough edges members met (issue 13), read as they see them: autocomplete, /rank's points, review DMs."""

from __future__ import annotations

from datetime import timedelta

from bot.domain.questions import Kind
from bot.domain.scoring import MCQ_CORRECT, PARTICIPATION
from tests.sim.harness import advance, choices, click, invoke

from .conftest import MakeQotd, only_kind
from .test_daily import first_post


async def test_question_autocomplete_lists_only_questions_about_what_was_typed(
    make_qotd: MakeQotd, full_bank
):
    q = await make_qotd()
    alice = q.world.member("alice")
    offered = await choices(q.world, alice, q.general, "question", "query", "event loop")
    names = [c.name for c in offered]
    assert names[0] == "What is the event loop in Node.js?"  # the closest match first
    assert len(names) < 25  # the list ends where the matches end ...
    assert not any("SQL injection" in name for name in names)  # ... never padded with unrelated ones
    for choice in offered:  # each one is about the event loop: in its prompt, else in its tags
        question = full_bank.get(choice.value)
        assert "event loop" in question.prompt.casefold() or "event-loop" in question.tags, choice.name
    typo = await choices(q.world, alice, q.general, "question", "query", "evnt lop")
    assert typo[0].name == "What is the event loop in Node.js?"
    assert await choices(q.world, alice, q.general, "question", "query", "kubernetes operators") == []


async def test_rank_says_where_points_come_from(make_qotd: MakeQotd, full_bank):
    q = await make_qotd(bank=only_kind(full_bank, Kind.MCQ))
    post, question = await first_post(q)
    alice = q.world.member("alice")
    await click(q.world, alice, post, label=question.correct_choice)
    await advance(q.world, timedelta(hours=24))

    rank = await invoke(q.world, alice, q.general, "rank")
    assert f"with **{MCQ_CORRECT + PARTICIPATION}** points" in rank.text
    footer = rank.embeds[0].footer.text
    assert f"{MCQ_CORRECT} for a right letter" in footer  # the board's legend: how the points were made
    assert f"+{PARTICIPATION} for taking part" in footer
    assert "quiz question" in footer
    help_ = await invoke(q.world, alice, q.general, "help")
    assert "count on the question's own day" in help_.text
