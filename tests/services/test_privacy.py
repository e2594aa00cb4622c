"""Forget me: the member's data goes, in one server or everywhere; everyone else's stays exactly as it was."""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.db.records import ScoreEventIn, StreakRecord
from bot.db.repositories.members import FORGOTTEN_KINDS
from bot.domain.clock import ManualClock
from bot.domain.periods import Period
from bot.domain.review import Recall
from bot.services.leaderboards import Leaderboards, add_score_events
from bot.services.members import MemberRef
from bot.services.privacy import Privacy
from bot.services.quizzes import Quizzes
from bot.services.reviews import Reviews
from bot.services.schedules import Schedules
from tests.db.builders import CHANNEL, GUILD, OTHER_GUILD, add_questions, create_post, mcq

T0 = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
ME, YOU, THEM = 61, 62, 63


def _hashable(value: object) -> object:
    return json.dumps(value, sort_keys=True) if isinstance(value, dict | list) else value


async def rows_by_kind(uow_factory) -> dict[str, set[tuple]]:
    """Every row of every per-member table, as plain tuples."""
    async with uow_factory() as uow:
        return {
            kind: {tuple(map(_hashable, row)) for row in await uow._session.execute(select(table))}
            for kind, table in FORGOTTEN_KINDS.items()
        }


def belongs(kind: str, row: tuple, member_id: int, guild_id: int | None = None) -> bool:
    table = FORGOTTEN_KINDS[kind]
    values = dict(zip(table.c.keys(), row, strict=True))
    return values["member_id"] == member_id and guild_id in (None, values["guild_id"])


async def populate(uow_factory, clock: ManualClock) -> int:
    """Answers, points, streaks, cards, roles, prefs and a quiz for three members in two servers."""
    # The quiz asks f2: f1 is posted and not revealed yet, so no quiz may pick it.
    await add_questions(uow_factory, mcq("qa40-0000f1"), mcq("qa40-0000f2"))
    async with uow_factory() as uow:
        post = await create_post(uow, question_id="qa40-0000f1")
        for member in (ME, YOU):
            await uow.answers.upsert(post.id, GUILD, member, choice="B", streak_at_answer=1, now=T0)
        for guild in (GUILD, OTHER_GUILD):
            await uow.streaks.save(StreakRecord(guild, ME, current=2, best=3, last_date=date(2026, 3, 9)))
            await uow.prefs.set_review_dm(guild, ME, True)
        await uow.streaks.save(StreakRecord(GUILD, YOU, current=1, best=1, last_date=date(2026, 3, 10)))
        await add_score_events(
            uow,
            ZoneInfo("UTC"),
            [
                ScoreEventIn(g, m, T0 + timedelta(minutes=i), p, "daily", "node-core-runtime", p > 0)
                for i, (g, m, p) in enumerate(
                    [
                        (GUILD, ME, 11),
                        (GUILD, YOU, 10),
                        (GUILD, THEM, 4),
                        (OTHER_GUILD, ME, 7),
                        (OTHER_GUILD, YOU, 9),
                    ]
                )
            ],
        )
        await uow.commit()
    reviews = Reviews(uow_factory, clock)
    for guild in (GUILD, OTHER_GUILD):
        await reviews.record(MemberRef(guild, ME, (5,)), "qa40-0000f1", Recall.GOOD)
    await reviews.record(MemberRef(GUILD, THEM, (5,)), "qa40-0000f1", Recall.AGAIN)

    game = Quizzes(uow_factory, clock, rng=random.Random(3))
    quiz = await game.start(GUILD, CHANNEL, MemberRef(GUILD, ME), count=1)
    await game.open_next(quiz.quiz_id)
    await game.answer(quiz.quiz_id, MemberRef(GUILD, ME, (5,)), choice="B")
    await game.answer(quiz.quiz_id, MemberRef(GUILD, YOU, (5,)), choice="B")
    await game.close_current(quiz.quiz_id)
    return quiz.quiz_id


async def test_forgetting_a_member_in_one_server_leaves_everyone_else_untouched(uow_factory):
    clock = ManualClock(T0 + timedelta(hours=1))
    quiz_id = await populate(uow_factory, clock)
    before = await rows_by_kind(uow_factory)
    board_before = await Leaderboards(uow_factory, clock).board(GUILD, Period.ALL, viewer_id=YOU)

    report = await Privacy(uow_factory, clock).forget(ME, GUILD)

    after = await rows_by_kind(uow_factory)
    for kind in FORGOTTEN_KINDS:
        kept = {row for row in before[kind] if not belongs(kind, row, ME, GUILD)}
        assert after[kind] == kept, kind  # others' rows (and mine elsewhere) exactly as they were
        assert report.counts[kind] == len(before[kind]) - len(kept), kind
    assert all(report.counts[kind] > 0 for kind in FORGOTTEN_KINDS)
    assert report.counts["quiz_sessions"] == 1
    assert any(belongs("score_totals", row, ME, OTHER_GUILD) for row in after["score_totals"])

    board_after = await Leaderboards(uow_factory, clock).board(GUILD, Period.ALL, viewer_id=YOU)
    assert [r.member_id for r in board_before.rows][:2] == [ME, YOU]
    assert [(r.rank, r.member_id) for r in board_after.rows] == [(1, YOU), (2, THEM)]
    assert board_after.viewer_row.points == board_before.viewer_row.points
    standings = await Quizzes(uow_factory, clock).standings(quiz_id)
    assert [s.member_id for s in standings.rows] == [YOU]
    async with uow_factory() as uow:
        assert (await uow.quizzes.get(quiz_id)).started_by != ME


async def test_forgetting_everywhere_leaves_nothing_of_the_member(uow_factory):
    clock = ManualClock(T0 + timedelta(hours=1))
    await populate(uow_factory, clock)
    before = await rows_by_kind(uow_factory)

    report = await Privacy(uow_factory, clock).forget(ME, None)

    after = await rows_by_kind(uow_factory)
    for kind in FORGOTTEN_KINDS:
        assert after[kind] == {row for row in before[kind] if not belongs(kind, row, ME)}, kind
    assert report.counts["streaks"] == 2
    assert report.counts["prefs"] == 2
    assert report.total == sum(len(before[k]) - len(after[k]) for k in FORGOTTEN_KINDS) + 1


async def test_forgetting_an_admin_takes_their_name_out_of_the_pauses_they_made(uow_factory):
    clock = ManualClock(T0)
    schedules = Schedules(uow_factory, clock, [])
    for guild in (GUILD, OTHER_GUILD):
        await schedules.setup(guild, channel_id=CHANNEL, post_time="09:00", timezone="UTC")
        await schedules.pause(guild, "paused by Ada Lovelace", paused_by=ME)

    await Privacy(uow_factory, clock).forget(ME, GUILD)
    here, elsewhere = await schedules.status(GUILD), await schedules.status(OTHER_GUILD)
    assert here.schedule.paused  # still paused: only the name goes
    assert here.schedule.paused_reason == "paused by an admin"
    assert elsewhere.schedule.paused_reason == "paused by Ada Lovelace"  # forgotten in one server only

    report = await Privacy(uow_factory, clock).forget(ME, None)
    assert report.counts["pause_reasons"] == 1
    assert (await schedules.status(OTHER_GUILD)).schedule.paused_reason == "paused by an admin"


async def test_a_pause_by_someone_else_keeps_its_reason(uow_factory):
    clock = ManualClock(T0)
    schedules = Schedules(uow_factory, clock, [])
    await schedules.setup(GUILD, channel_id=CHANNEL, post_time="09:00", timezone="UTC")
    await schedules.pause(GUILD, "paused by Grace Hopper", paused_by=YOU)
    await Privacy(uow_factory, clock).forget(ME, None)
    assert (await schedules.status(GUILD)).schedule.paused_reason == "paused by Grace Hopper"
