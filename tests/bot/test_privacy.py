"""/forget-me as members use it: a private warning, then their data goes and everyone else's board stays."""

from datetime import timedelta

import pytest
import simcord
from simcord.actors import _component_interaction

from bot.domain.periods import Period
from bot.domain.questions import Kind
from bot.exts.privacy.embeds import WARNING
from bot.services.leaderboards import Board
from bot.services.members import MemberRef
from tests.sim.harness import Reply, World, advance, click, invoke

from .conftest import MakeQotd, Qotd, only_kind
from .test_daily import set_up
from .test_server_bank import buttons


async def press_as(world: World, member: simcord.MemberActor, reply: Reply, custom_id: str) -> Reply:
    """Send a button press for a message ``member`` cannot see, as a tampered client might.

    simcord (like Discord) refuses clicks on someone else's private message, so
    this goes one level down, to simcord's own component dispatch.
    """
    message = reply.messages[0]
    stored = world.env.backend.get_message(message.channel_id, message.id)
    start = len(world.env.http_requests)
    result = await _component_interaction(member, stored, {"custom_id": custom_id, "component_type": 2})
    return Reply(result, tuple(world.env.http_requests[start:]))


async def scored_day(q: Qotd, role_id: int) -> None:
    """Alice and Bob answer one daily question right (alice with a role) and it is revealed and scored."""
    setup = await invoke(
        q.world,
        q.world.admin,
        q.general,
        "qotd setup",
        channel=q.qotd_channel,
        time="00:10",
        timezone="UTC",
        reveal_after="5m",
    )
    assert "All set" in setup.text, setup.text
    await advance(q.world, timedelta(minutes=11))
    (post,) = await q.services.schedules.history(q.world.guild.id, limit=1)
    right = q.services.bank.get(post.question_id).correct_choice
    guild = q.world.guild.id
    for name, roles in (("alice", (role_id,)), ("bob", ())):
        member = MemberRef(guild, q.world.member(name).id, roles)
        await q.services.answers.submit(post.post_id, member, choice=right)
    await advance(q.world, timedelta(minutes=6))


async def board(q: Qotd) -> Board:
    return await q.services.leaderboards.board(q.world.guild.id, Period.ALL, viewer_id=q.world.admin.id)


@pytest.fixture
async def scored(make_qotd: MakeQotd, full_bank) -> Qotd:
    """A bot whose server has one scored day: alice and bob on the board."""
    q = await make_qotd(bank=only_kind(full_bank, Kind.MCQ))
    await scored_day(q, role_id=q.world.guild.create_role("Night owls").id)
    return q


async def test_forget_me_deletes_my_data_and_leaves_everyone_elses_board_as_it_was(scored: Qotd):
    q = scored
    alice, bob = q.world.member("alice"), q.world.member("bob")
    before = await board(q)
    assert {r.member_id for r in before.rows} == {alice.id, bob.id}
    bobs_row = next(r for r in before.rows if r.member_id == bob.id)

    asked = await invoke(q.world, alice, q.general, "forget-me")
    assert asked.ephemeral
    assert WARNING in asked.text
    assert buttons(asked) == {"Delete my data": False, "Cancel": False}
    assert await board(q) == before  # nothing happens before confirming

    done = await click(q.world, alice, asked.messages[0], label="Delete my data")

    for deleted in (
        "your answer to the question of the day",
        "your points, and your place on every leaderboard",
        "your streak",
        "the roles you had when answering",
    ):
        assert deleted in done.text, deleted
    for internal in ("score record", "leaderboard total", "recorded role", "quiz now kept"):
        assert internal not in done.text, internal  # plain words, not the bot's storage
    assert buttons(done) == {"Delete my data": True, "Cancel": True}
    after = await board(q)
    assert [r.member_id for r in after.rows] == [bob.id]
    (row,) = after.rows
    assert (row.points, row.answers, row.correct, row.reached_at) == (
        bobs_row.points,
        bobs_row.answers,
        bobs_row.correct,
        bobs_row.reached_at,
    )
    assert (await q.services.leaderboards.streak(q.world.guild.id, alice.id)).best == 0
    assert (await q.services.leaderboards.streak(q.world.guild.id, bob.id)).best == 1

    again = await invoke(q.world, alice, q.general, "forget-me")
    nothing = await click(q.world, alice, again.messages[0], label="Delete my data")
    assert "There was nothing stored about you in this server." in nothing.text
    q.check_every_message()


async def test_cancel_keeps_everything_and_nobody_else_can_confirm(scored: Qotd):
    q = scored
    alice, bob = q.world.member("alice"), q.world.member("bob")
    before = await board(q)
    asked = await invoke(q.world, alice, q.general, "forget-me")
    (delete_id,) = [
        c["custom_id"]
        for row in asked.messages[0].components
        for c in row["components"]
        if c["label"] == "Delete my data"
    ]

    with pytest.raises(simcord.SetupError, match="not visible"):  # the confirmation is alice's alone
        await click(q.world, bob, asked.messages[0], label="Delete my data")
    forged = await press_as(q.world, bob, asked, delete_id)
    assert forged.ephemeral
    assert "These buttons belong to the member who asked" in forged.text
    assert await board(q) == before

    kept = await click(q.world, alice, asked.messages[0], label="Cancel")
    assert "Cancelled: nothing was deleted." in kept.text
    assert buttons(kept) == {"Delete my data": True, "Cancel": True}
    assert await board(q) == before
    assert (await q.services.leaderboards.streak(q.world.guild.id, alice.id)).best == 1


async def test_forget_me_takes_an_admins_name_out_of_the_pause_they_made(make_qotd: MakeQotd):
    q = await make_qotd()
    await set_up(q)
    await invoke(q.world, q.world.admin, q.general, "qotd pause")
    before = await invoke(q.world, q.world.admin, q.general, "qotd status")
    assert "paused by admin" in before.text  # the admin's display name

    asked = await invoke(q.world, q.world.admin, q.general, "forget-me")
    done = await click(q.world, q.world.admin, asked.messages[0], label="Delete my data")
    assert "your name in 1 schedule pause you made (it now says “paused by an admin”)" in done.text

    after = await invoke(q.world, q.world.admin, q.general, "qotd status")
    assert "paused by an admin" in after.text
    assert "paused by admin" not in after.text
