"""Repairs of PDF-extraction damage: each recognises one pattern and never loses text."""

import re

import pytest

from bot.questionbank.parsing.repair import (
    drop_repeated_bullets,
    extraction_damage,
    rejoin_broken_bullets,
    restore_table_pipes,
    restructure,
    split_flattened_bullets,
)
from bot.questionbank.parsing.unglue import harvest_vocabulary, unglue_inline_code


def _letters(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z]", "", text)


DOCUMENT = """\
Additionally, the microtask queue (for Promises, queueMicrotask()) runs before setImmediate() or setTimeout().
Use fs.readFile with a callback; package.json and worker_threads are written cleanly here.
Move heavy work to worker_threads in Node.js, or call setInterval when you must.
"""


@pytest.fixture
def vocabulary():
    return harvest_vocabulary(DOCUMENT)


def test_code_glued_to_words_gets_its_spaces_and_backticks_back(vocabulary):
    line = "setTimeout()andsetInterval()callbacks."
    assert unglue_inline_code(line, vocabulary) == "`setTimeout()` and `setInterval()` callbacks."


def test_call_arguments_and_punctuation_before_glued_code_are_kept(vocabulary):
    line = "setTimeout(fn, 0)will run beforesetImmediate(fn). Often true,setImmediatemight fire first."
    assert unglue_inline_code(line, vocabulary) == (
        "`setTimeout(fn, 0)` will run before `setImmediate(fn)`. Often true, `setImmediate` might fire first."
    )


def test_dotted_paths_and_file_extensions_are_recognised(vocabulary):
    assert unglue_inline_code("set it inpackage.jsonand go", vocabulary) == "set it in `package.json` and go"
    assert (
        unglue_inline_code("use worker_threadsfor CPU work", vocabulary)
        == "use `worker_threads` for CPU work"
    )


def test_words_that_merely_contain_a_token_are_left_alone(vocabulary):
    for line in [
        "Node.js runs JavaScript.",
        "A clean sentence with setTimeout() in it.",
        "Use `setTimeoutx` here.",
    ]:
        assert unglue_inline_code(line, vocabulary) == line


def test_ungluing_only_adds_characters(vocabulary):
    line = "process.nextTick()andqueueMicrotask()fit, overPromise.resolve().then()?"
    repaired = unglue_inline_code(line, vocabulary)
    assert repaired != line
    assert _letters(repaired) == _letters(line)


def test_flattened_bullets_are_split_at_depth_zero_only():
    line = "- timers: Executes callbacks. - pending callbacks: Executes I/O (see - Note) later."
    assert split_flattened_bullets(line) == [
        "- timers: Executes callbacks.",
        "- pending callbacks: Executes I/O (see - Note) later.",
    ]


def test_a_dash_inside_a_sentence_is_not_a_bullet():
    line = "- Response (Success - HTTP Status 201 Created): returns the user - and nothing more."
    assert split_flattened_bullets(line) == [line]


def test_a_bullet_cut_before_inline_code_is_joined_to_its_continuation():
    lines = [
        "The Event Loop has several phases:",
        "- timers: Executes",
        "setTimeout()andsetInterval()callbacks. - pending callbacks: Executes I/O callbacks.",
        "- check: Executes",
        "setImmediate()callbacks.",
    ]
    assert rejoin_broken_bullets(lines) == [
        "The Event Loop has several phases:",
        "- timers: Executes setTimeout()andsetInterval()callbacks.",
        "- pending callbacks: Executes I/O callbacks.",
        "- check: Executes setImmediate()callbacks.",
    ]


def test_code_after_a_bullet_is_not_joined_to_it():
    lines = ["- app.use((req, res, next, err) => {", "    res.status(500).json({});", "})"]
    assert rejoin_broken_bullets(lines) == lines


def test_a_lead_line_repeated_after_its_children_is_dropped():
    lines = [
        "- Node.js Specific Metrics:",
        "- Event Loop Lag: high lag means blocking.",
        "- Heap Usage: steady growth means a leak.",
        "- Node.js Specific Metrics:",
        "Hypothesis Generation:",
    ]
    assert drop_repeated_bullets(lines) == lines[:3] + lines[4:]


def test_a_repeated_bullet_that_goes_on_to_new_text_is_kept():
    lines = ["- HTTP Status", "400 Bad Request", "- HTTP Status", "409 Conflict"]
    assert drop_repeated_bullets(lines) == lines


def test_a_table_row_gets_back_its_leading_pipe():
    lines = ["| a | b |", "| 1 | 2 |", "3 | 4 |", "| 5 | 6 |"]
    assert restore_table_pipes(lines) == ["| a | b |", "| 1 | 2 |", "| 3 | 4 |", "| 5 | 6 |"]


def test_restructure_never_loses_a_word():
    lines = [
        "- Assuming",
        "setTimeout(fn, 0)will always run first. - Believing that",
        "async/awaitremoves callbacks.",
        "- Assuming",
        "Key Points:",
    ]
    repaired = restructure(lines)
    assert _letters("".join(repaired)) == _letters("".join(lines[:3] + lines[4:]))
    assert repaired[0].startswith("- Assuming setTimeout(fn, 0)")
    assert repaired[1] == "- Believing that async/awaitremoves callbacks."


def test_clean_text_shows_no_damage():
    clean = "Q: What is REST?\nA: An architectural style.\n- Stateless requests.\n- Resources with URLs.\n"
    assert extraction_damage(clean) == 0
    assert extraction_damage("setImmediate()callbacks. x\nsetTimeout()andy\nfoo()bar") >= 3
