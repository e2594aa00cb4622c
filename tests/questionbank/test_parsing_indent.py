"""Code that lost all its indentation gets it back; code that has it is never touched."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from bot.questionbank.parsed import ParseResult
from bot.questionbank.parsing import indent, parse_document
from bot.questionbank.parsing.indent import indent_answers, needs_indentation, reindent

SOURCES = Path(__file__).resolve().parents[2] / "content" / "sources"
SEEDS = sorted(p.name for p in SOURCES.iterdir() if not p.name.startswith("syllabus"))
_BLOCK = re.compile(r"```(\w*)\n(.*?)\n```", re.S)


def _blocks(result: ParseResult) -> list[tuple[str, str]]:
    return [
        (m[1], m[2])
        for q in result.questions
        for text in (q.full_answer, q.explanation, *(s.expected for s in q.steps))
        for m in _BLOCK.finditer(text)
    ]


@pytest.fixture(scope="module")
def before_and_after(request: pytest.FixtureRequest) -> list[tuple[str, str, str]]:
    """(language, block as parsed without re-indentation, block as built) for every seed code block."""
    pairs: list[tuple[str, str, str]] = []
    with pytest.MonkeyPatch.context() as patch:
        for name in SEEDS:
            text = (SOURCES / name).read_text(encoding="utf-8")
            built = _blocks(parse_document(text, name=name))
            patch.setattr("bot.questionbank.parsing.indent_answers", lambda questions: None)
            plain = _blocks(parse_document(text, name=name))
            patch.undo()
            assert len(plain) == len(built)
            pairs += [(lang, a, b) for (lang, a), (_, b) in zip(plain, built, strict=True)]
    return pairs


def _balanced(code: str) -> bool:
    depth = 0
    for line in code.split("\n"):
        depth = indent._depth_after(line, depth)
        if depth < 0:
            return False
    return depth == 0


def _squeezed(code: str) -> str:
    return re.sub(r"\s+", "", code)


def test_every_seed_code_block_is_untouched_or_reindented_with_balanced_braces(before_and_after):
    changed = [(lang, a, b) for lang, a, b in before_and_after if a != b]
    for _, before, after in changed:
        assert needs_indentation(before.split("\n")), before[:60]  # every line at column 0, nested
        assert _squeezed(before) == _squeezed(after)  # nothing but white space changed
        assert _balanced(after)
        assert any(line[:1] == " " for line in after.split("\n"))
    # The 2026 guide's blocks: the event-loop demo, four request/response bodies, the activity
    # feed's schema, two JSON bodies and its controller.
    assert len(changed) == 9
    assert len(before_and_after) - len(changed) > 40


def test_the_reindented_blocks_read_as_their_language(before_and_after):
    changed = {b: lang for lang, a, b in before_and_after if a != b}
    programs = [code for code, lang in changed.items() if lang == "js"]
    assert len(programs) == 2
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    for code in programs:
        run = subprocess.run([node, "--check"], input=code, capture_output=True, text=True, timeout=30)
        assert run.returncode == 0, run.stderr
    bodies = [code for code, lang in changed.items() if lang == "json" and "//" not in code]
    assert bodies
    assert all(json.loads(code) is not None for code in bodies)


def test_the_event_loop_demo_is_indented_line_for_line(before_and_after):
    (demo,) = [b for lang, a, b in before_and_after if a != b and b.startswith("console.log('Start');")]
    assert demo.split("\n")[1:4] == [
        "setTimeout(() => {",
        "  console.log('setTimeout callback (timer phase)');",
        "}, 0);",
    ]


@pytest.mark.parametrize(
    ("code", "language"),
    [
        (["function f() {", "  return 1;", "}"], "js"),  # already indented
        (["def f():", "return 1"], "python"),  # not a language the formatter knows
        (["if (a) {", "b();", "c();"], "js"),  # braces not balanced: a fragment
        (["const a = 1;", "const b = 2;", "f(a, b);"], "js"),  # flat code needs no indentation
        (["fn main() {", "let x = 1;", "}"], "rust"),
    ],
)
def test_code_that_is_fine_or_foreign_is_left_as_it_is(code, language):
    assert reindent(code, language) == code


def test_the_authors_spacing_inside_a_line_is_kept():
    code = ["const o = {a:1, b:[1,2]};", "if (o.a) {", "f( o );", "}"]
    assert reindent(code, "js") == ["const o = {a:1, b:[1,2]};", "if (o.a) {", "  f( o );", "}"]


def test_a_document_reindents_a_bounded_number_of_blocks():
    block = '```json\n{\n"a": 1\n}\n```\n'
    text = "Q: What is it?\nA: It is this:\n" + block * (indent.DOCUMENT_BLOCKS + 5)
    (question,) = parse_document(text).questions
    assert question.full_answer.count('\n  "a": 1\n') == indent.DOCUMENT_BLOCKS
    assert question.full_answer.count('\n"a": 1\n') == 5


def test_a_multiple_choice_explanation_is_reindented_too():
    result = parse_document("Q: Which?\nA) x\nB) y\nAnswer: B\nExplanation:\n```js\nif (a) {\nb();\n}\n```\n")
    assert "if (a) {\n  b();\n}" in result.questions[0].explanation
    indent_answers(result.questions)  # a second pass finds nothing left to do
    assert "if (a) {\n  b();\n}" in result.questions[0].explanation
