"""The queries behind the embargo on today's question: what is still unrevealed, near-duplicates, due cards."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import update

from bot.db.models import PostModel
from bot.db.records import PostStatus, ReviewCardRecord

from .builders import GUILD, OTHER_GUILD, T0, add_questions, create_post, question

DAY = date(2026, 3, 2)
STATUSES = (PostStatus.PENDING, PostStatus.SENT, PostStatus.REVEALED, PostStatus.FAILED, PostStatus.SKIPPED)


async def test_only_posts_not_revealed_yet_hold_their_question(engine, uow_factory):
    ids = [f"qa40-00e00{n}" for n in range(len(STATUSES))]
    await add_questions(uow_factory, *(question(i) for i in ids))
    async with uow_factory() as uow:
        posts = [
            await create_post(
                uow, day=DAY + timedelta(days=n), question_id=qid, scheduled_for=T0 + timedelta(days=n)
            )
            for n, qid in enumerate(ids)
        ]
        await create_post(uow, guild_id=OTHER_GUILD, question_id=ids[4])
        await uow.commit()
    posts_table = PostModel.__table__
    async with engine.begin() as connection:
        for post, status in zip(posts, STATUSES, strict=True):
            await connection.execute(
                update(posts_table).where(posts_table.c.id == post.id).values(status=status)
            )

    async with uow_factory() as uow:
        held = await uow.posts.unrevealed_questions(GUILD)

    # Pending (created, about to be sent) and sent are held until their reveal, whenever that is.
    assert held == {ids[0]: T0 + timedelta(hours=23), ids[1]: T0 + timedelta(days=1, hours=23)}


async def test_near_duplicates_are_found_among_the_questions_the_server_can_see(uow_factory):
    await add_questions(
        uow_factory,
        question("qa40-00e101", group="event-loop"),
        question("qa41-00e102", group="event-loop"),
        question("qa40-00e103", group="streams"),
        question("qa40-00e104"),
    )
    await add_questions(uow_factory, question("g1-00e105", group="event-loop"), guild_id=GUILD)
    await add_questions(uow_factory, question("g2-00e106", group="event-loop"), guild_id=OTHER_GUILD)
    async with uow_factory() as uow:
        await uow.questions.retire_missing(
            ["qa40-00e101", "qa40-00e103", "qa40-00e104"], guild_id=None, now=T0
        )
        await uow.commit()

    async with uow_factory() as uow:
        found = await uow.questions.ids_in_groups(GUILD, ["event-loop"])
        none = await uow.questions.ids_in_groups(GUILD, [])

    # A retired near-duplicate is found too: an old button can still show its answer.
    assert found == {"qa40-00e101", "qa41-00e102", "g1-00e105"}
    assert none == set()


async def test_due_cards_leave_out_the_questions_held_back(uow_factory):
    await add_questions(
        uow_factory, question("qa40-00e201"), question("qa40-00e202"), question("qa40-00e203")
    )
    async with uow_factory() as uow:
        for n, qid in enumerate(("qa40-00e201", "qa40-00e202", "qa40-00e203")):
            await uow.reviews.save_card(
                ReviewCardRecord(GUILD, 7, qid, card={}, due=T0 + timedelta(minutes=n), last_review=None)
            )
        await uow.commit()

    async with uow_factory() as uow:
        now = T0 + timedelta(hours=1)
        every = await uow.reviews.due(GUILD, 7, now)
        held = await uow.reviews.due(GUILD, 7, now, excluding={"qa40-00e201", "qa40-00e203"})

    assert [c.question_id for c in every] == ["qa40-00e201", "qa40-00e202", "qa40-00e203"]
    assert [c.question_id for c in held] == ["qa40-00e202"]
