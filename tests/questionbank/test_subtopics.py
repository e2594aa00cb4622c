"""The syllabus's 64 sub-topics as the taxonomy names them, and questions that name them by slug."""

import re
from pathlib import Path

import pytest

from bot.questionbank.builder import build
from bot.questionbank.errors import BankError
from tests.questionbank.content_folders import committed_bank, syllabus_only

NOTES = """\
# Notes

## What does SELECT ... FOR UPDATE do?

It locks the rows it reads until the transaction ends, so that a second writer waits.
"""


def test_the_syllabus_is_split_into_its_64_subtopics_in_nine_areas():
    topics = committed_bank().topics
    assert [len(t.subtopics) for t in topics] == [5, 5, 7, 7, 6, 8, 7, 10, 9]
    slugs = [s.slug for t in topics for s in t.subtopics]
    assert len(set(slugs)) == 64
    express, apis = topics[1], topics[2]
    assert [s.slug for s in express.subtopics] == [
        "middleware-stack",
        "async-error-handling",
        "file-uploads",
        "middleware-performance",
        "middleware-debugging",
    ]
    assert [s.title for s in apis.subtopics][1:4] == [
        "WebSocket and SSE fundamentals",
        "Long polling fallback strategies",
        "Rate limiting and DoS prevention",
    ]
    assert not any(";" in s.title for t in topics for s in t.subtopics)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = syllabus_only(tmp_path)
    (folder / "sources" / "notes.md").write_text(NOTES, encoding="utf-8")
    return folder


def _edit_taxonomy(content: Path, old: str, new: str) -> None:
    path = content / "taxonomy.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "    - {slug: locking, title: Locking mechanisms}\n",
            "",
            "subtopics: 4 (Data Consistency and Concurrency): the syllabus line 'Locking mechanisms' has no entry",
        ),
        (
            "syllabus: Understanding idempotency and retry-safe design",
            "syllabus: Idempotency",
            "'Idempotency' is not a sub-topic line of this area in the syllabus",
        ),
        ("slug: transactional-outbox", "slug: locking", "the slug locking is used twice"),
        (
            "slug: transactional-outbox",
            "slug: Outbox Pattern",
            "slug 'Outbox Pattern' is not lower-case words",
        ),
        (
            "    - heading: Auth flow fundamentals\n",
            "",
            "the syllabus line 'Auth flow fundamentals' has no entry",
        ),
    ],
    ids=["line without entry", "entry without line", "slug twice", "slug form", "heading missing"],
)
def test_a_taxonomy_that_does_not_match_the_syllabus_stops_the_build(content, old, new, message):
    _edit_taxonomy(content, old, new)
    with pytest.raises(BankError, match=re.escape(message)):
        build(content)


def test_without_a_subtopics_section_the_parsers_subtopics_are_kept(content):
    text = (content / "taxonomy.yaml").read_text(encoding="utf-8")
    (content / "taxonomy.yaml").write_text(text[: text.index("\nsubtopics:")] + "\n", encoding="utf-8")
    node = build(content).topics[0]
    assert node.subtopics[-1].slug == "debugging-runtime-issues"


def test_an_override_naming_an_unknown_subtopic_stops_the_build_at_its_line(content):
    (qid,) = (q.id for q in build(content).questions)
    (content / "overrides.yaml").write_text(
        f"# sub-topics\n{qid}:\n  subtopics: [locking, locks]\n  reason: filed by hand\n", encoding="utf-8"
    )
    with pytest.raises(
        BankError, match=re.escape(f"overrides.yaml:2: {qid}: the sub-topic 'locks' is not one")
    ):
        build(content)
    (content / "overrides.yaml").write_text(
        f"{qid}:\n  subtopics: [locking]\n  reason: filed by hand\n", encoding="utf-8"
    )
    (question,) = build(content).questions
    assert question.subtopics == ("locking",)


def test_a_pack_question_naming_an_unknown_subtopic_stops_the_build_at_its_line(content):
    (content / "bank" / "pack-locks.yaml").write_text(
        "source: qotd-bot editors\nformat: pack\nquestions:\n"
        "  - id: pack-locks-for-update\n    kind: open\n    topic: data-consistency-concurrency\n"
        "    subtopics: [row-locks]\n    difficulty: easy\n    prompt: What does FOR UPDATE do?\n"
        "    full_answer: It locks the rows it reads.\n",
        encoding="utf-8",
    )
    with pytest.raises(
        BankError, match=re.escape("pack-locks.yaml:4: pack-locks-for-update: the sub-topic 'row-locks'")
    ):
        build(content)
