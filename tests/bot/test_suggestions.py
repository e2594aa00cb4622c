"""Member suggestions as people live them: /suggest, the moderators' queue, the DM, the limit, forget-me."""

from __future__ import annotations

import discord
import simcord

from tests.sim.harness import Reply, click, close_dms, dm_messages, invoke, submit

from .conftest import MakeQotd, Qotd

EXPRESS = "express-js-http-middleware"
PROMPTS = (
    "What does `next()` do in an Express middleware?",
    "Why return 201 rather than 200 after a POST creates a resource?",
    "What is the difference between app.use and app.get?",
    "When would you reach for a router-level middleware?",
)
ANSWER = (
    "It hands the request to the next middleware in the stack; without it (or a response) the "
    "request hangs. Calling next(err) skips to the error-handling middleware."
)


def moderator(q: Qotd) -> simcord.MemberActor:
    """Mia: Manage Messages, no Manage Server (she sees /moderate, not /bank)."""
    moderators = q.world.guild.create_role(
        "Moderators", permissions=discord.Permissions(manage_messages=True)
    )
    return q.world.guild.add_member(q.world.env.create_user("mia"), roles=[moderators])


async def suggest(q: Qotd, name: str, prompt: str, *, points: str = "") -> Reply:
    member = q.world.member(name)
    form = await invoke(q.world, member, q.general, "suggest")
    assert form.modal is not None, form.text
    values = {"prompt": prompt, "answer": ANSWER, "key_points": points, "topic": [EXPRESS]}
    return await submit(q.world, member, form, values)


def buttons(reply: Reply) -> dict[str, bool]:
    rows = reply.messages[0].components
    return {c["label"]: bool(c.get("disabled")) for row in rows for c in row.get("components", [])}


async def test_a_member_suggests_and_a_moderator_approves_it_into_the_servers_bank(make_qotd: MakeQotd):
    q = await make_qotd()
    mia = moderator(q)
    await q.world.env.settle()
    alice = q.world.member("alice")

    form = await invoke(q.world, alice, q.general, "suggest")

    assert form.modal is not None
    assert form.modal.title == "Suggest a question"
    assert [(f.label, f.required, f.min_length, f.max_length) for f in form.modal.fields.values()] == [
        ("Question", True, 10, 300),
        ("Model answer", True, 20, 1500),
        ("Key points (optional, up to 6, one a line)", False, None, 1206),
    ]
    topic = next(
        row for row in form.raw.modal["components"] if row.get("type") == 18 and row["label"] == "Topic"
    )
    assert [o["value"] for o in topic["component"]["options"]][:2] == [
        "node-js-core-runtime-fundamentals",
        EXPRESS,
    ]
    sent = await submit(
        q.world,
        alice,
        form,
        {
            "prompt": PROMPTS[0],
            "answer": ANSWER,
            "key_points": "passes control on\nnext(err) skips",
            "topic": [EXPRESS],
        },
    )
    assert sent.ephemeral
    assert (
        "Thanks! Your question is waiting for a moderator; you'll get a DM when it has been reviewed."
        in sent.text
    )
    assert "You have 1 of 3 suggestions waiting in this server." in sent.text

    queue = await invoke(q.world, mia, q.general, "moderate suggestions")

    assert queue.ephemeral
    embed = queue.embeds[0]
    assert embed.title == "Suggestion 1 of 1"
    assert embed.description == f"**Question**\n{PROMPTS[0]}\n\n**Answer**\n{ANSWER}"
    fields = {f.name: f.value for f in embed.fields}
    assert fields["Key points"] == "• passes control on\n• next(err) skips"
    assert fields["Topic"] == "Express.js and HTTP Middleware"
    assert fields["Suggested by"].startswith(f"<@{alice.id}> (alice), <t:")
    assert buttons(queue) == {"Approve": False, "Edit": False, "Reject": False}

    approved = await click(q.world, mia, queue.messages[0], label="Approve")

    assert approved.callback_types == [7]  # the queue message, edited in place
    assert approved.content == (
        "✅ Added “What does \\`next()\\` do in an Express middleware?” to this server's questions, "
        "credited to alice (see `/bank list`). alice was told by DM."
    )
    assert "No suggestions are waiting" in approved.text
    (dm,) = dm_messages(q.world, alice)
    assert dm.content == (
        f"Your suggested question “{PROMPTS[0]}” for **Test Guild** was approved: it joins the server's "
        "questions, credited to you. Thank you!"
    )
    listing = await invoke(q.world, q.world.admin, q.general, "bank list")
    (entry,) = listing.embeds[0].fields
    assert entry.name.endswith("· suggested by alice")
    assert PROMPTS[0] in entry.value
    (added,) = await q.services.server_questions.list(q.world.guild.id)
    assert (added.prompt, added.topic) == (PROMPTS[0], EXPRESS)
    assert [k.point for k in added.key_points] == ["passes control on", "next(err) skips"]
    q.check_every_message()


async def test_a_rejection_carries_its_reason_and_the_fourth_waiting_suggestion_is_refused(
    make_qotd: MakeQotd,
):
    q = await make_qotd()
    admin, bob = q.world.admin, q.world.member("bob")
    for prompt in PROMPTS[:3]:
        assert "waiting for a moderator" in (await suggest(q, "bob", prompt)).text

    fourth = await invoke(q.world, bob, q.general, "suggest")
    assert fourth.modal is None  # refused before bob types anything
    assert fourth.ephemeral
    assert "You already have 3 suggestions waiting for a moderator in this server" in fourth.text

    queue = await invoke(q.world, admin, q.general, "bank suggestions")  # admins have it under /bank
    assert queue.embeds[0].title == "Suggestion 1 of 3"
    assert buttons(queue) == {
        "Approve": False, "Edit": False, "Reject": False, "◀ Previous": True, "Next ▶": False,
    }  # fmt: skip
    second = await click(q.world, admin, queue.messages[0], label="Next ▶")
    assert second.embeds[0].title == "Suggestion 2 of 3"
    assert PROMPTS[1] in second.text
    close_dms(q.world, bob)
    reason_form = await click(q.world, admin, second.messages[0], label="Reject")
    assert reason_form.modal is not None
    assert reason_form.modal.title == "Reject the suggestion"
    rejected = await submit(
        q.world,
        admin,
        reason_form,
        {"reason": "We already ask about status codes; try one on middleware order."},
    )

    # bob's DMs are closed: nothing breaks, the moderator is told so.
    assert rejected.content == (f"Rejected “{PROMPTS[1]}”. bob's DMs are closed, so they were not told.")
    assert rejected.embeds[0].title == "Suggestion 2 of 2"  # the next one moved up
    assert PROMPTS[2] in rejected.text
    assert dm_messages(q.world, bob) == []
    again = await invoke(q.world, bob, q.general, "suggest")  # a decision frees a place
    assert again.modal is not None
    assert await q.services.server_questions.list(q.world.guild.id) == []
    q.check_every_message()


async def test_a_rejected_member_reads_the_reason_and_an_edit_is_what_gets_added(make_qotd: MakeQotd):
    q = await make_qotd()
    mia = moderator(q)
    await q.world.env.settle()
    carol = q.world.member("carol")
    await suggest(q, "carol", PROMPTS[2])
    await suggest(q, "carol", "What does helmet do?")

    queue = await invoke(q.world, mia, q.general, "moderate suggestions")
    edit_form = await click(q.world, mia, queue.messages[0], label="Edit")
    assert edit_form.modal is not None
    assert edit_form.modal.title == "Edit the suggestion"
    assert edit_form.modal.fields["prompt"].default == PROMPTS[2]  # prefilled with carol's text
    assert edit_form.modal.fields["answer"].default == ANSWER
    better = "What is the difference between app.use() and app.get() in Express?"
    edited = await submit(
        q.world, mia, edit_form, {"prompt": better, "answer": ANSWER, "key_points": "", "topic": [EXPRESS]}
    )
    assert edited.content == "Saved your changes. Approve it when it reads right."
    assert better in edited.text
    assert "Edited by a moderator." in edited.embeds[0].footer.text
    await click(q.world, mia, edited.messages[0], label="Approve")

    nudge = await invoke(q.world, mia, q.general, "moderate suggestions")
    reason_form = await click(q.world, mia, nudge.messages[0], label="Reject")
    await submit(q.world, mia, reason_form, {"reason": "Too short to grade: say what helmet sets and why."})

    approved, rejected = dm_messages(q.world, carol)
    assert f"“{better}” for **Test Guild** was approved" in approved.content
    assert rejected.content == (
        "Your suggested question “What does helmet do?” for **Test Guild** was not added.\n"
        "Reason: Too short to grade: say what helmet sets and why."
    )
    (added,) = await q.services.server_questions.list(q.world.guild.id)
    assert added.prompt == better
    assert [s.credit for s in await q.services.server_questions.summaries(q.world.guild.id)] == ["carol"]
    q.check_every_message()


async def test_only_moderators_see_the_queue_and_forget_me_takes_the_name_off(make_qotd: MakeQotd):
    q = await make_qotd()
    alice = q.world.member("alice")
    await suggest(q, "alice", PROMPTS[0])
    await suggest(q, "alice", PROMPTS[1])
    queue = await invoke(q.world, q.world.admin, q.general, "bank suggestions")
    await click(q.world, q.world.admin, queue.messages[0], label="Approve")

    moderate = next(c for c in await q.bot.tree.fetch_commands() if c.name == "moderate")
    q.world.guild.set_command_permissions(moderate, {alice: True})  # shown to her, still refused in code
    refused = await invoke(q.world, alice, q.general, "moderate suggestions")
    assert "Only moderators can do that" in refused.text

    asked = await invoke(q.world, alice, q.general, "forget-me")
    done = await click(q.world, alice, asked.messages[0], label="Delete my data")

    assert "• your question suggestion" in done.text
    assert "• your name on 1 question you suggested (the questions stay, credited to no one)" in done.text
    (kept,) = await q.services.server_questions.list(q.world.guild.id)
    assert kept.prompt == PROMPTS[0]
    listing = await invoke(q.world, q.world.admin, q.general, "bank list")
    assert "suggested by" not in listing.text


async def test_a_refused_form_gives_the_member_their_text_back(make_qotd: MakeQotd):
    q = await make_qotd()
    seven = "\n".join(f"point number {n}" for n in range(1, 8))

    sent = await suggest(q, "alice", PROMPTS[3], points=seven)

    assert sent.ephemeral
    assert sent.content.startswith("Give at most 6 key points, one per line (you gave 7).\n")
    assert "Here is what you wrote, to copy into the form again:" in sent.content
    assert PROMPTS[3] in sent.content
    assert "point number 7" in sent.content
    queue = await invoke(q.world, q.world.admin, q.general, "bank suggestions")
    assert "No suggestions are waiting" in queue.text
