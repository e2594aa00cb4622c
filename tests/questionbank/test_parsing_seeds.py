"""The five seed documents parse into what a reader of them would expect."""

import itertools
import re
from collections import Counter
from pathlib import Path

import pytest

from bot.domain.questions import Kind
from bot.questionbank.parsed import DeclaredCountMismatch, ParsedQuestion, ParseResult
from bot.questionbank.parsing import parse_document, unaccounted_lines
from bot.questionbank.parsing.document import split_lines

SOURCES = Path(__file__).resolve().parents[2] / "content" / "sources"
SEEDS = sorted(p.name for p in SOURCES.iterdir())


def _parse(name: str) -> ParseResult:
    return parse_document((SOURCES / name).read_text(encoding="utf-8"), name=name)


@pytest.fixture(scope="module")
def parsed() -> dict[str, ParseResult]:
    return {name: _parse(name) for name in SEEDS}


def test_the_five_seeds_are_all_there():
    assert SEEDS == [
        "cards-node-backend-24.txt",
        "deep-dive-node-backend.md",
        "guide-node-backend-2026.txt",
        "qa-node-express-40.txt",
        "syllabus-backend-stage2.txt",
    ]


@pytest.mark.parametrize(
    ("name", "shape", "kinds", "declared"),
    [
        ("qa-node-express-40.txt", "numbered-qa", {"open": 40}, 40),
        ("cards-node-backend-24.txt", "answer-cards", {"open": 24}, 24),
        ("guide-node-backend-2026.txt", "guide", {"open": 8, "mcq": 5, "scenario": 1}, None),
        ("deep-dive-node-backend.md", "markdown-headings", {"open": 6}, None),
        ("syllabus-backend-stage2.txt", "syllabus", {}, None),
    ],
)
def test_each_seed_yields_its_questions(parsed, name, shape, kinds, declared):
    result = parsed[name]
    assert result.format == shape
    assert Counter(q.kind.value for q in result.questions) == kinds
    assert result.declared_count == declared


@pytest.mark.parametrize("name", SEEDS)
def test_every_line_is_a_question_or_skipped_with_a_reason(parsed, name):
    text = (SOURCES / name).read_text(encoding="utf-8")
    result = parsed[name]
    assert unaccounted_lines(text, result) == []
    assert all(block.reason.strip() for block in result.skipped)
    ranges = sorted(
        [(q.first_line, q.last_line) for q in result.questions]
        + [(b.first_line, b.last_line) for b in result.skipped]
    )
    assert all(a[1] < b[0] for a, b in itertools.pairwise(ranges)), "ranges overlap"


# Words that label a part of a document and come back as a field rather than as text.
_STRUCTURE = {"ans", "answer", "key", "points", "follow", "up", "questions", "question", "sequential"}
_STRUCTURE |= {"expected", "flow", "scenario", "setup", "response", "correct", "explanation"}


def _everything_shown(q: ParsedQuestion) -> str:
    parts = [q.prompt, q.full_answer, q.short_answer, q.explanation, q.label, q.section, *q.key_points]
    parts += [*q.follow_ups, *q.hints.values(), *(f"{c.key} {c.text}" for c in q.choices)]
    parts += [f"{s.prompt} {s.expected}" for s in q.steps]
    return re.sub(r"[^0-9a-z]", "", " ".join(parts).lower())


@pytest.mark.parametrize("name", SEEDS)
def test_no_word_of_a_question_is_lost(parsed, name):
    lines = split_lines((SOURCES / name).read_text(encoding="utf-8"))
    for q in parsed[name].questions:
        shown = _everything_shown(q)
        source = " ".join(lines[q.first_line - 1 : q.last_line])
        lost = [
            w
            for w in re.findall(r"[0-9A-Za-z]+", source)
            if w.lower() not in _STRUCTURE | {""} and w.lower() not in shown
        ]
        assert lost == [], f"{q.label or q.prompt[:40]}: {lost[:10]}"


@pytest.mark.parametrize("name", [n for n in SEEDS if not n.startswith("syllabus")])
def test_answers_are_discord_ready(parsed, name):
    for q in parsed[name].questions:
        assert q.full_answer.strip(), q.label
        assert not re.search(r"[ \t]+$", q.full_answer, re.M), f"trailing spaces in {q.label}"
        assert "\n\n\n" not in q.full_answer
        assert q.full_answer.count("```") % 2 == 0


def _reasons(result: ParseResult) -> set[str]:
    return {block.reason for block in result.skipped}


def test_skipped_blocks_say_why(parsed):
    assert "self-introduction, not a question" in _reasons(parsed["qa-node-express-40.txt"])
    assert {"introduction", "section heading", "practical tips", "summary", "references"} <= _reasons(
        parsed["guide-node-backend-2026.txt"]
    )
    assert {"confidentiality notice", "organisation footer", "date", "document title"} <= _reasons(
        parsed["syllabus-backend-stage2.txt"]
    )
    assert "document title" in _reasons(parsed["deep-dive-node-backend.md"])
    assert any(r.startswith("page chrome") for r in _reasons(parsed["cards-node-backend-24.txt"]))


def test_numbered_qa_keeps_numbers_code_and_bullets(parsed):
    questions = parsed["qa-node-express-40.txt"].questions
    assert [q.label for q in questions] == [f"Q-{n}" for n in range(1, 41)]
    assert questions[0].prompt == "What is event Loop?"
    assert "```js\napp.use((req, res, next) => {" in questions[4].full_answer  # Q-5's unfenced middleware
    assert questions[11].key_points == [
        "Seprate dB schema for each services.",
        "Define relations locally, avoid tight coupling.",
        "Use migrations like Sequelize or typeORM.",
    ]
    assert questions[0].key_points == []  # a single bullet: the builder derives key points
    assert questions[-1].last_line == 197  # the self-introduction below is not part of Q-40


def test_answer_cards_lift_their_labelled_sections(parsed):
    cards = parsed["cards-node-backend-24.txt"].questions
    assert all(q.prompt == "" for q in cards)
    assert [q.label for q in cards] == [f"card {n}" for n in range(1, 25)]
    worker = cards[1]
    assert worker.short_answer.startswith("Worker threads in Node.js allow running JavaScript in parallel")
    assert worker.hints["memory_trick"] == "Event loop = handles I/O\nWorker threads = handles heavy CPU work"
    assert worker.hints["ten_second"].startswith("Worker threads let Node.js run heavy CPU tasks")
    assert worker.key_points == [
        "Worker threads = extra JS threads for heavy tasks so main thread stays free",
        "Worker threads are NOT for async I/O — they are for CPU-bound tasks.",
    ]
    assert "**⚡ One-line Interview Answer**" in worker.full_answer
    assert cards[15].hints["gold_sentence"].startswith("I never concatenate user input into SQL queries")
    assert all(q.short_answer for q in cards)


def test_guide_sections_mcqs_and_scenario(parsed):
    result = parsed["guide-node-backend-2026.txt"]
    open_ = [q for q in result.questions if q.kind == Kind.OPEN]
    assert [q.section for q in open_] == [
        "Node.js Fundamentals & Asynchronous Programming",
        "Node.js Module Systems & Dependencies",
        "Intermediate Backend Concepts: REST APIs & Authentication",
        "Data Structures and Algorithms (DSA) in Backend Context",
        "Advanced Node.js: Performance & Concurrency",
        "System Design: Scalable Real-time APIs",
        "Debugging Production Incidents",
        "Best Practices & Architecture Decisions",
    ]
    rest_api = open_[2]
    # "1. User Registration" inside the answer is not a section heading.
    assert "1. User Registration" in rest_api.full_answer
    assert "2. User Login" in rest_api.full_answer
    assert rest_api.follow_ups[-1] == "How would you secure the refreshToken?"
    assert "**Common Mistakes:**" in rest_api.full_answer
    assert "Key Points" not in rest_api.full_answer
    assert len(rest_api.key_points) == 7

    mcqs = [q for q in result.questions if q.kind == Kind.MCQ]
    assert [q.correct_choice for q in mcqs] == ["C", "B", "C", "B", "C"]
    assert [c.text for c in mcqs[0].choices] == ["cluster", "child_process", "worker_threads", "events"]
    assert [c.key for c in mcqs[4].choices] == ["A", "B", "C", "D"]  # options inline on one line
    assert mcqs[4].prompt.endswith("for handling notifications?")
    assert mcqs[4].choices[2].text.startswith("It decouples notification producers from consumers")
    assert mcqs[1].explanation.startswith("- `process.nextTick()` callbacks are part of the `nextTickQueue`")


def test_guide_scenario_is_one_walkthrough(parsed):
    (scenario,) = [q for q in parsed["guide-node-backend-2026.txt"].questions if q.kind == Kind.SCENARIO]
    assert scenario.prompt.startswith("Diagnosing High Latency in a Node.js API\n\nYou are a Senior Node.js")
    assert "Can you walk me through your diagnostic process" in scenario.prompt
    assert [s.prompt.splitlines()[-1] for s in scenario.steps] == [
        "What’s your very first step upon receiving this alert?",
        "Okay, dependencies look fine, but Node.js CPU is high. What’s next?",
        "You’ve identified a likely culprit: the /admin/products/export-all route causing Event Loop blocking. "
        "What’s your immediate mitigation strategy and then your plan for a permanent fix?",
        "Good plan. After the rollback, latency returns to normal. "
        "What would you do in the post-mortem phase to prevent this from happening again?",
    ]
    assert scenario.steps[0].expected.startswith("My first step would be to verify the alert’s scope")
    assert scenario.steps[1].prompt.startswith("You check the dashboards.")  # the follow-up opens step 2
    assert "- Immediate Mitigation:" in scenario.steps[2].expected
    assert "**Red Flags to Avoid:**\n- Panicking" in scenario.full_answer
    assert (scenario.first_line, scenario.last_line) == (657, 690)


def test_guide_repairs_extraction_damage(parsed):
    event_loop = parsed["guide-node-backend-2026.txt"].questions[0]
    assert "- timers: Executes `setTimeout()` and `setInterval()` callbacks." in event_loop.full_answer
    assert "\n- pending callbacks: Executes I/O callbacks deferred" in event_loop.full_answer
    assert event_loop.follow_ups[0] == (
        "How do `process.nextTick()` and `queueMicrotask()` fit into the Event Loop? "
        "When would you use them over `Promise.resolve().then()`?"
    )
    modules = parsed["guide-node-backend-2026.txt"].questions[1]
    assert "| Top-level this | Refers to module.exports. | Is undefined. |" in modules.full_answer
    blocking = parsed["guide-node-backend-2026.txt"].questions[4]
    assert blocking.full_answer.count("Always prefer asynchronous versions of Node.js APIs") == 1


def test_deep_dive_key_points_are_the_bold_leads(parsed):
    questions = parsed["deep-dive-node-backend.md"].questions
    assert [q.label for q in questions] == [f"Question {n}" for n in range(1, 7)]
    assert questions[0].key_points == [
        "Never block the event loop",
        "Use async/await for readability",
        "Understand microtask priority",
        "Monitor event loop lag",
    ]
    assert "```javascript\n// Event loop phases demonstration" in questions[0].full_answer
    assert "---" not in questions[0].full_answer


def test_syllabus_topics(parsed):
    topics = parsed["syllabus-backend-stage2.txt"].topics
    assert [(t.number, t.title) for t in topics] == [
        (1, "Node.js Core and Runtime Fundamentals"),
        (2, "Express.js and HTTP Middleware"),
        (3, "APIs and Real-Time Systems"),
        (4, "Data Consistency and Concurrency"),
        (5, "Queues, Jobs, and Background Work"),
        (6, "Authentication, Authorization, and Security"),
        (7, "Performance, Scalability, and Observability"),
        (8, "Testing and Debugging Practices"),
        (9, "Database and ORM Usage"),
    ]
    assert topics[0].id == "node-js-core-runtime-fundamentals"
    assert len({t.id for t in topics}) == 9
    assert all(len(t.id) <= 40 for t in topics)
    titles = [[s.title for s in t.subtopics] for t in topics]
    assert "Debugging focus: Watching for dropped connections and reconnect loops" in titles[2]
    assert "Handling live updates (e.g., stock, patient, or sensor data)" in titles[2]  # after the notice
    assert "Debugging focus: Flaky integration tests with async jobs or sockets" in titles[7]
    # A lead-in and each of its items are sub-topics of their own, never merged into one.
    assert titles[4][:4] == [
        "Difference between",
        "Difference between: Worker threads",
        "Difference between: Job queues",
        "Difference between: Microservices",
    ]
    assert titles[1] == [
        "How middleware stacks work",
        "Writing reusable middleware for",
        "Writing reusable middleware for: Handling async errors properly (next(err) or centralized error handler)",
        "Writing reusable middleware for: File upload handling (multer, stream-based uploads)",
        "Writing reusable middleware for: Performance optimizations: compression, caching headers, pagination",
        "Writing reusable middleware for: Middleware debugging",
    ]
    assert not any(s.title.startswith("o ") or ";" in s.title for t in topics for s in t.subtopics)
    slugs = [s.slug for t in topics for s in t.subtopics]
    # 71 lines: the taxonomy makes 64 sub-topics of them (4 headings; "Difference between" is one of 4 lines)
    assert len(slugs) == len(set(slugs)) == 71


def _lines(name: str) -> list[str]:
    return (SOURCES / name).read_text(encoding="utf-8").split("\n")


def test_a_missing_numbered_question_is_a_declared_count_mismatch():
    lines = _lines("qa-node-express-40.txt")
    start, end = (
        lines.index("Q-12: How to manage DB schema design in microservices?"),
        lines.index("Q-13: How did Redis help in reducing response time in your app?"),
    )
    text = "\n".join(lines[:start] + lines[end:])
    with pytest.raises(DeclaredCountMismatch, match=r"declares 40 questions; found 39: missing Q-12"):
        parse_document(text, name="qa.txt")


def test_a_repeated_number_is_a_declared_count_mismatch():
    text = (SOURCES / "qa-node-express-40.txt").read_text(encoding="utf-8").replace("Q-13:", "Q-12:")
    with pytest.raises(
        DeclaredCountMismatch, match=r"declares 40 questions; found 40: missing Q-13; Q-12 appears 2 times"
    ):
        parse_document(text)


def test_a_missing_card_is_a_declared_count_mismatch():
    lines = _lines("cards-node-backend-24.txt")
    starts = [i for i, line in enumerate(lines) if "Simple Definition" in line]
    text = "\n".join(lines[: starts[5]] + lines[starts[6] :])
    with pytest.raises(DeclaredCountMismatch, match=r"says it holds 24 questions but 23 answer cards"):
        parse_document(text, name="cards.txt")
