"""Group commit of answers: many members answering at once get what answering one by one gives."""

from __future__ import annotations

import asyncio
import random
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import asyncpg
import pytest
from sqlalchemy import delete, event, select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import create_engine, sqlite_file
from bot.db.models import AnswerModel, MemberRoleModel, StreakModel
from bot.db.uow import UnitOfWorkFactory, make_uow_factory
from bot.domain.errors import DomainError
from bot.services.answers import MAX_BATCH, Answers
from bot.services.daily_errors import AnswerNotSaved
from bot.services.errors import TryAgain
from bot.services.members import MemberRef
from tests.db.builders import GUILD, OTHER_GUILD, T0, add_questions, create_post, mcq, question

MONDAY = date(2026, 3, 2)
_ANSWERS, _STREAKS, _ROLES = AnswerModel.__table__, StreakModel.__table__, MemberRoleModel.__table__


class TickingClock:
    """Each reading is a millisecond after the previous one: every submission gets its own instant."""

    def __init__(self, start: datetime) -> None:
        self._start = start
        self._readings = 0

    def now(self) -> datetime:
        self._readings += 1
        return self._start + timedelta(milliseconds=self._readings)


@dataclass(frozen=True)
class Posts:
    monday: int  # GUILD, open question, answerable
    tuesday: int  # GUILD, multiple choice (A or B), answerable; a later local date than Monday's
    other: int  # OTHER_GUILD, open question, answerable
    sunday: int  # GUILD, already scored: closed


async def _posts(uow_factory: UnitOfWorkFactory) -> Posts:
    await add_questions(uow_factory, question("qa40-000001"), mcq("qa40-000002"))
    async with uow_factory() as uow:
        sunday = await create_post(
            uow,
            day=MONDAY - timedelta(days=1),
            scheduled_for=T0 - timedelta(days=1),
            reveal_after=timedelta(days=2),
        )
        monday = await create_post(uow)
        tuesday = await create_post(uow, day=MONDAY + timedelta(days=1), question_id="qa40-000002")
        other = await create_post(uow, guild_id=OTHER_GUILD)
        claimed = await uow.posts.claim_to_send(T0, "test", timedelta(minutes=5))
        assert {p.id for p in claimed} == {sunday.id, monday.id, tuesday.id, other.id}
        for n, post in enumerate(claimed):
            assert await uow.posts.mark_sent(post.id, "test", 10_000 + n, None, T0)
        assert await uow.posts.mark_scored(sunday.id, 0, T0)
        await uow.commit()
    return Posts(monday=monday.id, tuesday=tuesday.id, other=other.id, sunday=sunday.id)


@pytest.fixture
async def posts(uow_factory: UnitOfWorkFactory) -> Posts:
    return await _posts(uow_factory)


Request = tuple[int, MemberRef, dict[str, str]]


def _requests(posts: Posts, count: int = 300, members: int = 150, seed: int = 3) -> list[Request]:
    """``count`` submissions by ``members`` members: answers, edits, changed roles, and every refusal."""
    rng = random.Random(seed)
    requests: list[Request] = []
    for _ in range(count):
        member_id = rng.randrange(1, members + 1)
        guild = OTHER_GUILD if member_id > members * 4 // 5 else GUILD
        member = MemberRef(guild, member_id, tuple(sorted(rng.sample((7, 8, 9), rng.randrange(3)))))
        roll = rng.random()
        if guild == OTHER_GUILD:
            post = posts.other if roll < 0.9 else posts.monday  # another server's post: UnknownPost
        else:
            post = posts.monday if roll < 0.45 else posts.tuesday if roll < 0.9 else posts.sunday
        if post == posts.tuesday:
            answer = {"choice": rng.choice(["A", "b", "B", "z"])}  # "z" is not on offer
        else:
            answer = {"text": rng.choice(["libuv", "the event loop  ", "🎉 emoji", "   ", "x" * 4_001])}
        requests.append((post, member, answer))
    return requests


def _outcome(result: Any) -> tuple[Any, ...]:
    if isinstance(result, DomainError):
        return ("refused", type(result).__name__)
    return ("ack", result.edited, result.streak, str(result.kind))


async def _state(engine: AsyncEngine) -> dict[str, list[tuple[Any, ...]]]:
    """Everything answering writes (a role's seen_at aside: it moves only when roles change)."""
    async with engine.connect() as connection:
        answers = await connection.execute(
            select(
                _ANSWERS.c.post_id,
                _ANSWERS.c.member_id,
                _ANSWERS.c.guild_id,
                _ANSWERS.c.text,
                _ANSWERS.c.choice,
                _ANSWERS.c.streak_at_answer,
                _ANSWERS.c.created_at,
                _ANSWERS.c.updated_at,
            )
        )
        streaks = await connection.execute(select(_STREAKS))
        roles = await connection.execute(select(_ROLES.c.guild_id, _ROLES.c.member_id, _ROLES.c.role_id))
        return {
            "answers": sorted(tuple(r) for r in answers),
            "streaks": sorted(tuple(r) for r in streaks),
            "roles": sorted(tuple(r) for r in roles),
        }


async def _forget_answers(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        for table in (_ANSWERS, _STREAKS, _ROLES):
            await connection.execute(delete(table))


@asynccontextmanager
async def _counting_commits(engine: AsyncEngine) -> AsyncIterator[list[int]]:
    commits: list[int] = []

    def count(_connection: Any) -> None:
        commits.append(1)

    event.listen(engine.sync_engine, "commit", count)
    try:
        yield commits
    finally:
        event.remove(engine.sync_engine, "commit", count)


async def test_answers_submitted_all_at_once_end_exactly_as_answers_submitted_one_by_one(engine, posts):
    requests = _requests(posts)
    uow_factory = make_uow_factory(engine)

    one_by_one = Answers(uow_factory, TickingClock(T0))
    async with _counting_commits(engine) as commits:
        sequential = []
        for post_id, member, answer in requests:
            try:
                sequential.append(await one_by_one.submit(post_id, member, **answer))
            except DomainError as error:
                sequential.append(error)
    sequential_commits = len(commits)
    expected = await _state(engine)

    await _forget_answers(engine)
    at_once = Answers(uow_factory, TickingClock(T0))
    async with _counting_commits(engine) as commits:
        concurrent = await asyncio.gather(
            *(at_once.submit(post_id, member, **answer) for post_id, member, answer in requests),
            return_exceptions=True,
        )
    got = await _state(engine)

    outcomes = [_outcome(r) for r in concurrent]
    assert outcomes == [_outcome(r) for r in sequential]
    assert got == expected
    # The mix exercised every path: first answers, edits, streaks of 2, and each refusal.
    kinds = {o if o[0] == "refused" else ("ack", o[1], o[2] > 1) for o in outcomes}
    assert {
        ("ack", False, False),
        ("ack", True, False),
        ("ack", False, True),
        ("refused", "QuestionClosed"),
        ("refused", "UnknownPost"),
        ("refused", "InvalidChoice"),
        ("refused", "EmptyAnswer"),
        ("refused", "AnswerTooLong"),
    } <= kinds
    assert len(expected["answers"]) > 100
    # One unit of work per batch of up to MAX_BATCH instead of one per answer.
    assert len(commits) == -(-len(requests) // MAX_BATCH)
    assert sequential_commits == sum(o[0] == "ack" for o in outcomes)  # a refusal writes nothing


@asynccontextmanager
async def _database_held(url: str, post_id: int) -> AsyncIterator[None]:
    """Another writer holds what answering needs: SQLite's write lock, or PostgreSQL's post row."""
    path = sqlite_file(url)
    if path is not None:
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            other.execute("ROLLBACK")
            other.close()
        return
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(dsn)
    try:
        async with connection.transaction():
            await connection.execute("SELECT 1 FROM posts WHERE id = $1 FOR UPDATE", post_id)
            yield
    finally:
        await connection.close()


async def test_a_busy_database_fails_the_whole_batch_with_try_again_and_the_retry_is_written(
    db_url, engine, posts
):
    busy_engine = create_engine(db_url, busy_timeout_ms=100)
    try:
        answers = Answers(make_uow_factory(busy_engine), TickingClock(T0))
        members = [MemberRef(GUILD, n, (7,)) for n in range(1, 6)]
        submissions = [(posts.monday, m, {"text": f"answer {m.member_id}"}) for m in members]
        submissions.append((posts.tuesday, members[0], {"choice": "z"}))  # invalid, and busy first
        async with _database_held(db_url, posts.monday):
            results = await asyncio.gather(
                *(answers.submit(p, m, **a) for p, m, a in submissions), return_exceptions=True
            )
        assert [type(r) for r in results] == [TryAgain] * len(submissions)
        assert all("try again" in str(r) for r in results)
        assert await _state(engine) == {"answers": [], "streaks": [], "roles": []}

        acks = await asyncio.gather(*(answers.submit(p, m, **a) for p, m, a in submissions[:-1]))
        assert [(a.edited, a.streak) for a in acks] == [(False, 1)] * len(members)
        state = await _state(engine)
        assert [(r[1], r[3]) for r in state["answers"]] == [
            (m.member_id, f"answer {m.member_id}") for m in members
        ]
        assert [(r[0], r[1], r[2]) for r in state["roles"]] == [(GUILD, m.member_id, 7) for m in members]
    finally:
        await busy_engine.dispose()


_REFUSING_TRIGGER = {
    "sqlite": (
        "CREATE TRIGGER refuse_666 BEFORE INSERT ON answers WHEN NEW.member_id = 666 "
        "BEGIN SELECT RAISE(ABORT, 'refused by a trigger'); END",
    ),
    "postgresql": (
        "CREATE FUNCTION refuse_666() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "IF NEW.member_id = 666 THEN RAISE EXCEPTION 'refused by a trigger'; END IF; RETURN NEW; END $$",
        "CREATE TRIGGER refuse_666 BEFORE INSERT ON answers FOR EACH ROW EXECUTE FUNCTION refuse_666()",
    ),
}
_DROP_TRIGGER = {
    "sqlite": ("DROP TRIGGER refuse_666",),
    # The PostgreSQL database outlives the test (it is only truncated): leave no trigger behind.
    "postgresql": ("DROP TRIGGER refuse_666 ON answers", "DROP FUNCTION refuse_666()"),
}


@asynccontextmanager
async def _refusing_member_666(engine: AsyncEngine) -> AsyncIterator[None]:
    """The database itself refuses any answer of member 666 (as it would a value it cannot store)."""
    dialect = engine.dialect.name
    async with engine.begin() as connection:
        for statement in _REFUSING_TRIGGER[dialect]:
            await connection.exec_driver_sql(statement)
    try:
        yield
    finally:
        async with engine.begin() as connection:
            for statement in _DROP_TRIGGER[dialect]:
                await connection.exec_driver_sql(statement)


async def test_one_answer_the_database_refuses_fails_alone_and_the_rest_of_its_batch_is_saved(engine, posts):
    answers = Answers(make_uow_factory(engine), TickingClock(T0))
    fine = [MemberRef(GUILD, n, (7,)) for n in (1, 2, 3)]
    refused = MemberRef(GUILD, 666, (7,))
    async with _refusing_member_666(engine), _counting_commits(engine) as commits:
        # All four are queued before the writer runs: one batch, with the bad one in the middle.
        results = await asyncio.gather(
            answers.submit(posts.monday, fine[0], text="libuv"),
            answers.submit(posts.monday, refused, text="libuv"),
            answers.submit(posts.monday, fine[1], text="the event loop"),
            answers.submit(posts.tuesday, fine[2], choice="B"),
            return_exceptions=True,
        )
        assert len(commits) == 3  # the batch failed as a whole; then each fine answer alone
        assert isinstance(results[1], AnswerNotSaved)
        assert "could not be saved" in str(results[1])
        assert [(r.edited, r.streak) for r in (results[0], results[2], results[3])] == [(False, 1)] * 3
        state = await _state(engine)
        assert [(r[0], r[1], r[3], r[4]) for r in state["answers"]] == [
            (posts.monday, 1, "libuv", None),
            (posts.monday, 2, "the event loop", None),
            (posts.tuesday, 3, None, "B"),
        ]
        assert [r[1] for r in state["streaks"]] == [1, 2, 3]
        assert [r[1] for r in state["roles"]] == [1, 2, 3]

        # The writer goes on: later answers, and the refused member's next try, are handled as usual.
        ack = await answers.submit(posts.monday, fine[0], text="libuv, edited")
        assert ack.edited
        with pytest.raises(AnswerNotSaved):
            await answers.submit(posts.monday, refused, text="again")


async def test_a_caller_that_stops_waiting_before_its_batch_is_written_leaves_no_answer(engine, posts):
    answers = Answers(make_uow_factory(engine), TickingClock(T0))
    tasks = [
        asyncio.create_task(answers.submit(posts.monday, MemberRef(GUILD, n), text=f"answer {n}"))
        for n in (1, 2, 3)
    ]
    await asyncio.sleep(0)  # all three are queued; the writer has not run yet
    tasks[1].cancel()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    assert isinstance(results[1], asyncio.CancelledError)
    assert [r.edited for r in (results[0], results[2])] == [False, False]
    assert [r[1] for r in (await _state(engine))["answers"]] == [1, 3]


async def test_closing_waits_for_queued_answers_and_cancelling_it_fails_them_without_a_hang(engine, posts):
    answers = Answers(make_uow_factory(engine), TickingClock(T0))
    queued = [
        asyncio.create_task(answers.submit(posts.monday, MemberRef(GUILD, n), text="libuv")) for n in (1, 2)
    ]
    await asyncio.sleep(0)
    await answers.aclose()
    assert [t.result().edited for t in queued] == [False, False]

    doomed = [
        asyncio.create_task(answers.submit(posts.monday, MemberRef(GUILD, n), text="libuv")) for n in (3, 4)
    ]
    await asyncio.sleep(0)
    closing = asyncio.create_task(answers.aclose())
    await asyncio.sleep(0)
    closing.cancel()  # a shutdown that would not wait: the writer is cancelled mid-batch
    results = await asyncio.wait_for(asyncio.gather(*doomed, closing, return_exceptions=True), timeout=10)
    assert all(isinstance(r, asyncio.CancelledError) for r in results)
    assert [r[1] for r in (await _state(engine))["answers"]] == [1, 2]

    ack = await answers.submit(posts.monday, MemberRef(GUILD, 3), text="libuv")  # a new writer starts
    assert (ack.edited, ack.streak) == (False, 1)
