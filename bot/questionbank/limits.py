"""Every size limit on questions and uploaded documents, in one place.

``QUESTION_CAPS`` bounds each field of a question: the bank file schema
(``bot.questionbank.schema``) is built from it and ``question_problems`` checks a
parsed question against it, so a hand-written file, a generated one and a
document uploaded to a server meet the same caps. They leave room above every
question of the seed bank (largest in brackets) and fit Discord: a prompt or a
key point always fits an embed field, ten choices fit the buttons.

``UPLOAD_LIMITS`` bounds what reading one uploaded document may cost. The cheap
ones (size, lines, line length) are checked before any parser runs; the reader
runs in a separate process (``bot.questionbank.sandbox``) under the CPU-time,
memory and wall-clock limits, so no document can stall the bot.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.questions import Question

MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Cap:
    """At most ``items`` entries (for lists) of at most ``chars`` characters each."""

    chars: int
    items: int | None = None
    min_items: int = 0


@dataclass(frozen=True, slots=True)
class QuestionCaps:
    prompt: Cap = Cap(1000)  # [799]
    short_answer: Cap = Cap(1000)  # [321]
    full_answer: Cap = Cap(20_000)  # [6,910]; shown in pages of an embed
    explanation: Cap = Cap(2000)  # [794]
    key_points: Cap = Cap(300, items=12)  # [245, 8]
    key_point_accept: Cap = Cap(300, items=8)  # other phrasings of one point [120, 5]
    follow_ups: Cap = Cap(300, items=10)  # [210, 5]
    tags: Cap = Cap(40, items=20)  # [13, 9]
    choices: Cap = Cap(200, items=10, min_items=2)  # [106, 4]; one button each (keys A-J)
    choice_why: Cap = Cap(500)  # why a wrong choice is wrong, shown at the reveal in an embed field
    editor_note: Cap = Cap(1000)  # "Editor's note": one embed field (1,024) at the reveal
    subtopics: Cap = Cap(64, items=3)  # syllabus subtopic slugs
    step_prompt: Cap = Cap(1000)  # [489]
    step_expected: Cap = Cap(4000)  # [1,950]
    steps: Cap = Cap(0, items=8)  # [4]
    topic: Cap = Cap(64)  # [37]
    group: Cap = Cap(100)  # [40]
    source_file: Cap = Cap(200)  # [27]
    extra: Cap = Cap(2000, items=20)  # [463, 7]
    extra_key: Cap = Cap(64)  # [13]
    questions_per_file: int = 500  # [40]


QUESTION_CAPS = QuestionCaps()


@dataclass(frozen=True, slots=True)
class UploadLimits:
    max_bytes: int = MIB
    max_lines: int = 50_000  # [3,026 lines in 58 KB]
    max_line_chars: int = 10_000  # [1,213]; a paragraph written on one line still fits
    max_questions: int = QUESTION_CAPS.questions_per_file
    # YAML bank files: no anchors or aliases at all, and a bounded tree.
    yaml_nodes: int = 100_000  # [500 questions of ~60 nodes]
    yaml_depth: int = 12  # [6: file > questions > question > choices > choice > text]
    yaml_scalar_chars: int = QUESTION_CAPS.full_answer.chars
    # The reader's process (bot.questionbank.sandbox).
    cpu_seconds: int = 5  # [the largest seed document reads in well under 1 s]
    wall_seconds: float = 10.0  # CPU time plus waiting for a busy machine
    memory_bytes: int = 512 * MIB  # address space, libraries included [63 MiB for 1 MiB of text]


UPLOAD_LIMITS = UploadLimits()


def _text_problem(label: str, text: str, cap: Cap) -> str | None:
    if len(text) > cap.chars:
        return f"{label} is {len(text):,} characters long; the limit is {cap.chars:,}"
    return None


def _list_problems(label: str, items: tuple[str, ...], cap: Cap) -> list[str]:
    problems = []
    if cap.items is not None and len(items) > cap.items:
        problems.append(f"it has {len(items)} {label}s; the limit is {cap.items}")
    for i, item in enumerate(items, 1):
        problem = _text_problem(f"{label} {i}", item, cap)
        if problem:
            problems.append(problem)
    return problems


def question_problems(q: Question, caps: QuestionCaps = QUESTION_CAPS) -> list[str]:
    """Why ``q`` breaks a cap or repeats a choice letter (empty when it fits); the same rules as the schema."""
    problems = [
        p
        for p in (
            _text_problem("the prompt", q.prompt, caps.prompt),
            _text_problem("the short answer", q.short_answer, caps.short_answer),
            _text_problem("the full answer", q.full_answer, caps.full_answer),
            _text_problem("the explanation", q.explanation, caps.explanation),
            _text_problem("the editor's note", q.editor_note, caps.editor_note),
        )
        if p
    ]
    problems += _list_problems("key point", tuple(k.point for k in q.key_points), caps.key_points)
    for i, point in enumerate(q.key_points, 1):
        problems += _list_problems(f"key point {i}'s phrasing", point.accept, caps.key_point_accept)
    problems += _list_problems("follow-up", q.follow_ups, caps.follow_ups)
    problems += _list_problems("tag", q.tags, caps.tags)
    problems += _list_problems("choice", tuple(c.text for c in q.choices), caps.choices)
    problems += [
        p for c in q.choices if (p := _text_problem(f"why choice {c.key} is wrong", c.why, caps.choice_why))
    ]
    problems += _list_problems("subtopic", q.subtopics, caps.subtopics)
    if q.choices and len(q.choices) < caps.choices.min_items:
        problems.append(f"it has {len(q.choices)} choice; at least {caps.choices.min_items} are needed")
    keys = [c.key for c in q.choices]
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        problems.append(f"the choice {repeated[0]} appears more than once")
    if caps.steps.items is not None and len(q.steps) > caps.steps.items:
        problems.append(f"it has {len(q.steps)} steps; the limit is {caps.steps.items}")
    for i, step in enumerate(q.steps, 1):
        problems += [
            p
            for p in (
                _text_problem(f"step {i}'s prompt", step.prompt, caps.step_prompt),
                _text_problem(f"step {i}'s expected answer", step.expected, caps.step_expected),
            )
            if p
        ]
    return problems
