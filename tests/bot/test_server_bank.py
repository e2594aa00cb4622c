"""/bank as admins use it: upload a document, check the private preview, add or cancel, list, remove, export."""

import asyncio
import re
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import discord
import pytest
import simcord
import yaml

from bot.domain.questions import KeyPoint
from bot.domain.short_ids import short_id
from bot.exts.server_bank.preview import preview_embed
from bot.questionbank.limits import UploadLimits
from bot.questionbank.parsing import parse_document
from bot.questionbank.sandbox import UploadSandbox
from bot.services.server_questions import MAX_UPLOAD_BYTES, ImportPreview, SkippedLines
from tests.db.builders import question
from tests.questionbank.test_sandbox import hostile
from tests.sim.harness import Reply, advance, assert_within_discord_limits, choices, click, invoke

from .conftest import CONTENT, MakeQotd, Qotd

SOURCES = sorted((CONTENT / "sources").iterdir())
QA = next(p for p in SOURCES if p.name.startswith("qa-"))
DEEP = next(p for p in SOURCES if p.name.startswith("deep-"))
DATA = {p: p.read_bytes() for p in SOURCES}
KIND_WORDS = {"open": "open", "mcq": "multiple choice", "scenario": "scenario"}

BAD_YAML = b"""\
questions:
  - id: g1-abc123
    kind: open
    prompt: [unclosed
    full_answer: x
"""


async def upload(q: Qotd, name: str, data: bytes, member: simcord.MemberActor | None = None) -> Reply:
    return await invoke(q.world, member or q.world.admin, q.general, "bank import", file=(name, data))


def buttons(reply: Reply) -> dict[str, bool]:
    """The first message's buttons: label -> disabled."""
    rows = reply.messages[0].components
    return {c["label"]: bool(c.get("disabled")) for row in rows for c in row.get("components", [])}


def shared_counts(q: Qotd, source: Path) -> Counter[str]:
    """How many questions of each kind the committed bank holds from ``source``."""
    return Counter(
        x.kind.value for x in q.services.bank.questions if x.source and x.source.file == source.name
    )


async def own_ids(q: Qotd, guild_id: int | None = None) -> list[str]:
    return [x.id for x in await q.services.server_questions.list(guild_id or q.world.guild.id)]


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
async def test_each_seed_document_previews_what_the_shared_bank_holds_from_it(
    make_qotd: MakeQotd, source: Path
):
    q = await make_qotd()
    expected = shared_counts(q, source)
    parsed = parse_document(DATA[source].decode(), name=source.name)

    preview = await upload(q, source.name, DATA[source])

    assert preview.ephemeral
    assert preview.deferred  # parsing is work: the admin sees "thinking…" at once
    if parsed.topics and not parsed.questions:  # the syllabus lists topics, not questions
        assert "is a syllabus (a list of topics), not questions" in preview.text
        assert buttons(preview) == {}
    elif not any(x.prompt.strip() for x in parsed.questions):
        # The answer cards lost their titles: the shared bank fills them in by hand, an upload can't.
        assert f"none of the {sum(expected.values())} questions found" in preview.text
        assert "has a question text, only answers" in preview.text
        assert buttons(preview) == {}
    else:
        total = sum(expected.values())
        assert f"Found **{total} questions**" in preview.text
        for kind, n in expected.items():
            assert f"{n} {KIND_WORDS[kind]}" in preview.text
        examples = [f for f in preview.embeds[0].fields if f.name[:2] in {"1.", "2.", "3."}]
        assert len(examples) == 3
        assert parsed.questions[0].prompt.strip()[:40] in examples[0].value
        for block in parsed.skipped[:3]:  # what was skipped, with lines and reason
            lines = (
                f"line {block.first_line}"
                if block.first_line == block.last_line
                else f"lines {block.first_line}–{block.last_line}"
            )
            assert f"{lines}: {block.reason}" in preview.text
        paged = {"◀ Previous": True, "Next ▶": False} if total > 3 else {}
        assert buttons(preview) == paged | {"Add to this server": False, "Cancel": False}
    assert await own_ids(q) == []  # a preview stores nothing
    q.check_every_message()


def second_server(q: Qotd) -> tuple[simcord.MemberActor, simcord.ChannelHandle]:
    """Another server with the bot in it, and an admin there."""
    env = q.world.env
    guild = env.create_guild("Other Guild")
    managers = guild.create_role("Managers", permissions=discord.Permissions(manage_guild=True))
    return guild.add_member(env.create_user("other-admin"), roles=[managers]), guild.create_text_channel(
        "general"
    )


async def test_added_questions_join_this_servers_pool_and_list_but_no_other_server(make_qotd: MakeQotd):
    q = await make_qotd()
    guild = q.world.guild.id
    await q.services.schedules.setup(guild, channel_id=q.qotd_channel.id, post_time="09:00", timezone="UTC")
    pool_before = (await q.services.schedules.status(guild)).pool_size
    other_admin, other_general = second_server(q)
    await q.world.env.settle()
    expected = sum(shared_counts(q, QA).values())

    preview = await upload(q, QA.name, DATA[QA])
    added = await click(q.world, q.world.admin, preview.messages[0], label="Add to this server")

    assert f"Added **{expected} questions** to this server's pool." in added.text
    assert buttons(added) == {}
    assert (await q.services.schedules.status(guild)).pool_size == pool_before + expected
    listing = await invoke(q.world, q.world.admin, q.general, "bank list")
    assert listing.ephemeral
    pages = -(-expected // 10)
    assert f"Page 1 of {pages} · {expected} questions" in listing.text
    ids = [short_id(x) for x in await own_ids(q)]
    assert [f.name.split(" · ")[0] for f in listing.embeds[0].fields] == ids[:10]
    assert f"g{guild}-" not in listing.text  # short ids, not the server's long internal ones
    assert all(len(x) <= 12 for x in ids)
    second = await click(q.world, q.world.admin, listing.messages[0], label="Next ▶")
    assert f"Page 2 of {pages}" in second.text
    assert [f.name.split(" · ")[0] for f in second.embeds[0].fields] == ids[10:20]

    elsewhere = await invoke(q.world, other_admin, other_general, "bank list")
    assert "no questions of its own yet" in elsewhere.text
    assert await own_ids(q, other_admin.guild.id) == []
    q.check_every_message()


async def test_unusable_files_get_a_clear_private_reason_and_add_nothing(make_qotd: MakeQotd):
    q = await make_qotd()
    cases: list[tuple[str, bytes, str]] = [
        ("broken.yaml", BAD_YAML, "`broken.yaml` line 5"),
        ("picture.md", b"\x89PNG\r\n\x1a\n\x00\x00", "is not UTF-8 text (byte 0 is 0x89)"),
        ("slides.pdf", b"%PDF-1.7 ...", "is not a .md, .txt, .yaml or .yml file"),
        ("zeros.txt", b"Q: What?\nA: \x00\x00", "looks like a binary file"),
    ]
    for i, (name, data, says) in enumerate(cases):
        if i == 3:
            await advance(q.world, timedelta(minutes=1, seconds=1))  # three imports a minute per admin
        reply = await upload(q, name, data)
        assert reply.ephemeral
        assert "I couldn't import that file" in reply.text, name
        assert says in reply.text, name
        assert buttons(reply) == {}

    huge = b"Q: What is X?\nA: X.\n" * (MAX_UPLOAD_BYTES // 20 + 1)
    reply = await upload(q, "huge.md", huge)
    assert "is 1.0 MiB; the limit is 1 MiB" in reply.text
    assert not reply.deferred  # refused at once from the attachment's size, before downloading it
    assert await own_ids(q) == []


async def test_cancel_adds_nothing_and_an_expired_preview_says_so_even_after_a_restart(make_qotd: MakeQotd):
    q = await make_qotd()
    admin = q.world.admin

    first = await upload(q, DEEP.name, DATA[DEEP])
    cancelled = await click(q.world, admin, first.messages[0], label="Cancel")
    assert cancelled.text == "Cancelled: nothing was added."
    assert buttons(cancelled) == {}

    second = await upload(q, DEEP.name, DATA[DEEP])
    await q.restart()
    await advance(q.world, timedelta(minutes=16))
    late = await click(q.world, admin, second.messages[0], label="Add to this server")
    assert late.acknowledged  # the button still answers after the restart
    assert "that preview has expired (previews last 15 minutes)" in late.text
    assert "upload the file again" in late.text
    assert await own_ids(q) == []
    nothing = await invoke(q.world, admin, q.general, "bank export")
    assert "This server has no questions of its own yet" in nothing.text
    assert nothing.files == []


async def test_export_removes_and_reimports_round_trip_with_the_same_ids(make_qotd: MakeQotd):
    q = await make_qotd()
    guild, admin = q.world.guild.id, q.world.admin
    seeded = await q.services.server_questions.preview_import(guild, DEEP.name, DATA[DEEP])
    await q.services.server_questions.confirm_import(guild, seeded.token)
    before = await q.services.server_questions.list(guild)

    exported = await invoke(q.world, admin, q.general, "bank export")
    assert exported.ephemeral
    assert f"{len(before)} questions as a bank file" in exported.text
    (attachment,) = exported.files
    data = await attachment.read()
    assert [x["id"] for x in yaml.safe_load(data)["questions"]] == [x.id for x in before]

    victim = before[0]
    code = short_id(victim.id)
    typed = victim.prompt.split()[1].lower()
    offered = await choices(q.world, admin, q.general, "bank remove", "id", typed)
    assert victim.id in [c.value for c in offered]
    assert any(c.name.endswith(f" · {code}") for c in offered)  # the list shows the short id
    assert [c.value for c in await choices(q.world, admin, q.general, "bank remove", "id", code)] == [
        victim.id
    ]
    # /question takes the short id /bank list shows, and finds the server's own question.
    looked_up = await invoke(q.world, q.world.member("alice"), q.general, "question", query=code)
    assert victim.prompt[:60] in looked_up.text
    removed = await invoke(q.world, admin, q.general, "bank remove", id=code)  # the short id, as listed
    assert f"Removed `{code}`" in removed.text
    assert victim.id not in await own_ids(q)
    again = await invoke(q.world, admin, q.general, "bank remove", id=victim.id)
    assert f"There is no question `{code}`" in again.text

    back = await upload(q, attachment.filename, data)
    assert f"Found **{len(before)} questions**" in back.text
    added = await click(q.world, admin, back.messages[0], label="Add to this server")
    assert "Added **1 question** to this server's pool." in added.text
    assert f"{len(before) - 1} questions were already there unchanged" in added.text
    after = await q.services.server_questions.list(guild)
    assert sorted(after, key=lambda x: x.id) == sorted(before, key=lambda x: x.id)  # same ids, same questions
    q.check_every_message()


async def test_members_without_manage_server_are_refused_and_see_no_prompts(make_qotd: MakeQotd):
    q = await make_qotd()
    guild = q.world.guild.id
    seeded = await q.services.server_questions.preview_import(guild, DEEP.name, DATA[DEEP])
    await q.services.server_questions.confirm_import(guild, seeded.token)
    before = await own_ids(q)
    alice = q.world.member("alice")
    with pytest.raises(simcord.SetupError, match="not visible"):  # hidden from members by default
        await invoke(q.world, alice, q.general, "bank list")
    # A server may still show /bank to members in its Integrations settings: the bot checks in code too.
    bank = next(c for c in await q.bot.tree.fetch_commands() if c.name == "bank")
    q.world.guild.set_command_permissions(bank, {alice: True})

    refused: dict[str, Any] = {
        "import": await upload(q, QA.name, DATA[QA], member=alice),
        "export": await invoke(q.world, alice, q.general, "bank export"),
        "remove": await invoke(q.world, alice, q.general, "bank remove", id=before[0]),
    }
    for name, reply in refused.items():
        assert reply.ephemeral, name
        assert "Manage Server" in reply.text, name
        assert reply.files == [], name
    assert await choices(q.world, alice, q.general, "bank remove", "id", "") == []
    assert await own_ids(q) == before


def test_a_long_preview_says_what_did_not_fit_and_stays_within_discord_limits():
    long_prompt = "Why? " * 400
    long_points = tuple(KeyPoint("A point made at length " * 20) for _ in range(6))
    sample = [
        question(f"g1-00000{i}", prompt=long_prompt, short_answer="So. " * 300, key_points=long_points)
        for i in range(3)
    ]
    preview = ImportPreview(
        token="t",
        guild_id=1,
        filename="notes_*v2*.md",
        questions=tuple(sample),
        skipped=[SkippedLines((i, i + 2), "section heading " + "x" * 80) for i in range(1, 600, 3)],
        left_out=[f"lines {i}–{i + 9}: no question text, only an answer" for i in range(1, 500, 10)],
        notes=tuple(f"Repaired something in question {i} " + "y" * 150 for i in range(30)),
        expires_at=datetime(2026, 1, 1, 0, 15, tzinfo=UTC),
    )

    embed = preview_embed(preview, 0, str.title)

    assert_within_discord_limits(embed)
    fields = {f.name: f.value for f in embed.fields}
    assert fields["Left out (50 questions that can't be imported)"].startswith(
        "• lines 1–10: no question text, only an answer"
    )
    assert re.search(r"…and \d+ more$", fields["Left out (50 questions that can't be imported)"])
    assert re.search(r"…and \d+ more$", fields["Skipped (200 parts of the file, not questions)"])
    assert embed.title == "Import preview: notes\\_\\*v2\\*.md"  # the file's name can't format the title


def alias_bomb() -> bytes:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return ("\n".join(lines) + "\nquestions: *a9\n").encode()


async def test_a_hostile_or_oversized_document_gets_the_limit_it_broke_and_adds_nothing(make_qotd: MakeQotd):
    q = await make_qotd()
    # A reader as slow as a backtracking parser on a hostile document (holding the GIL all along).
    q.services.server_questions._reader = UploadSandbox(
        UploadLimits(cpu_seconds=1, wall_seconds=4), read=hostile
    )
    cases: list[tuple[str, bytes, str, str]] = [
        (
            "bomb.yaml",
            alias_bomb(),
            "`bomb.yaml` line 1: anchors and aliases (& and *) are not allowed",
            "write each value out",
        ),
        (
            "one-line.md",
            b"Q: " + b"x" * 20_000 + b"\n",
            "line 1 of `one-line.md` is 20,003 characters long",
            "break it into shorter lines",
        ),
        ("backtrack.md", b"# a heading\n", "`backtrack.md` took ", "split the file into smaller ones"),
    ]
    for name, data, says, advice in cases:
        reply = await upload(q, name, data)
        assert reply.ephemeral
        assert reply.text.startswith("I couldn't import that file: "), name
        assert says in reply.text, name
        assert advice in reply.text, name
        assert buttons(reply) == {}
        assert_within_discord_limits(reply.messages[0])
    assert await own_ids(q) == []
    await advance(q.world, timedelta(minutes=1, seconds=1))  # three imports a minute per admin
    good = await upload(q, QA.name, DATA[QA])  # the reader was replaced, not broken
    assert "Found **40 questions**" in good.text


async def test_the_bot_keeps_running_while_a_hostile_document_is_being_read(make_qotd: MakeQotd):
    q = await make_qotd()
    q.services.server_questions._reader = UploadSandbox(
        UploadLimits(cpu_seconds=1, wall_seconds=4), read=hostile
    )
    gaps: list[float] = []
    reading = asyncio.ensure_future(upload(q, "backtrack.md", b"# a heading\n"))

    # A stand-in for the gateway heartbeat and every other server's work, on the bot's loop.
    last = time.monotonic()
    while not reading.done():
        await asyncio.sleep(0.05)
        gaps.append(time.monotonic() - last)
        last = time.monotonic()

    assert "`backtrack.md` took " in reading.result().text
    assert sum(gaps) > 0.9  # the read lasted the processor-time limit, or more
    # A loop running the reader would stall for the whole second; 0.5 s leaves room for a busy machine.
    assert max(gaps) < 0.5, f"the event loop stalled for {max(gaps):.2f} s"


PAGED_DOCUMENT = b"""\
# Backend check-up

1. What does the Node.js event loop do?
Answer: It runs callbacks from its queues one at a time, so one slow callback delays all others.
Key points:
- runs queued callbacks one at a time
- a slow callback blocks the others

2. Why hash passwords with bcrypt instead of SHA-256?
Answer: bcrypt is slow on purpose and salts every hash, so guessing stolen hashes takes far longer.

3. Which status code should a POST that creates a resource return?
A) 200 OK
B) 201 Created
C) 204 No Content
Answer: B) 201 Created, usually with a Location header pointing at the new resource.

4. Which HTTP method is idempotent?
A) POST
B) PUT
C) PATCH
Answer: B
Explanation: PUT replaces the resource, so sending it twice leaves the same state.
"""


async def test_an_admin_pages_the_preview_reading_answers_and_letters_then_adds_it(make_qotd: MakeQotd):
    q = await make_qotd()
    admin = q.world.admin

    first = await upload(q, "check-up.md", PAGED_DOCUMENT)

    assert "Found **4 questions** (2 multiple choice, 2 open)" in first.text
    assert "Page 1 of 2" in first.text
    assert buttons(first) == {
        "◀ Previous": True,
        "Next ▶": False,
        "Add to this server": False,
        "Cancel": False,
    }
    fields = {f.name.split(" · ")[0]: f.value for f in first.embeds[0].fields}
    # The report: what the bot wrote itself, and what it did not take.
    assert "Short answers written from the answers for all 4 questions" in fields["Repaired or filled in"]
    assert (
        "Key points drawn from the answers for question 2 (the document lists none)"
        in fields["Repaired or filled in"]
    )
    assert "line 1: " in fields["Skipped (1 part of the file, not questions)"]
    # Each question as members will read it, with what it is graded on; prompts are text, not code blocks.
    assert fields["1. open"].startswith(
        "What does the Node.js event loop do?\n\n**Answer:** It runs callbacks"
    )
    assert (
        "**Key points:**\n• runs queued callbacks one at a time\n• a slow callback blocks the others"
        in (fields["1. open"])
    )
    assert "**Key points** (drawn from the answer):\n• bcrypt is slow on purpose" in fields["2. open"]
    assert "✅ **B)** 201 Created" in fields["3. multiple choice"]
    assert "**Correct: B**" in fields["3. multiple choice"]
    assert "Key points" not in fields["3. multiple choice"]  # multiple choice is marked by its letter
    assert "```" not in first.text

    second = await click(q.world, admin, first.messages[0], label="Next ▶")
    assert second.callback_types == [7]  # the same message, edited in place
    assert "Page 2 of 2" in second.text
    assert [f.name.split(" · ")[0] for f in second.embeds[0].fields] == ["4. multiple choice"]
    assert "✅ **B)** PUT" in second.text
    assert "**Correct: B**" in second.text
    assert "Repaired or filled in" not in second.text  # the report is on page 1
    assert buttons(second) == {
        "◀ Previous": False,
        "Next ▶": True,
        "Add to this server": False,
        "Cancel": False,
    }
    back = await click(q.world, admin, second.messages[0], label="◀ Previous")
    assert "Page 1 of 2" in back.text

    added = await click(q.world, admin, back.messages[0], label="Add to this server")

    assert "Added **4 questions** to this server's pool." in added.text
    assert "see them with `/bank list`" in added.text
    assert "Nothing is added" not in added.text
    assert "Add to this server" not in added.text
    assert buttons(added) == {}
    listing = await invoke(q.world, admin, q.general, "bank list")
    assert "4 questions" in listing.text
    assert "Which status code should a POST that creates a resource return?" in listing.text
    created = next(x for x in await q.services.server_questions.list(q.world.guild.id) if "POST" in x.prompt)
    # The answer line restated the option: it is said once, the rest of the line is the explanation.
    assert created.short_answer == "B) 201 Created."
    assert created.explanation == "Usually with a Location header pointing at the new resource."
    assert created.full_answer.count("201 Created") == 1
    q.check_every_message()
