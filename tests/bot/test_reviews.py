"""Fair grading as members live it: the leaderboard follows the automatic grade, moderators review, answers are shared on a press."""

from __future__ import annotations

from datetime import timedelta

import discord
import simcord

from tests.sim.harness import advance, bot_messages, click, dm_messages, invoke, submit, thread_of

from .conftest import MakeQotd, Qotd, subset

SQL_INJECTION = "cards24-08753a"  # What is SQL injection, and how do you prevent it? (five key points)

# Graded while writing them with `qotd grade --question cards24-08753a --answer "..."`:
ANSWERS = {
    # A careful, correct explanation: every key point, in sentences (base 10).
    "alice": (
        "SQL injection is when user input is concatenated into a query string, so the input can change "
        "the query the database runs. An attacker can then read or delete data, or bypass a login check. "
        "You prevent it with parameterized queries: the values are sent separately from the query text, "
        "so the database treats them as data. ORMs and query builders parameterize queries for you, and "
        "validating input and using a least-privilege database account limit the damage."
    ),
    # A weak answer: what it is and what it does, no real prevention (a careful interviewer: ~3; base 4).
    "bob": (
        "It's when someone puts SQL code in an input box and the database executes it. Then they can read "
        "or delete data from the database. Not sure how to stop it, maybe escaping quotes?"
    ),
    # A bare list of terms: capped at a small share whatever it names (base 3).
    "carol": "sql injection, user input, query string, parameterized queries, ORM, input validation, "
    "least privilege, attacker, login bypass",
    # The question's prompt pasted back: no evidence of anything (base 0).
    "dave": "What is SQL injection, and how do you prevent it?",
}


async def day_one(make_qotd: MakeQotd, full_bank) -> tuple[Qotd, discord.Message, simcord.MemberActor]:
    """The SQL injection question posted with a discussion thread, answered by all four, revealed at 15:00."""
    q = await make_qotd(
        bank=subset(full_bank, lambda question: question.id == SQL_INJECTION),
        members=("alice", "bob", "carol", "dave"),
    )
    moderators = q.world.guild.create_role(
        "Moderators", permissions=discord.Permissions(manage_messages=True)
    )
    mia = q.world.guild.add_member(q.world.env.create_user("mia"), roles=[moderators])
    await q.world.env.settle()
    reply = await invoke(
        q.world, q.world.admin, q.general, "qotd setup",
        channel=q.qotd_channel, time="09:00", timezone="UTC", reveal_after="6h", thread=True,
    )  # fmt: skip
    assert "All set" in reply.text, reply.text
    await advance(q.world, timedelta(hours=9, minutes=1))
    (post,) = q.posts()
    for name, text in ANSWERS.items():
        member = q.world.member(name)
        form = await click(q.world, member, post, label="Answer")
        saved = await submit(q.world, member, form, {"answer": text})
        assert "Saved your answer" in saved.text, saved.text
    await advance(q.world, timedelta(hours=6))
    return q, post, mia


def reveal_message(q: Qotd) -> discord.Message:
    return next(m for m in q.posts() if m.embeds and m.embeds[0].title == "Answer to question #1")


LAST_BOARD: list[str] = []


async def leaderboard(q: Qotd, viewer: str) -> list[tuple[str, int]]:
    """The all-time board as ``viewer`` sees it: (member name, points), in the order it lists them.

    Each member may ask for a board every 30 seconds, so each look is by a different member.
    """
    reply = await invoke(q.world, q.world.member(viewer), q.general, "leaderboard")
    LAST_BOARD[:] = [reply.embeds[0].description]
    names = {f"<@{q.world.member(name).id}>": name for name in ANSWERS}
    rows = []
    for line in reply.embeds[0].description.splitlines():
        rows += [
            (name, int(line.split("**")[1]))
            for mention, name in names.items()
            if mention in line and "`#" in line
        ]
    return rows


async def test_the_board_follows_the_grade_and_a_moderators_review(make_qotd: MakeQotd, full_bank):
    q, _post, mia = await day_one(make_qotd, full_bank)
    reveal = reveal_message(q)
    board = await leaderboard(q, "alice")
    assert [name for name, _ in board] == ["alice", "bob", "carol", "dave"]
    assert (
        f"<@{q.world.member('alice').id}> · **11** pts · 1 answer · 100% key points covered" in LAST_BOARD[0]
    )
    assert "· 40% key points covered" in LAST_BOARD[0]  # bob: "correct" is a share for open answers
    points = dict(board)
    assert points["alice"] > points["bob"] > points["carol"] >= points["dave"]
    assert points == {"alice": 11, "bob": 5, "carol": 4, "dave": 1}

    # Bob's result shows how his points were made, and offers a review (no self-grading).
    bob = q.world.member("bob")
    mine = await click(q.world, bob, reveal, label="My result")
    assert "Key points covered 2 of 5 → 4" in mine.text
    assert "+ 1 for taking part" in mine.text
    labels = [c["label"] for row in mine.messages[0].components for c in row["components"]]
    assert labels == ["Ask for a review", "Share my answer"]
    form = await click(q.world, bob, mine.messages[0], label="Ask for a review")
    assert form.modal is not None
    assert form.modal.fields["note"].max_length == 500
    asked = await submit(q.world, bob, form, {"note": "I explained what it is and what an attacker can do."})
    assert asked.ephemeral
    assert "Asked for a review" in asked.text

    queue = await invoke(q.world, mia, q.general, "moderate reviews")
    assert queue.ephemeral
    assert "What is SQL injection" in queue.text
    assert "Parameterized queries send user values separately" in queue.text  # the key points
    assert "input box" in queue.text
    assert "what an attacker can do" in queue.text
    assert "4 of 10" in queue.text
    set_form = await click(q.world, mia, queue.messages[0], label="Set score")
    done = await submit(
        q.world,
        mia,
        set_form,
        {"score": "6", "reason": "A clear definition and its impact; prevention is thin."},
    )
    assert "4 → 6" in done.text, done.text
    (dm,) = dm_messages(q.world, bob)
    assert "key-point score 4 → 6 of 10, so the answer now earns 7 points instead of 5" in dm.content
    assert "prevention is thin" in dm.content

    board = await leaderboard(q, "bob")
    assert dict(board)["bob"] == 7, board
    assert "· 60% key points covered" in LAST_BOARD[0]  # the reviewed score's share
    again = await click(q.world, bob, reveal, label="My result")
    assert "Reviewed by a moderator" in again.text
    assert "4 → 6" in again.text
    assert "+ 2 after a moderator's review" in again.text
    assert "prevention is thin" in again.text
    empty = await invoke(q.world, mia, q.general, "moderate reviews")
    assert "No open review requests" in empty.text
    q.check_every_message()


async def test_answers_reach_the_thread_only_on_a_press_and_old_self_grades_change_nothing(
    make_qotd: MakeQotd, full_bank
):
    q, post, mia = await day_one(make_qotd, full_bank)
    reveal = reveal_message(q)
    thread = thread_of(q.world, post)
    alice = q.world.member("alice")
    assert not any("parameterized queries" in m.content for m in bot_messages(q.world, thread))

    mine = await click(q.world, alice, reveal, label="My result")
    shared = await click(q.world, alice, mine.messages[0], label="Share my answer")
    assert shared.ephemeral
    assert "Shared your answer" in shared.text
    (posted,) = [m for m in bot_messages(q.world, thread) if "shared their answer" in m.content]
    assert f"<@{alice.id}>" in posted.content
    assert "least-privilege database account" in posted.content
    twice = await click(q.world, alice, mine.messages[0], label="Share my answer")
    assert "already shared" in twice.text
    assert len([m for m in bot_messages(q.world, thread) if "shared their answer" in m.content]) == 1

    best = await invoke(q.world, mia, q.general, "moderate best-answer", member=alice)
    assert "Posted as a best answer" in best.text, best.text
    (marked,) = [m for m in bot_messages(q.world, thread) if m.content.startswith("🏅 Best answer")]
    assert f"<@{alice.id}>" in marked.content
    assert "```" in marked.content

    # A result shown before self-grading left still has its buttons: pressing one explains and changes nothing.
    dave = q.world.member("dave")
    before = dict(await leaderboard(q, "carol"))["dave"]
    old = discord.ui.View(timeout=None)
    for grade in ("nailed", "partly", "missed"):
        old.add_item(discord.ui.Button(label=grade, custom_id=f"qotd:grade:{post.id}:{grade}"))
    channel = q.bot.get_channel(q.qotd_channel.id)
    legacy = await channel.send("An old result", view=old)
    await q.world.env.settle()
    legacy = next(m for m in q.posts() if m.id == legacy.id)
    pressed = await click(q.world, dave, legacy, label="nailed")
    assert pressed.ephemeral
    assert "no longer changes points" in pressed.text
    assert dict(await leaderboard(q, "dave"))["dave"] == before == 1
    q.check_every_message()


async def test_the_reviewer_role_set_up_by_an_admin_pages_keeps_and_marks_best(
    make_qotd: MakeQotd, full_bank
):
    q, post, _ = await day_one(make_qotd, full_bank)
    reveal = reveal_message(q)
    reviewers = q.world.guild.create_role("Reviewers")
    rita = q.world.guild.add_member(q.world.env.create_user("rita"), roles=[reviewers])
    await q.world.env.settle()
    # The server lets its reviewers see /moderate (Integrations settings); the bot still checks the role.
    moderate = q.world.env.backend.find_command("moderate", None)
    q.world.guild.set_command_permissions(int(moderate["id"]), {reviewers: True})
    for name in ("bob", "carol"):
        member = q.world.member(name)
        mine = await click(q.world, member, reveal, label="My result")
        form = await click(q.world, member, mine.messages[0], label="Ask for a review")
        await submit(q.world, member, form, {"note": ""})  # the note is optional

    refused = await invoke(q.world, rita, q.general, "moderate reviews")
    assert "Only moderators" in refused.text
    reply = await invoke(
        q.world, q.world.admin, q.general, "qotd setup",
        channel=q.qotd_channel, time="09:00", timezone="UTC", reveal_after="6h", thread=True,
        reviewer_role=reviewers,
    )  # fmt: skip
    assert "can review answers" in reply.text

    queue = await invoke(q.world, rita, q.general, "moderate reviews")
    assert "Review 1 of 2" in queue.text
    assert "input box" in queue.text  # bob asked first
    second = await click(q.world, rita, queue.messages[0], label="Next ▶")
    assert "Review 2 of 2" in second.text
    assert "least privilege, attacker" in second.text  # carol's list
    best = await click(q.world, rita, second.messages[0], label="Best answer")
    assert "Posted as a best answer" in best.text
    thread = thread_of(q.world, post)
    (marked,) = [m for m in bot_messages(q.world, thread) if m.content.startswith("🏅 Best answer")]
    assert f"<@{q.world.member('carol').id}>" in marked.content
    keep = await click(q.world, rita, second.messages[0], label="Keep score")
    kept = await submit(q.world, rita, keep, {"reason": "A list of terms, not an explanation."})
    assert "stays 3" in kept.text
    (dm,) = dm_messages(q.world, q.world.member("carol"))
    assert "the score stays 3" in dm.content
    carols = await click(q.world, q.world.member("carol"), reveal, label="My result")
    assert "the score stays 3" in carols.text
    assert "A list of terms, not an explanation." in carols.text
    q.check_every_message()
