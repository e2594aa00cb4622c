"""Moderators review open answers; members ask for reviews and share their answers (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.db.engine import create_engine
from bot.domain.errors import DomainError
from bot.domain.periods import EPOCH_DAY
from bot.domain.scoring import OPEN_MAX, PARTICIPATION
from bot.services.daily_errors import NothingToGrade
from bot.services.members import MemberRef
from bot.services.moderation import (
    AlreadyBest,
    AlreadyRequested,
    AlreadyShared,
    Moderation,
    Moderator,
    NotAModerator,
    NoteTooLong,
    NotRevealed,
    OnlyOpenAnswers,
    ReasonNeeded,
)
from tests.db.builders import CHANNEL, GUILD

from .daily_world import make_world
from .test_daily_cycle import ALICE, BOB, CAROL, CHOICE, MONDAY_0800_BERLIN, OPEN, TUESDAY_REVEAL, monday_post

MOD = Moderator(MemberRef(GUILD, 99), manage_messages=True)
REVIEWER_ROLE = 555
HALF = OPEN_MAX // 2


async def revealed_day(engine, *, open_question: bool = True):
    """Monday's post answered (alice covers both key points, bob one, carol nothing), revealed Tuesday."""
    world = make_world(engine, MONDAY_0800_BERLIN)
    await world.load(OPEN, CHOICE)
    await world.setup(topics=["node-core-runtime" if open_question else "databases"])
    discord, post = await monday_post(world)
    if open_question:
        await world.answers.submit(
            post.post_id, ALICE, text="The event loop runs callbacks; libuv does the I/O."
        )
        await world.answers.submit(post.post_id, BOB, text="libuv")
    else:
        await world.answers.submit(post.post_id, ALICE, choice="B")
    moderation = Moderation(world.uow_factory, world.clock)
    return world, discord, post, moderation


async def reveal(world, discord) -> None:
    world.clock.set(TUESDAY_REVEAL)
    await discord.round()
    world.clock.advance(timedelta(hours=1))


async def test_a_review_changes_the_base_the_ledger_and_the_members_result(engine):
    world, discord, post, moderation = await revealed_day(engine)
    with pytest.raises(NotRevealed):
        await moderation.request_review(post.post_id, BOB, "I said libuv")
    await reveal(world, discord)
    before = await world.answers.result(post.post_id, BOB)
    assert before.points == HALF + PARTICIPATION
    assert before.review is None

    await moderation.request_review(post.post_id, BOB, "  I did mention the event loop, in spirit.  ")
    with pytest.raises(AlreadyRequested):
        await moderation.request_review(post.post_id, BOB, None)
    page = await moderation.queue(MOD)
    assert page.total == 1
    assert page.item is not None
    assert (page.item.member_id, page.item.base, page.item.text) == (BOB.member_id, HALF, "libuv")
    assert page.item.note == "I did mention the event loop, in spirit."
    assert page.item.question.id == OPEN.id

    decision = await moderation.set_score(page.item.review_id, MOD, 8, "Fair point; libuv is the core.")
    assert (decision.old_base, decision.new_base, decision.changed) == (HALF, 8, True)
    assert (decision.old_points, decision.new_points) == (HALF + PARTICIPATION, 8 + PARTICIPATION)
    after = await world.answers.result(post.post_id, BOB)
    assert after.points == 8 + PARTICIPATION
    assert after.review is not None
    assert (after.review.status, after.review.auto_base, after.review.new_base) == ("changed", HALF, 8)
    assert (after.review.moderator_id, after.review.reason) == (
        MOD.member.member_id,
        "Fair point; libuv is the core.",
    )
    events, totals = await world.score_sums()
    assert totals == events
    assert totals[BOB.member_id] == 8 + PARTICIPATION
    assert (await moderation.queue(MOD)).item is None  # decided: off the queue

    # A second decision replaces the first; the automatic grade stays what it was.
    again = await moderation.set_score(page.item.review_id, MOD, 3, "On reflection, too thin.")
    assert (again.old_base, again.new_base) == (8, 3)
    events, totals = await world.score_sums()
    assert totals == events
    assert totals[BOB.member_id] == 3 + PARTICIPATION
    review = (await world.answers.result(post.post_id, BOB)).review
    assert review is not None
    assert (review.auto_base, review.new_base) == (HALF, 3)
    async with world.uow_factory() as uow:
        stats = await uow.scores.rank_of(GUILD, BOB.member_id, "all", EPOCH_DAY)
    assert stats is not None
    assert stats.answers == 1


async def test_keeping_the_score_closes_the_request_with_a_reason_and_changes_nothing(engine):
    world, discord, post, moderation = await revealed_day(engine)
    await reveal(world, discord)
    await moderation.request_review(post.post_id, BOB, None)
    page = await moderation.queue(MOD)
    assert page.item is not None
    with pytest.raises(ReasonNeeded):
        await moderation.keep_score(page.item.review_id, MOD, "   ")
    decision = await moderation.keep_score(page.item.review_id, MOD, "The answer names libuv only.")
    assert (decision.changed, decision.new_base) == (False, HALF)
    result = await world.answers.result(post.post_id, BOB)
    assert result.points == HALF + PARTICIPATION
    assert result.review is not None
    assert result.review.status == "kept"
    assert (await moderation.queue(MOD)).total == 0


async def test_only_moderators_or_the_reviewer_role_may_review(engine):
    world, discord, post, moderation = await revealed_day(engine)
    await reveal(world, discord)
    await moderation.request_review(post.post_id, BOB, None)
    member = Moderator(MemberRef(GUILD, 42, (REVIEWER_ROLE,)), manage_messages=False)
    with pytest.raises(NotAModerator):
        await moderation.queue(member)
    review_id = (await moderation.queue(MOD)).item.review_id  # type: ignore[union-attr]
    with pytest.raises(NotAModerator):
        await moderation.set_score(review_id, member, 10, "I like it")
    with pytest.raises(NotAModerator):  # nor can the member review themselves
        await moderation.set_score(review_id, Moderator(BOB, manage_messages=False), 10, "mine")
    await moderation.set_reviewer_role(GUILD, REVIEWER_ROLE)
    assert (await moderation.queue(member)).total == 1
    await moderation.set_score(review_id, member, 6, "Reviewer role")
    assert (await world.answers.result(post.post_id, BOB)).points == 6 + PARTICIPATION


async def test_review_requests_and_scores_are_checked(engine):
    world, discord, post, moderation = await revealed_day(engine)
    await reveal(world, discord)
    with pytest.raises(NothingToGrade):
        await moderation.request_review(post.post_id, CAROL, None)
    with pytest.raises(NoteTooLong):
        await moderation.request_review(post.post_id, BOB, "x" * 501)
    await moderation.request_review(post.post_id, BOB, "x" * 500)
    review_id = (await moderation.queue(MOD)).item.review_id  # type: ignore[union-attr]
    for score in (-1, OPEN_MAX + 1):
        with pytest.raises(DomainError):
            await moderation.set_score(review_id, MOD, score, "out of range")
    other_guild = Moderator(MemberRef(GUILD + 1, 99), manage_messages=True)
    with pytest.raises(DomainError):
        await moderation.set_score(review_id, other_guild, 9, "not my server")
    assert (await world.answers.result(post.post_id, BOB)).points == HALF + PARTICIPATION


async def test_multiple_choice_is_neither_reviewed_nor_shared(engine):
    world, discord, post, moderation = await revealed_day(engine, open_question=False)
    await reveal(world, discord)
    with pytest.raises(OnlyOpenAnswers):
        await moderation.request_review(post.post_id, ALICE, None)
    with pytest.raises(OnlyOpenAnswers):
        await moderation.share(post.post_id, ALICE)


async def test_an_answer_is_shared_once_and_only_after_the_reveal(engine):
    world, discord, post, moderation = await revealed_day(engine)
    with pytest.raises(NotRevealed):
        await moderation.share(post.post_id, ALICE)
    await reveal(world, discord)
    shared = await moderation.share(post.post_id, ALICE)
    assert (shared.member_id, shared.channel_id, shared.day_number) == (ALICE.member_id, CHANNEL, 1)
    assert shared.text.startswith("The event loop runs callbacks")
    assert (await world.answers.result(post.post_id, ALICE)).shared
    with pytest.raises(AlreadyShared):
        await moderation.share(post.post_id, ALICE)
    await moderation.unshare(shared.answer_id)  # the message could not be posted
    assert (await moderation.share(post.post_id, ALICE)).answer_id == shared.answer_id


async def test_a_moderator_marks_a_best_answer_of_the_latest_day_once(engine):
    world, discord, _post, moderation = await revealed_day(engine)
    await reveal(world, discord)
    with pytest.raises(NotAModerator):
        await moderation.best_of_latest(Moderator(BOB, manage_messages=False), ALICE.member_id)
    best = await moderation.best_of_latest(MOD, ALICE.member_id)
    assert (best.member_id, best.target_id) == (ALICE.member_id, CHANNEL)
    with pytest.raises(AlreadyBest):
        await moderation.best_of_latest(MOD, ALICE.member_id)
    with pytest.raises(DomainError):
        await moderation.best_of_latest(MOD, CAROL.member_id)  # carol didn't answer


@pytest.mark.postgres
async def test_concurrent_moderator_changes_to_one_answer_count_once(postgres_url):
    """Ten moderators press Set score at once: the answer's row lock makes the total move once."""
    engine = create_engine(postgres_url)
    try:
        world, discord, post, moderation = await revealed_day(engine)
        await reveal(world, discord)
        await moderation.request_review(post.post_id, BOB, None)
        review_id = (await moderation.queue(MOD)).item.review_id  # type: ignore[union-attr]
        decisions = await asyncio.gather(
            *(moderation.set_score(review_id, MOD, 9, f"moderator {i}") for i in range(10))
        )
        assert sum(d.changed for d in decisions) == 1
        events, totals = await world.score_sums()
        assert totals == events
        assert totals[BOB.member_id] == 9 + PARTICIPATION
        result = await world.answers.result(post.post_id, BOB)
        assert result.points == 9 + PARTICIPATION
        assert result.review is not None
        assert (result.review.auto_base, result.review.status) == (
            HALF,
            "changed",
        )
    finally:
        await engine.dispose()
