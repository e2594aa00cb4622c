"""The set-based reads and writes behind group commit of answers, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta

import asyncpg
import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from bot.db.engine import create_engine
from bot.db.models import MemberRoleModel
from bot.db.records import PostStatus, StreakRecord
from bot.db.repositories.answers import AnswerWrite
from bot.db.uow import make_uow_factory
from bot.domain.questions import Kind

from .builders import GUILD, OTHER_GUILD, T0, add_questions, create_post, mcq, question

MONDAY = date(2026, 3, 2)
ALICE, BOB, CAROL = 501, 502, 503


@pytest.fixture
async def posts(uow_factory):
    """Monday's open question and Tuesday's multiple choice in GUILD, and a day without a question."""
    await add_questions(uow_factory, question("qa40-000001"), mcq("qa40-000002"))
    async with uow_factory() as uow:
        monday = await create_post(uow)
        tuesday = await create_post(uow, day=MONDAY + timedelta(days=1), question_id="qa40-000002")
        skipped = await uow.posts.create_skipped(
            guild_id=GUILD,
            local_date=MONDAY + timedelta(days=2),
            channel_id=1,
            scheduled_for=T0,
            reveal_at=T0 + timedelta(days=3),
            nonce="skipped",
            reason="no question left",
            now=T0,
        )
        await uow.commit()
    assert skipped is not None
    return monday, tuesday, skipped


async def test_posts_for_answers_come_with_their_questions_and_unknown_ids_are_left_out(uow_factory, posts):
    monday, tuesday, skipped = posts
    async with uow_factory() as uow:
        found = await uow.posts.for_answers(
            [tuesday.id, monday.id, skipped.id, 999_999, monday.id], lock=True
        )
    assert sorted(found) == sorted([monday.id, tuesday.id, skipped.id])
    assert found[monday.id].post == monday
    assert found[monday.id].question is not None
    assert found[monday.id].question.kind == Kind.OPEN
    question = found[tuesday.id].question
    assert question is not None
    assert (question.id, question.kind) == ("qa40-000002", Kind.MCQ)
    assert [c.key for c in question.choices] == ["A", "B"]
    assert found[skipped.id].post.status == PostStatus.SKIPPED
    assert found[skipped.id].question is None


@pytest.mark.postgres
async def test_posts_read_for_answers_are_share_locked_until_the_unit_of_work_ends(postgres_url):
    engine = create_engine(postgres_url)
    dsn = make_url(postgres_url).set(drivername="postgresql").render_as_string(hide_password=False)
    other = await asyncpg.connect(dsn)
    try:
        uow_factory = make_uow_factory(engine)
        await add_questions(uow_factory)
        async with uow_factory() as uow:
            post = await create_post(uow)
            await uow.commit()

        async def can_lock_for_update() -> bool:
            try:
                async with other.transaction():
                    await other.execute("SELECT 1 FROM posts WHERE id = $1 FOR UPDATE NOWAIT", post.id)
            except asyncpg.LockNotAvailableError:
                return False
            return True

        async with uow_factory() as uow:
            await uow.posts.for_answers([post.id], lock=True)
            locked_while_open = not await can_lock_for_update()
            # A share lock lets others read and share-lock the post (more answers), only not change it.
            async with other.transaction():
                shared = await other.fetchval("SELECT id FROM posts WHERE id = $1 FOR SHARE NOWAIT", post.id)
        assert locked_while_open
        assert shared == post.id
        assert await can_lock_for_update()
        async with uow_factory() as uow:
            await uow.posts.for_answers([post.id])
            assert await can_lock_for_update()
    finally:
        await other.close()
        await engine.dispose()


async def test_streaks_at_answer_give_exactly_the_pairs_already_answered(uow_factory, posts):
    monday, tuesday, _ = posts
    async with uow_factory() as uow:
        await uow.answers.upsert(monday.id, GUILD, ALICE, text="a", streak_at_answer=3, now=T0)
        await uow.answers.upsert(tuesday.id, GUILD, BOB, choice="A", streak_at_answer=5, now=T0)
        await uow.answers.upsert(monday.id, GUILD, BOB, text="b", streak_at_answer=4, now=T0)
        await uow.commit()
    async with uow_factory() as uow:
        # (monday, BOB) is answered but not asked for; (tuesday, ALICE) is asked for but not answered.
        found = await uow.answers.streaks_at_answer(
            [(monday.id, ALICE), (tuesday.id, ALICE), (tuesday.id, BOB), (tuesday.id, BOB)]
        )
        nothing = await uow.answers.streaks_at_answer([])
    assert found == {(monday.id, ALICE): 3, (tuesday.id, BOB): 5}
    assert nothing == {}


async def test_upserting_many_answers_ends_as_upserting_them_one_by_one(uow_factory, posts):
    monday, tuesday, _ = posts
    at = [T0 + timedelta(minutes=n) for n in range(6)]
    earlier = (monday.id, GUILD, ALICE)
    writes = [
        AnswerWrite(*earlier, text="second try", choice=None, streak_at_answer=9, at=at[1]),
        AnswerWrite(tuesday.id, GUILD, BOB, text=None, choice="A", streak_at_answer=2, at=at[2]),
        AnswerWrite(
            monday.id, GUILD, CAROL, text="🎉 as typed  \n", choice=None, streak_at_answer=1, at=at[3]
        ),
        AnswerWrite(tuesday.id, GUILD, BOB, text=None, choice="B", streak_at_answer=7, at=at[4]),
        AnswerWrite(*earlier, text="third try", choice=None, streak_at_answer=8, at=at[5]),
    ]

    async def stored(uow):
        answers = [*await uow.answers.list_for_post(monday.id), *await uow.answers.list_for_post(tuesday.id)]
        return sorted(
            (a.post_id, a.member_id, a.text, a.choice, a.streak_at_answer, a.created_at, a.updated_at)
            for a in answers
        )

    async with uow_factory() as uow:
        await uow.answers.upsert(*earlier, text="first try", streak_at_answer=4, now=at[0])
        await uow.commit()
    async with uow_factory() as uow:
        for w in writes:
            await uow.answers.upsert(
                w.post_id, w.guild_id, w.member_id, text=w.text, choice=w.choice,
                streak_at_answer=w.streak_at_answer, now=w.at,
            )  # fmt: skip
        one_by_one = await stored(uow)
        await uow.rollback()
    async with uow_factory() as uow:
        await uow.answers.upsert_many(writes)
        await uow.commit()
    async with uow_factory() as uow:
        many = await stored(uow)
    assert many == one_by_one
    assert many == [
        (monday.id, ALICE, "third try", None, 4, at[0], at[5]),  # an edit keeps the first time and streak
        (monday.id, CAROL, "🎉 as typed  \n", None, 1, at[3], at[3]),
        (tuesday.id, BOB, None, "B", 2, at[2], at[4]),  # edited within the same batch
    ]


async def test_streaks_are_read_and_saved_for_many_members_at_once(uow_factory):
    async with uow_factory() as uow:
        await uow.streaks.save(StreakRecord(GUILD, ALICE, 3, 5, MONDAY))
        await uow.streaks.save(StreakRecord(OTHER_GUILD, BOB, 1, 1, MONDAY))
        await uow.commit()
    async with uow_factory() as uow:
        # BOB has a streak in OTHER_GUILD only; asking for (GUILD, BOB) must not bring it.
        found = await uow.streaks.get_many([(GUILD, ALICE), (GUILD, BOB), (OTHER_GUILD, CAROL)])
        await uow.streaks.save_many(
            [
                StreakRecord(GUILD, ALICE, 4, 5, MONDAY + timedelta(days=1)),
                StreakRecord(GUILD, CAROL, 1, 1, MONDAY),
                StreakRecord(GUILD, CAROL, 2, 2, MONDAY + timedelta(days=1)),  # the last one wins
            ]
        )
        await uow.commit()
    async with uow_factory() as uow:
        after = await uow.streaks.get_many([(GUILD, ALICE), (GUILD, CAROL), (OTHER_GUILD, BOB)])
    assert found == {(GUILD, ALICE): StreakRecord(GUILD, ALICE, 3, 5, MONDAY)}
    assert after == {
        (GUILD, ALICE): StreakRecord(GUILD, ALICE, 4, 5, MONDAY + timedelta(days=1)),
        (GUILD, CAROL): StreakRecord(GUILD, CAROL, 2, 2, MONDAY + timedelta(days=1)),
        (OTHER_GUILD, BOB): StreakRecord(OTHER_GUILD, BOB, 1, 1, MONDAY),
    }


async def test_recording_many_members_roles_replaces_each_members_set_and_touches_only_changes(
    engine, uow_factory
):
    later = T0 + timedelta(hours=1)
    async with uow_factory() as uow:
        await uow.roles.record(GUILD, ALICE, [1, 2], T0)
        await uow.roles.record(GUILD, BOB, [1], T0)
        await uow.roles.record(GUILD, CAROL, [5], T0)
        await uow.roles.record(OTHER_GUILD, ALICE, [1, 9], T0)  # another server: not in the batch
        await uow.commit()
    async with uow_factory() as uow:
        await uow.roles.record_many(
            {(GUILD, ALICE): (2, 3), (GUILD, BOB): (1,), (GUILD, CAROL): (), (GUILD, 504): (1, 1, 4)},
            later,
        )
        await uow.commit()
    async with uow_factory() as uow:
        roles = {
            (guild, member): await uow.roles.roles_of(guild, member)
            for guild, member in [
                (GUILD, ALICE),
                (GUILD, BOB),
                (GUILD, CAROL),
                (GUILD, 504),
                (OTHER_GUILD, ALICE),
            ]
        }
        with_role_one = await uow.roles.members_with_role(GUILD, 1)
    assert roles == {
        (GUILD, ALICE): {2, 3},
        (GUILD, BOB): {1},
        (GUILD, CAROL): set(),
        (GUILD, 504): {1, 4},
        (OTHER_GUILD, ALICE): {1, 9},
    }
    assert with_role_one == [BOB, 504]
    r = MemberRoleModel.__table__
    async with engine.connect() as connection:  # seen_at has no reader of its own
        seen = dict(
            (
                await connection.execute(
                    select(r.c.role_id, r.c.seen_at).where(r.c.guild_id == GUILD, r.c.member_id == ALICE)
                )
            ).all()
        )
    assert seen == {2: T0, 3: later}  # the role kept was not rewritten; the new one was seen now
