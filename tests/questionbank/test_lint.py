"""`qotd bank lint` reports each kind of defect with its question, field and text, and a clean question gives nothing."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from bot.questionbank.bankfile import dump_yaml
from bot.questionbank.errors import BankFileError
from bot.questionbank.lint import CHECKS, lint, read_questions
from bot.questionbank.lint_text import excerpt
from bot.questionbank.lint_words import WordChecker

CLEAN_ANSWER = (
    "The event loop runs a callback once the operation it waited for has finished, so one thread "
    "can serve many connections without blocking. Slow work such as reading a file goes to libuv, "
    "see https://nodejs.org/en/learn/asynchronous-work/event-loop-timers-and-nexttick for the phases; "
    "`fs.readFileSync` and worker_threads are named in code, not spelt.\n\n"
    "```js\n"
    "const fs = require('fs');\n"
    "fs.readFile(__filename, () => {\n"
    "  console.log('closeevent is code, never checked');\n"
    "});\n"
    "```"
)
CLEAN_POINTS = [
    "The event loop runs a callback once its operation has finished",
    {"point": "One thread can serve many connections without blocking", "accept": ["no thread per request"]},
    "Slow work such as reading a file goes to libuv",
]


def question(qid: str, **fields: Any) -> dict[str, Any]:
    """A question with clean text everywhere except the ``fields`` given."""
    data: dict[str, Any] = {
        "id": qid,
        "kind": "open",
        "topic": "node-js-core-runtime-fundamentals",
        "difficulty": "medium",
        "prompt": "What does the event loop do in Node.js?",
        "short_answer": "It runs callbacks when their operations finish, so one thread serves many connections.",
        "full_answer": CLEAN_ANSWER,
        "key_points": CLEAN_POINTS,
        "group": "defects",  # the same prompt throughout: one group, so no near-duplicate findings
    }
    data.update(fields)
    if "with_answer" in data:  # a defect added to the clean answer, which the key points rest on
        data["full_answer"] = CLEAN_ANSWER + "\n\n" + data.pop("with_answer")
    if data["group"] is None:
        del data["group"]
    return copy.deepcopy(data)  # no shared lists: a bank file refuses YAML aliases


PIPE_TABLE = "Compared:\n| Feature | CJS | ESM |\n|---|---|---|\n| Syntax | require | import |"
LOST_TABLE = (
    "The two differ:\n"
    "FeaturenextTicksetImmediatePhasebefore event loop continuesafter I/O phasePriorityhighestlower\n"
    "Use either with care."
)
UNINDENTED = "```js\nfunction add(a, b) {\nreturn a + b;\n}\n```"
LEAKS_KEY_POINTS = [
    "Memory that stays referenced by mistake is never freed",
    "Heap snapshots show what keeps the memory alive",
]
LEAKS = {
    "short_answer": "A leak is memory kept referenced by mistake; heap snapshots show what holds it.",
    "full_answer": "A leak is memory kept referenced by mistake. Heap snapshots show what holds it, "
    "and removing the forgotten references frees the memory.",
    "key_points": LEAKS_KEY_POINTS,
}
SCENARIO_STEP = "First I would check the dashboards for error rates and the latest deployment."

DEFECTS = [
    question("clean-one"),
    question(
        "words-one",
        prompt="What is the diference between the event loop and a thread?",
        with_answer="It executes closeevent callbacks; ESM code can dynamicallyimport()CJS modules.",
    ),
    question("table-one", with_answer=LOST_TABLE),
    question("table-two", with_answer=PIPE_TABLE),
    question("fence-one", with_answer="Run it:\n```js\nconst a = 1;\n"),
    question("fence-two", with_answer="Run ```npm test``` first.\n\n```\n```"),
    question("code-one", with_answer="An adder:\n\n" + UNINDENTED),
    question("mail-one", with_answer='Send {"email": "[email protected]"} to register.'),
    question("short-one", short_answer="By using four parameters in the handler:"),
    question("short-two", short_answer="Interviewer: What is your very first step?"),
    question("short-three", short_answer="Conceptual Explanation The event loop runs callbacks."),
    question("short-four", short_answer="Using HTTPS and input validation"),
    question(
        "short-five",
        prompt="What is a Promise? What do Promise.all() and Promise.allSettled() do?",
        short_answer="A Promise is an object holding the future result of an asynchronous operation.",
        full_answer="A Promise is an object holding the future result of an asynchronous operation. "
        "Promise.all() waits for all of them and Promise.allSettled() reports each outcome.",
        key_points=[
            "A Promise holds the future result of an asynchronous operation",
            "Promise.all() waits for all of them to finish",
        ],
    ),
    question("points-one", key_points=["The event loop runs a callback once its operation has finished"]),
    question(
        "points-two",
        key_points=[
            "It is what it does to them when it can",
            "Database replicas share the load across regions",
            "I will check the logs first",
            "Loop = callbacks run later",
            "Event loop",
        ],
    ),
    question(
        "points-three",
        prompt="What are worker threads in Node.js, and how do they share memory?",
        full_answer="Worker threads run JavaScript in parallel. They share memory through SharedArrayBuffer.",
        short_answer="Worker threads run JavaScript in parallel and share memory through a SharedArrayBuffer.",
        key_points=[
            "Worker threads run JavaScript in parallel",
            "Each worker runs JavaScript on its own thread",
        ],
    ),
    question("prompt-one", prompt="What does the event loop do??"),
    question("prompt-two", prompt="How did you integrate the video SDK in Taso?"),
    question(
        "scenario-one",
        kind="scenario",
        prompt="Your API's error rate jumps after a deployment. Walk through what you do.",
        short_answer="Check the dashboards and the latest deployment first, then roll back if it is to blame.",
        full_answer="Step by step:\n\n" + SCENARIO_STEP,
        # The full answer holds the first step but not the second: all steps are shown after it,
        # so the first twice (a full answer that holds every step gets none added).
        steps=[
            {"prompt": "What is your first step?", "expected": SCENARIO_STEP},
            {"prompt": "And then?", "expected": "Roll the deployment back while the team reads the logs."},
        ],
        key_points=["The dashboards show the error rates", "The latest deployment is checked first"],
    ),
    question(
        "note-one",
        editor_note="The seed says listeners run later; they run synchronusly, in the order they were added.",
    ),
    question(
        "choice-one",
        kind="mcq",
        choices=[
            {"key": "A", "text": "The main thred", "why": "It only runs closeevent callbacks."},
            {"key": "B", "text": "The event loop"},
        ],
        correct_choice="B",
        explanation="The event loop runs each callback once its operation has finished.",
    ),
    question("leaks-one", prompt="How do you handle memory leaks in Node.js?", group=None, **LEAKS),
    question(
        "leaks-two",
        prompt="How do you find and fix memory leaks in a Node.js application?",
        group=None,
        **LEAKS,
    ),
    question("leaks-three", prompt="How do you handle memory leaks in Node.js?", group="leaks", **LEAKS),
    question("leaks-four", prompt="How do you find and fix memory leaks?", group="leaks", **LEAKS),
]

EXPECTED = {
    ("misspelling", "words-one", "prompt", "diference"),
    ("run-together", "words-one", "full_answer", "closeevent"),
    ("run-together", "words-one", "full_answer", "dynamicallyimport()CJS"),
    ("run-together", "words-one", "full_answer", "dynamicallyimport()"),
    ("table-cells-lost", "table-one", "full_answer", excerpt(LOST_TABLE.split("\n")[1], 60)),
    ("table-pipes", "table-two", "full_answer", "| Feature | CJS | ESM |"),
    ("fence-unbalanced", "fence-one", "full_answer", "```js const a = 1;"),
    ("fence-stray", "fence-two", "full_answer", "Run ```npm test``` first."),
    ("fence-stray", "fence-two", "full_answer", "```"),
    ("code-unindented", "code-one", "full_answer", "function add(a, b) {"),
    ("email-protected", "mail-one", "full_answer", 'Send {"email": "[email protected]"} to register.'),
    ("short-answer-dangling", "short-one", "short_answer", "By using four parameters in the handler:"),
    ("short-answer-question", "short-two", "short_answer", "Interviewer: What is your very first step?"),
    ("short-answer-heading", "short-two", "short_answer", "Interviewer:"),
    ("short-answer-heading", "short-three", "short_answer", "Conceptual Explanation"),
    ("short-answer-unfinished", "short-four", "short_answer", "Using HTTPS and input validation"),
    (
        "short-answer-one-part",
        "short-five",
        "short_answer",
        "What do Promise.all() and Promise.allSettled() do?",
    ),
    ("key-points-count", "points-one", "key_points", "1 key points"),
    ("key-point-stop-words", "points-two", "key_point:1", "It is what it does to them when it can"),
    ("key-point-unsupported", "points-two", "key_point:2", "Database replicas share the load across regions"),
    ("key-point-first-person", "points-two", "key_point:3", "I will check the logs first"),
    ("key-point-slogan", "points-two", "key_point:4", "Loop = callbacks run later"),
    ("key-point-fragment", "points-two", "key_point:5", "Event loop"),
    ("key-points-one-part", "points-three", "key_points", "how do they share memory?"),
    ("misspelling", "note-one", "editor_note", "synchronusly"),
    ("misspelling", "choice-one", "choice:A", "thred"),
    ("run-together", "choice-one", "choice:A.why", "closeevent"),
    ("prompt-punctuation", "prompt-one", "prompt", "What does the event loop do??"),
    ("personal-project", "prompt-two", "prompt", "How did you integrate the video SDK in Taso?"),
    ("walkthrough-repeated", "scenario-one", "step:1.expected", excerpt(SCENARIO_STEP, 60)),
    (
        "near-duplicate-ungrouped",
        "leaks-two",
        "group",
        "leaks-one: How do you handle memory leaks in Node.js?",
    ),
    ("near-duplicate-ungrouped", "leaks-one", "group", "group leaks: leaks-three, leaks-four"),
    ("near-duplicate-ungrouped", "leaks-two", "group", "group leaks: leaks-three, leaks-four"),
}


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    (folder / "lint").mkdir(parents=True)
    (folder / "lint" / "vocabulary.txt").write_text("# test vocabulary\nlibuv\nTaso\n")
    return folder


def write_bank(folder: Path, questions: list[dict[str, Any]]) -> Path:
    path = folder / "pack.yaml"
    path.write_text(dump_yaml({"questions": questions}), encoding="utf-8")
    return path


def found(content: Path, questions: list[dict[str, Any]]) -> set[tuple[str, str, str, str]]:
    result = lint(read_questions(write_bank(content, questions), content), content)
    return {(f.check, f.question_id, f.field, f.text) for f in result.findings}


def test_each_kind_of_defect_is_reported_with_its_question_field_and_text_and_nothing_else(content):
    assert found(content, DEFECTS) == EXPECTED


def test_every_check_the_document_exercises_is_a_listed_check():
    assert {check for check, *_ in EXPECTED} <= set(CHECKS)


def test_a_clean_question_gives_nothing(content):
    assert found(content, [question("clean-one")]) == set()


def test_a_word_in_the_vocabulary_is_accepted_and_one_not_listed_is_reported(content):
    text = question("vocab-one", with_answer="BullMQ keeps its queues in Redis.")
    before = found(content, [text])
    assert ("misspelling", "vocab-one", "full_answer", "BullMQ") not in before  # an identifier: not spelt
    assert ("misspelling", "vocab-one", "full_answer", "Redis") in before  # not an English word
    (content / "lint" / "vocabulary.txt").write_text("libuv\nredis\n")
    assert found(content, [text]) == set()


def test_a_waiver_silences_its_finding_and_a_stale_one_or_an_unknown_check_is_reported(content):
    (content / "overrides.yaml").write_text(
        "words-one:\n"
        "  waive:\n"
        '    - {check: misspelling, text: diference, reason: "the seed\'s spelling, kept on purpose"}\n'
        "    - {check: run-together, text: nowhere in the text, reason: mistyped}\n"
        "    - {check: no-such-check, text: closeevent, reason: a check that does not exist}\n"
        "other-one:\n"
        "  waive:\n"
        "    - {check: misspelling, text: x, reason: an id this run does not lint}\n"
    )
    words = [q for q in DEFECTS if q["id"] == "words-one"]
    result = lint(read_questions(write_bank(content, words), content), content)

    got = {(f.check, f.field, f.text) for f in result.findings}
    assert ("misspelling", "prompt", "diference") not in got
    assert ("stale-waiver", "waive:2", "nowhere in the text") in got
    assert ("waiver-unknown-check", "waive:3", "closeevent") in got
    assert ("run-together", "full_answer", "closeevent") in got  # the unknown check waives nothing
    assert result.waived == 1
    assert not any(f.question_id == "other-one" for f in result.findings)


def test_a_malformed_waiver_stops_the_lint_as_it_stops_the_build(content):
    (content / "overrides.yaml").write_text(
        "words-one:\n  waive:\n    - {check: misspelling, text: diference}\n"
    )
    words = [q for q in DEFECTS if q["id"] == "words-one"]

    with pytest.raises(BankFileError, match="words-one: waive"):
        lint(read_questions(write_bank(content, words), content), content)


def test_real_words_the_list_lacks_and_names_that_join_words_are_not_findings():
    checker = WordChecker()
    line = "It attaches a vnd.myapi.v2 header; ther are args, and soawaitor.then() is glued."

    assert {(check, text) for check, text, _ in checker.word_problems(line)} == {
        ("misspelling", "ther"),  # common on the web, but as a slip for "the"
        ("run-together", "soawaitor.then()"),  # a connective glued onto a name: prose ran into it
    }


def test_punctuation_inside_code_in_a_prompt_is_not_stray(content):
    plan = "Why is this plan slow?\n```text\nIndex Scan (cost=0.58..12.62 rows=1)\n```\nWhat would you change?"
    in_code = found(content, [question("plan-one", prompt=plan)])
    assert not {f for f in in_code if f[0] == "prompt-punctuation"}
    doubled = found(content, [question("plan-two", prompt="Why is this plan slow??")])
    assert {check for check, *_ in doubled} == {"prompt-punctuation"}
