"""Points count on the question's own day in the server's zone (issue 13), as members see the boards."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.domain.questions import Kind
from tests.sim.harness import advance_to, click, invoke, submit

from .conftest import MakeQotd, only_kind
from .test_daily import posted_question, reveal_of, set_up

SUNDAY_0800_BERLIN = datetime(2026, 1, 4, 7, 0, tzinfo=UTC)  # Sunday 4 January
SUNDAY_POST = datetime(2026, 1, 4, 8, 0, tzinfo=UTC)  # 09:00 in Berlin
MONDAY_AFTER_REVEAL = datetime(2026, 1, 5, 7, 50, tzinfo=UTC)  # 08:50 on Monday: revealed at 08:45


async def test_an_answer_given_on_sunday_shows_on_sundays_board_not_mondays(make_qotd: MakeQotd, full_bank):
    q = await make_qotd(bank=only_kind(full_bank, Kind.OPEN), clock_start=SUNDAY_0800_BERLIN)
    alice, bob, carol = (q.world.member(name) for name in ("alice", "bob", "carol"))
    await set_up(q, timezone="Europe/Berlin")
    await advance_to(q.world, SUNDAY_POST + timedelta(minutes=1))
    (post,) = q.posts()
    question, _ = await posted_question(q)
    form = await click(q.world, alice, post, label="Answer")
    await submit(q.world, alice, form, {"answer": question.short_answer})

    await advance_to(q.world, MONDAY_AFTER_REVEAL)
    mine = await click(q.world, alice, reveal_of(q, 1), label="My result")
    assert "Points: " in mine.text  # scored at Monday's reveal ...
    today = await invoke(q.world, alice, q.general, "leaderboard", period="day")
    assert "Nobody has points today yet" in today.text  # ... yet not on Monday's board
    week = await invoke(q.world, bob, q.general, "leaderboard", period="week")
    assert "Nobody has points this week yet" in week.text  # Monday starts a new week: Sunday's was the last
    month = await invoke(q.world, carol, q.general, "leaderboard", period="month")
    assert f"<@{alice.id}>" in month.text  # Sunday 4 and Monday 5 January share the month
    q.check_every_message()
