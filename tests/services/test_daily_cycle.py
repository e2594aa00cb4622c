"""A day in a server's life, end to end: post at 09:00 Berlin, answers, reveal, points, results."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.domain.errors import AnswerTooLong, EmptyAnswer, InvalidChoice, QuestionClosed, UnknownPost
from bot.domain.questions import Kind
from bot.domain.scoring import MCQ_CORRECT, OPEN_MAX, PARTICIPATION
from bot.services.daily_errors import NotRevealedYet
from bot.services.daily_sends import PostToSend
from bot.services.members import MemberRef
from tests.db.builders import GUILD, OTHER_GUILD, mcq, question

from .daily_world import DiscordStandIn, make_world

MONDAY_0800_BERLIN = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
MONDAY_POST = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # 09:00 CET
TUESDAY_REVEAL = datetime(2026, 3, 3, 7, 45, tzinfo=UTC)  # 15 minutes before Tuesday's post
TUESDAY_POST = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
WEDNESDAY_REVEAL = datetime(2026, 3, 4, 7, 45, tzinfo=UTC)
ALICE, BOB, CAROL, DAVE = (MemberRef(GUILD, m, (77,)) for m in (11, 12, 13, 14))

OPEN = question("qa40-0000a1", topic="node-core-runtime", key_points=("event loop", "libuv"))
CHOICE = mcq("qa40-0000b1", topic="databases")  # A "one", B "two"; B is right


@pytest.fixture
async def world(engine):
    world = make_world(engine, MONDAY_0800_BERLIN)
    await world.load(OPEN, CHOICE)
    # Monday asks about the runtime (the open question) ...
    await world.setup(topics=["node-core-runtime"])
    return world


async def monday_post(world) -> tuple[DiscordStandIn, PostToSend]:
    """Monday at 09:00 in Berlin, after the reconcile round: the stand-in and the post it sent."""
    discord = DiscordStandIn(world.daily, world.clock)
    world.clock.set(MONDAY_POST)
    await discord.round()
    [(_, post)] = discord.sent
    return discord, post


async def test_a_day_posts_once_takes_answers_until_the_reveal_and_scores_them_there(world):
    discord = DiscordStandIn(world.daily, world.clock)
    await discord.round()
    assert discord.sent == []  # 08:00 in Berlin: not yet

    world.clock.set(MONDAY_POST)
    await discord.round()
    await discord.round()  # the next minute's reconcile finds nothing new
    [(sent_at, post)] = discord.sent
    assert (sent_at, post.question.id, post.day_number, post.local_date) == (
        MONDAY_POST,
        OPEN.id,
        1,
        date(2026, 3, 2),
    )
    assert post.reveal_at == TUESDAY_REVEAL
    assert len(post.nonce) <= 25

    typed = "  The event loop runs callbacks; libuv provides it.\n"
    first = await world.answers.submit(post.post_id, ALICE, text=typed)
    assert (first.edited, first.streak, first.reveal_at, first.kind) == (False, 1, TUESDAY_REVEAL, Kind.OPEN)
    await world.answers.submit(post.post_id, BOB, text="no idea")
    world.clock.advance(timedelta(hours=3))
    edit = await world.answers.submit(post.post_id, BOB, text="libuv does the I/O")
    assert edit.edited
    assert await world.answers.current_answer(post.post_id, ALICE) == typed  # exactly as typed
    assert await world.answers.current_answer(post.post_id, CAROL) is None
    with pytest.raises(EmptyAnswer):
        await world.answers.submit(post.post_id, CAROL, text="   \n ")
    with pytest.raises(AnswerTooLong):
        await world.answers.submit(post.post_id, CAROL, text="x" * 4_001)
    with pytest.raises(UnknownPost):
        await world.answers.submit(post.post_id, MemberRef(OTHER_GUILD, 99), text="wrong server")
    with pytest.raises(NotRevealedYet, match="08:45 on 3 March"):
        await world.answers.result(post.post_id, ALICE)

    world.clock.set(TUESDAY_REVEAL - timedelta(seconds=1))
    await discord.round()
    assert discord.revealed == []
    world.clock.set(TUESDAY_REVEAL)
    with pytest.raises(QuestionClosed):
        await world.answers.submit(post.post_id, DAVE, text="too late")
    with pytest.raises(QuestionClosed):
        await world.answers.current_answer(post.post_id, ALICE)
    await discord.round()
    [(_, reveal)] = discord.revealed
    assert (reveal.post_id, reveal.answer_count, reveal.correct_count) == (post.post_id, 2, None)

    alice = await world.answers.result(post.post_id, ALICE)
    bob = await world.answers.result(post.post_id, BOB)
    dave = await world.answers.result(post.post_id, DAVE)
    assert (alice.points, alice.hits, alice.misses, alice.text) == (
        OPEN_MAX + PARTICIPATION,
        ("event loop", "libuv"),
        (),
        typed,
    )
    assert (bob.points, bob.hits, bob.misses, bob.text) == (
        OPEN_MAX // 2 + PARTICIPATION,
        ("libuv",),
        ("event loop",),
        "libuv does the I/O",
    )
    assert not dave.answered
    assert dave.question.short_answer == OPEN.short_answer  # the model answer, all the same
    with pytest.raises(QuestionClosed):
        await world.answers.submit(post.post_id, BOB, text="edited after the reveal")


async def test_two_days_of_open_and_multiple_choice_add_up_on_the_leaderboard(world):
    discord, monday = await monday_post(world)
    await world.answers.submit(monday.post_id, ALICE, text="The event loop, built on libuv.")
    await world.answers.submit(monday.post_id, BOB, text="libuv")
    # ... and from Tuesday on, databases (the multiple-choice question): setup again.
    await world.setup(topics=["Databases"])

    world.clock.set(TUESDAY_POST)
    await discord.round()
    [reveal_monday] = [r for _, r in discord.revealed]
    assert reveal_monday.answer_count == 2
    tuesday = discord.sent[1][1]
    assert (tuesday.question.id, tuesday.day_number) == (CHOICE.id, 2)
    with pytest.raises(InvalidChoice, match="choose A, B"):
        await world.answers.submit(tuesday.post_id, ALICE, choice="Z")
    second_day = await world.answers.submit(tuesday.post_id, ALICE, choice="b")
    assert second_day.streak == 2
    await world.answers.submit(tuesday.post_id, CAROL, choice="A")

    world.clock.set(WEDNESDAY_REVEAL)
    await discord.round()
    reveal_tuesday = discord.revealed[1][1]
    assert (reveal_tuesday.answer_count, reveal_tuesday.correct_count) == (2, 1)
    alice_mcq = await world.answers.result(tuesday.post_id, ALICE)
    assert (alice_mcq.choice, alice_mcq.correct, alice_mcq.points, alice_mcq.streak) == (
        "B",
        True,
        MCQ_CORRECT + PARTICIPATION + 1,  # a 2-day streak earns 1 bonus point
        2,
    )

    events, totals = await world.score_sums()
    assert totals == events
    assert totals == {
        ALICE.member_id: (OPEN_MAX + PARTICIPATION) + (MCQ_CORRECT + PARTICIPATION + 1),
        BOB.member_id: OPEN_MAX // 2 + PARTICIPATION,
        CAROL.member_id: PARTICIPATION,
    }
    # Points count on the question's own local date: Monday's answers on Monday, Tuesday's on Tuesday,
    # although each is revealed the next morning.
    async with world.uow_factory() as uow:
        monday_board = await uow.scores.top(GUILD, "day", date(2026, 3, 2))
        tuesday_board = await uow.scores.top(GUILD, "day", date(2026, 3, 3))
        wednesday_board = await uow.scores.top(GUILD, "day", date(2026, 3, 4))
        roles = await uow.roles.roles_of(GUILD, ALICE.member_id)
    assert {r.member_id: r.points for r in monday_board} == {ALICE.member_id: 11, BOB.member_id: 6}
    assert {r.member_id: r.points for r in tuesday_board} == {ALICE.member_id: 12, CAROL.member_id: 1}
    assert wednesday_board == []
    assert roles == {77}


async def test_many_servers_due_in_the_same_minute_all_get_their_post(engine):
    """create_due works through the servers in small units of work; none is left out or doubled."""
    from bot.services.daily import CREATE_BATCH

    servers = CREATE_BATCH * 2 + 7
    world = make_world(engine, MONDAY_0800_BERLIN)
    await world.load(OPEN, CHOICE)
    for n in range(servers):
        await world.setup(guild_id=GUILD + n)
    world.clock.set(MONDAY_POST)
    created = await world.daily.create_due()
    assert len(created) == servers
    assert await world.daily.create_due() == []
    sends = []
    while batch := await world.daily.claim_sends("one", limit=50):
        sends += batch
        for post in batch:
            await world.daily.mark_sent(post.post_id, "one", message_id=post.post_id, thread_id=None)
    assert sorted(p.guild_id for p in sends) == [GUILD + n for n in range(servers)]
