"""A server's own questions: upload checks, preview, confirm into that server's pool only, export round trip."""

from __future__ import annotations

import hashlib
import re
import shutil
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from bot.db.engine import create_engine
from bot.db.uow import UnitOfWorkFactory, make_uow_factory
from bot.domain.clock import ManualClock
from bot.domain.errors import InvalidImport, UnknownQuestion
from bot.questionbank.bankfile import render_topics_file
from bot.questionbank.ids import Fingerprint
from bot.questionbank.parsing import parse_document
from bot.questionbank.sandbox import UploadSandbox
from bot.services.server_questions import MAX_UPLOAD_BYTES, PREVIEW_TTL, ServerQuestions
from bot.settings import PROJECT_ROOT
from tests.db.builders import GUILD, OTHER_GUILD, add_questions, question

SOURCES = PROJECT_ROOT / "content" / "sources"
T0 = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
QA_DOC = next(SOURCES.glob("qa-*.txt"))


@pytest.fixture(scope="module")
def content_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A content folder as the bot finds it after ``qotd bank build``: the taxonomy and its topics."""
    folder = tmp_path_factory.mktemp("content")
    shutil.copyfile(PROJECT_ROOT / "content" / "taxonomy.yaml", folder / "taxonomy.yaml")
    syllabus = next(p for p in SOURCES.iterdir() if parse_document(p.read_text(encoding="utf-8")).topics)
    topics = parse_document(syllabus.read_text(encoding="utf-8")).topics
    (folder / "bank").mkdir()
    (folder / "bank" / "topics.yaml").write_text(render_topics_file(topics), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def reader() -> UploadSandbox:
    """The reader the bot runs with: a child process per upload, under the upload limits."""
    return UploadSandbox()


@pytest.fixture
async def sqlite_uow(sqlite_url: str) -> AsyncIterator[UnitOfWorkFactory]:
    """A real SQLite database, for the tests whose point is not the database."""
    engine = create_engine(sqlite_url)
    yield make_uow_factory(engine)
    await engine.dispose()


def service(
    uow_factory, content_dir: Path, clock: ManualClock | None = None, *, reader: UploadSandbox
) -> ServerQuestions:
    return ServerQuestions(uow_factory, clock or ManualClock(T0), content_dir, reader=reader)


async def pool_ids(uow_factory, guild_id: int) -> set[str]:
    async with uow_factory() as uow:
        return {row.id for row in await uow.questions.pool(guild_id)}


@pytest.mark.parametrize("source", sorted(SOURCES.iterdir()), ids=lambda p: p.name)
async def test_every_seed_document_previews_what_the_bank_build_finds(
    content_dir, source, sqlite_uow, reader
):
    text = source.read_text(encoding="utf-8")
    parsed = parse_document(text, name=source.name)  # what `qotd bank build` reads from this source
    with_prompt = [q for q in parsed.questions if q.prompt.strip()]
    uploads = service(sqlite_uow, content_dir, reader=reader)

    if not with_prompt:
        # A syllabus lists topics; answer cards lost their titles (the bank fills them in by hand).
        with pytest.raises(
            InvalidImport, match="syllabus" if parsed.topics else "question text, only answers"
        ):
            await uploads.preview_import(GUILD, source.name, text.encode())
        return
    preview = await uploads.preview_import(GUILD, source.name, text.encode())

    assert preview.count == len(with_prompt)
    assert preview.count + len(preview.left_out) == len(parsed.questions)
    if parsed.declared_count is not None:  # the document says how many questions it holds
        assert preview.count + len(preview.left_out) == parsed.declared_count
    assert preview.by_kind == dict(Counter(q.kind.value for q in with_prompt))
    assert [(s.lines, s.reason) for s in preview.skipped] == [
        ((b.first_line, b.last_line), b.reason) for b in parsed.skipped
    ]
    assert [q.prompt for q in preview.questions] == [q.prompt.strip() for q in with_prompt]
    assert all(q.id.startswith(f"g{GUILD}-") for q in preview.questions)


async def test_a_document_in_no_known_shape_is_refused_with_the_shapes_understood(
    content_dir, sqlite_uow, reader
):
    with pytest.raises(InvalidImport) as caught:
        await service(sqlite_uow, content_dir, reader=reader).preview_import(
            GUILD, "../@everyone notes.md", b"Just notes.\n\nNo more.\n"
        )

    message = str(caught.value)
    assert "No questions or topics were found in _everyone notes.md" in message
    assert "Shapes understood" in message
    assert "@" not in message  # an uploaded file's name never pings anyone


async def test_confirm_adds_to_this_servers_pool_only_and_a_reupload_changes_nothing(
    uow_factory, content_dir, reader
):
    uploads = service(uow_factory, content_dir, reader=reader)
    data = QA_DOC.read_bytes()
    preview = await uploads.preview_import(GUILD, QA_DOC.name, data)
    assert await pool_ids(uow_factory, GUILD) == set()  # nothing stored before confirming

    result = await uploads.confirm_import(GUILD, preview.token)
    again = await uploads.preview_import(GUILD, QA_DOC.name, data)
    second = await uploads.confirm_import(GUILD, again.token)

    mine = await pool_ids(uow_factory, GUILD)
    assert (result.added, result.updated) == (preview.count, 0)
    assert (second.added, second.updated, second.unchanged) == (0, 0, preview.count)
    assert len(mine) == preview.count
    assert all(qid.startswith(f"g{GUILD}-") for qid in mine)
    assert await pool_ids(uow_factory, OTHER_GUILD) == set()
    assert {q.id for q in await uploads.list(GUILD)} == mine
    assert await uploads.list(OTHER_GUILD) == []
    with pytest.raises(InvalidImport, match="expired"):  # a preview is used once
        await uploads.confirm_import(GUILD, preview.token)


async def test_a_preview_expires_and_belongs_to_its_server(uow_factory, content_dir, reader):
    clock = ManualClock(T0)
    uploads = service(uow_factory, content_dir, clock, reader=reader)
    first = await uploads.preview_import(GUILD, QA_DOC.name, QA_DOC.read_bytes())
    second = await uploads.preview_import(GUILD, QA_DOC.name, QA_DOC.read_bytes())

    with pytest.raises(InvalidImport):
        await uploads.confirm_import(OTHER_GUILD, first.token)
    assert await uploads.cancel_import(second.token) is True
    with pytest.raises(InvalidImport):
        await uploads.confirm_import(GUILD, second.token)
    clock.advance(PREVIEW_TTL + timedelta(seconds=1))
    with pytest.raises(InvalidImport, match="15 minutes"):
        await uploads.confirm_import(GUILD, first.token)
    assert await pool_ids(uow_factory, GUILD) == set()


async def test_export_reads_back_unchanged_and_an_edited_export_updates_in_place(
    uow_factory, content_dir, reader
):
    uploads = service(uow_factory, content_dir, reader=reader)
    preview = await uploads.preview_import(GUILD, QA_DOC.name, QA_DOC.read_bytes())
    await uploads.confirm_import(GUILD, preview.token)
    before = await uploads.list(GUILD)

    exported = await uploads.export(GUILD)
    back = await uploads.preview_import(GUILD, "export.yaml", exported.encode())
    unchanged = await uploads.confirm_import(GUILD, back.token)
    data = yaml.safe_load(exported)
    data["questions"][0]["short_answer"] = "A better short answer."
    edited = await uploads.preview_import(GUILD, "export.yml", yaml.safe_dump(data).encode())
    updated = await uploads.confirm_import(GUILD, edited.token)
    after = await uploads.list(GUILD)

    assert back.count == len(before)
    assert list(back.questions) == before
    assert (unchanged.added, unchanged.updated, unchanged.unchanged) == (0, 0, len(before))
    assert (updated.added, updated.updated) == (0, 1)
    assert [q.id for q in after] == [q.id for q in before]
    assert after[0].short_answer == "A better short answer."
    assert after[1:] == before[1:]


async def test_remove_takes_only_this_servers_own_questions(uow_factory, content_dir, reader):
    await add_questions(uow_factory, question("qa40-000777"))
    await add_questions(uow_factory, question(f"g{OTHER_GUILD}-000888"), guild_id=OTHER_GUILD)
    uploads = service(uow_factory, content_dir, reader=reader)
    preview = await uploads.preview_import(GUILD, QA_DOC.name, QA_DOC.read_bytes())
    await uploads.confirm_import(GUILD, preview.token)
    victim = preview.questions[0].id

    assert await uploads.remove(GUILD, victim) is True
    with pytest.raises(UnknownQuestion):
        await uploads.remove(GUILD, victim)
    with pytest.raises(UnknownQuestion):
        await uploads.remove(GUILD, "qa40-000777")  # the shared bank's
    with pytest.raises(UnknownQuestion):
        await uploads.remove(GUILD, f"g{OTHER_GUILD}-000888")  # another server's
    assert victim not in {q.id for q in await uploads.list(GUILD)}
    assert victim not in await pool_ids(uow_factory, GUILD)
    assert "qa40-000777" in await pool_ids(uow_factory, GUILD)


BAD_YAML = """\
questions:
  - id: g1-abc123
    kind: open
    prompt: [unclosed
    full_answer: x
"""

INVALID_FIELD = """\
questions:
  - id: g1-abc123
    kind: essay
    topic: node-core-runtime
    difficulty: easy
    prompt: What is X?
    full_answer: X is Y.
"""


@pytest.mark.parametrize(
    ("filename", "data", "says"),
    [
        ("broken.yaml", BAD_YAML.encode(), "line 5"),
        ("invalid.yml", INVALID_FIELD.encode(), "line 3"),
        ("slides.pdf", b"%PDF-1.7 ...", "not a .md, .txt, .yaml or .yml"),
        ("picture.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8 text (byte 0 is 0x89)"),
        ("zeros.md", b"Q: What?\nA: \x00\x00", "binary"),
        ("huge.md", b"Q: What is X?\nA: X.\n" * (MAX_UPLOAD_BYTES // 20 + 1), "the limit is 1 MiB"),
    ],
    ids=["yaml-syntax", "yaml-schema", "extension", "not-utf8", "binary", "too-large"],
)
async def test_unusable_files_are_refused_with_the_reason(
    content_dir, sqlite_uow, reader, filename, data, says
):
    with pytest.raises(InvalidImport) as caught:
        await service(sqlite_uow, content_dir, reader=reader).preview_import(GUILD, filename, data)

    assert says in str(caught.value)
    assert str(caught.value).startswith("I couldn't import that file: ")


CLOSURE = b"Q: What is a closure?\nA: A function that remembers the scope it was made in.\n"


async def test_a_fresh_id_never_takes_one_stored_for_another_question(uow_factory, content_dir, reader):
    uploads = service(uow_factory, content_dir, reader=reader)
    first = await uploads.preview_import(GUILD, "closure.md", CLOSURE)
    wanted = first.questions[0].id
    await uploads.cancel_import(first.token)
    assert re.fullmatch(rf"g{GUILD}-[0-9a-f]{{12}}", wanted)
    # Another question of this server already holds that id (a collision of 48 bits, or an
    # id an admin wrote into a bank file): the upload must not overwrite it.
    await add_questions(uow_factory, question(wanted, prompt="Something else entirely?"), guild_id=GUILD)

    preview = await uploads.preview_import(GUILD, "closure.md", CLOSURE)
    result = await uploads.confirm_import(GUILD, preview.token)

    given = preview.questions[0].id
    assert given != wanted
    assert given.startswith(wanted)  # the same hash, one digit longer
    assert (result.added, result.updated) == (1, 0)
    by_id = {q.id: q.prompt for q in await uploads.list(GUILD)}
    assert by_id == {wanted: "Something else entirely?", given: "What is a closure?"}
    again = await uploads.preview_import(GUILD, "closure.md", CLOSURE)
    assert again.questions[0].id == given  # and a re-upload finds it there


async def test_a_question_stored_under_a_six_hex_id_is_updated_by_a_reupload(
    uow_factory, content_dir, reader
):
    uploads = service(uow_factory, content_dir, reader=reader)
    identity = Fingerprint("What is a closure?", "").identity
    legacy = f"g{GUILD}-{hashlib.sha1(identity.encode()).hexdigest()[:6]}"  # as ids were made before
    await add_questions(
        uow_factory, question(legacy, prompt="What is a closure?", full_answer="Old answer."), guild_id=GUILD
    )

    preview = await uploads.preview_import(GUILD, "closure.md", CLOSURE)
    result = await uploads.confirm_import(GUILD, preview.token)

    assert preview.questions[0].id == legacy
    assert (result.added, result.updated) == (0, 1)
    [stored] = await uploads.list(GUILD)
    assert stored.full_answer.startswith("A function that remembers")
