"""Hard-wrapped documents read as whole paragraphs: answers whole, key points whole, lists and code kept."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from bot.questionbank.builder import load_taxonomy
from bot.questionbank.parsing import parse_document, unaccounted_lines
from bot.questionbank.parsing.document import document_lines
from bot.questionbank.parsing.unwrap import unwrap, wrap_width
from bot.questionbank.taxonomy import Taxonomy
from bot.questionbank.upload import UploadRequest, read_upload
from bot.settings import PROJECT_ROOT

SOURCES = Path(__file__).resolve().parents[2] / "content" / "sources"

LOOP = (
    "The event loop is the mechanism that lets Node.js perform non-blocking I/O operations even "
    "though JavaScript runs on a single thread. It hands slow work to the operating system or to "
    "libuv's thread pool and runs the callbacks when the results are ready."
)
PHASES = (
    "The event loop runs callbacks in phases: timers, pending callbacks, poll, check and close callbacks."
)
MICROTASKS = "Microtasks such as resolved promises run after each callback, before the loop moves on to the next phase."
BLOCKING = (
    "Blocking the event loop with CPU-heavy synchronous work stops every other request from being "
    "served until it finishes, so latency rises for all users at once."
)
WORKERS = (
    "Move heavy computation to worker threads or a separate service so that the main thread keeps serving."
)
STREAMS = "Use streaming APIs for large files instead of reading them all into memory at once, which keeps memory flat."
CODE = "setTimeout(() => {\n  console.log('timeout');\n}, 0);\nsetImmediate(() => console.log('immediate'));"


def _wrap(text: str, marker: str = "") -> str:
    return textwrap.fill(text, 72, initial_indent=marker, subsequent_indent=" " * len(marker))


WRAPPED_MARKDOWN = "\n\n".join(
    [
        "# Node.js notes",
        "## 1. What is the event loop in Node.js?",
        _wrap(LOOP),
        "Key points:\n" + _wrap(PHASES, "- ") + "\n" + _wrap(MICROTASKS, "- "),
        f"```js\n{CODE}\n```",
        "## 2. Why should you avoid blocking the event loop?",
        _wrap(BLOCKING),
        _wrap(WORKERS, "- ") + "\n" + _wrap(STREAMS, "- "),
    ]
)


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy(PROJECT_ROOT / "content")


def _upload(taxonomy: Taxonomy, name: str, text: str):
    return read_upload(UploadRequest(name, text.encode(), "g1", taxonomy))


def test_the_document_is_really_hard_wrapped():
    assert max(len(line) for line in WRAPPED_MARKDOWN.split("\n")) <= 72
    assert wrap_width(document_lines(WRAPPED_MARKDOWN)) is not None


def test_a_hard_wrapped_markdown_upload_keeps_answers_key_points_lists_and_code_whole(taxonomy):
    loop, blocking = _upload(taxonomy, "notes.md", WRAPPED_MARKDOWN).questions
    assert loop.full_answer == f"{LOOP}\n\n```js\n{CODE}\n```"
    assert loop.short_answer == LOOP.split(". ")[0] + "."
    assert [p.point for p in loop.key_points] == [PHASES, MICROTASKS]
    assert blocking.full_answer == f"{BLOCKING}\n\n- {WORKERS}\n- {STREAMS}"
    assert [p.point for p in blocking.key_points] == [WORKERS, STREAMS]


def test_hard_wrapped_question_and_answer_pairs_are_read_whole(taxonomy):
    prompt = "What is the difference between process.nextTick() and setImmediate(), and when is each used?"
    answer = (
        "process.nextTick() queues a callback to run right after the current operation, before the "
        "event loop continues, while setImmediate() runs it in the check phase of the next iteration."
    )
    point = "nextTick callbacks run before any I/O or timers, so a recursive nextTick can starve the loop."
    second_prompt = "Why should a Node.js server never block its event loop with synchronous work?"
    text = "\n\n".join(
        [
            _wrap(f"Q: {prompt}"),
            _wrap(f"A: {answer}"),
            "Key Points:\n" + _wrap(f"- {point}"),  # its second line is not indented
            _wrap(f"Q: {second_prompt}"),
            _wrap(f"A: {BLOCKING}"),
        ]
    )
    first, second = _upload(taxonomy, "notes.txt", text).questions
    assert (first.prompt, first.full_answer) == (prompt, answer)
    assert [p.point for p in first.key_points] == [point]
    assert (second.prompt, second.full_answer) == (second_prompt, BLOCKING)


def test_joined_lines_still_account_for_every_source_line():
    result = parse_document(WRAPPED_MARKDOWN, name="notes.md")
    assert unaccounted_lines(WRAPPED_MARKDOWN, result) == []
    assert result.questions[0].last_line == WRAPPED_MARKDOWN.split("\n").index("```", 20) + 1


def test_a_line_indented_under_a_list_item_continues_it_in_any_document():
    text = "## What do microtasks do?\n\n- Microtasks run after each callback,\n  before the loop moves on.\n- Timers run later.\n"
    (question,) = parse_document(text, name="notes.md").questions
    assert (
        question.full_answer
        == "- Microtasks run after each callback, before the loop moves on.\n- Timers run later."
    )


@pytest.mark.parametrize("name", sorted(p.name for p in SOURCES.iterdir()))
def test_the_seed_documents_are_not_hard_wrapped(name):
    lines = document_lines((SOURCES / name).read_text(encoding="utf-8"))
    assert wrap_width(lines) is None
    assert unwrap(lines) == lines


def test_short_lines_and_questions_are_not_joined():
    text = "\n".join(
        [
            "1. What is Node.js?",
            "Node.js is a JavaScript runtime built on V8.",
            "",
            "2) Why is Node.js single-threaded?",
            "JavaScript runs on one thread; the I/O goes to the system:",
            "1. Receive the request",
            "2. Hand the I/O to libuv",
        ]
    )
    lines = document_lines(text)
    assert unwrap(lines) == lines


def test_a_document_too_short_to_tell_its_wrap_width_still_gets_whole_summaries(taxonomy):
    # Three line breaks are too few to tell a wrap width, so the lines stay as written; the short
    # answer and the key points drawn from the answer still read its sentences and items whole.
    answer = "Streams read a file in chunks, so memory stays flat whatever the\nsize of the file."
    items = [_wrap(f"- {WORKERS}"), _wrap(f"- {STREAMS}")]  # continuation lines not indented
    text = f"## Why use streams?\n\n{answer}\n\n" + "\n".join(items) + "\n"
    (question,) = _upload(taxonomy, "short.md", text).questions
    assert question.full_answer.startswith(answer + "\n\n")  # the lines are kept as they are
    assert question.short_answer == answer.replace("\n", " ")
    assert [p.point for p in question.key_points] == [WORKERS, STREAMS]
