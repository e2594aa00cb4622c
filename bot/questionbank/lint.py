"""``qotd bank lint``: what a member would find reading badly, found before they see it.

The checks are pure and read questions only: words (``lint_words``), layout
(``lint_markdown``), what a question says (``lint_answers``). A finding names
its check's stable code (``CHECKS``), the question, the field and a short
excerpt of the offending text. Waivers in ``content/overrides.yaml``
(``lint_waivers``) silence findings, each with its reason.

Linear in the bank's text (the dictionary is loaded once, verdicts cached per
word), except the near-duplicate pairs, quadratic in the number of questions
like the build's own grouping.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.domain.questions import Question
from bot.questionbank import lint_answers as answers
from bot.questionbank import lint_markdown as markdown
from bot.questionbank import lint_waivers as waivers
from bot.questionbank import lint_words as words
from bot.questionbank.bank import load_bank
from bot.questionbank.bankfile import parse_bank_text
from bot.questionbank.errors import BankError
from bot.questionbank.lint_text import Finding, text_fields

VOCABULARY = "lint/vocabulary.txt"  # under content/
OVERRIDES = "overrides.yaml"

# Every check's stable code and what it finds; waivers name these codes.
CHECKS: dict[str, str] = {
    words.RUN_TOGETHER: "words run together by extraction (closeevent, import()for)",
    words.MISSPELLING: "a word neither the dictionary nor content/lint/vocabulary.txt knows",
    words.TABLE_CELLS: "a table whose cell separators were lost (FeaturenextTicksetImmediate...)",
    markdown.TABLE_PIPES: "a Markdown pipe table, which Discord shows as raw pipes",
    markdown.FENCE_UNBALANCED: "an odd number of ``` fences: a code block never closed",
    markdown.FENCE_STRAY: "a ``` in the middle of a line, an empty code block, or code in a one-line text",
    markdown.CODE_UNINDENTED: "a code block that opens blocks but has every line at column 0",
    markdown.EMAIL_PROTECTED: "a web page's '[email protected]' obfuscation left in the text",
    answers.SHORT_DANGLING: "a short answer ending in ':' or '-'",
    answers.SHORT_QUESTION: "a short answer that asks a question",
    answers.SHORT_HEADING: "a short answer that starts with a heading or a label",
    answers.SHORT_UNFINISHED: "a short answer that stops half-way (no sentence end, an open bracket)",
    answers.SHORT_ONE_PART: "a short answer to only one part of a two-part prompt",
    answers.KEY_POINTS_COUNT: "fewer than 2 or more than 7 key points",
    answers.KEY_POINTS_ONE_PART: "no key point about one part of a two-part prompt",
    answers.KEY_POINT_STOP_WORDS: "a key point made mostly of stop words",
    answers.KEY_POINT_UNSUPPORTED: "a key point whose words the prompt and answer mostly lack",
    answers.KEY_POINT_FIRST_PERSON: "a key point in the first person (I, my, we)",
    answers.KEY_POINT_SLOGAN: "a key point written as a slogan (X = Y, arrows, a quote)",
    answers.KEY_POINT_FRAGMENT: "a key point of one or two words: a name, not an idea",
    answers.PROMPT_PUNCTUATION: "a prompt with '??', ' ?', '..' or the like",
    answers.PERSONAL_PROJECT: "a daily question about the seed author's own projects",
    answers.WALKTHROUGH_REPEATED: "a scenario whose full answer already holds the walk-through",
    answers.NEAR_DUPLICATE: "two questions the near-duplicate rule relates, not in one group",
    waivers.STALE_WAIVER: "a waiver in content/overrides.yaml that waives nothing",
    waivers.UNKNOWN_CHECK: "a waiver naming a check that does not exist",
}


def lint_questions(questions: Sequence[Question], checker: words.WordChecker) -> list[Finding]:
    """Every finding for ``questions`` (no waivers applied), sorted by question, field and check."""
    findings: list[Finding] = []
    for q in questions:
        for f in text_fields(q):
            findings += markdown.field_findings(q.id, f)
            findings += checker.field_findings(q.id, f)
        findings += answers.question_findings(q)
    findings += answers.near_duplicate_findings(questions)
    return sorted(set(findings))


@dataclass(frozen=True)
class LintResult:
    questions: int
    findings: list[Finding]
    waived: int


def lint(questions: Sequence[Question], content_dir: Path) -> LintResult:
    """``questions`` linted with ``content_dir``'s vocabulary and waivers."""
    checker = words.WordChecker(words.read_vocabulary(content_dir / VOCABULARY))
    found = lint_questions(questions, checker)
    listed = waivers.read_waivers(content_dir / OVERRIDES)
    kept, waived = waivers.apply_waivers(found, listed, {q.id for q in questions}, set(CHECKS))
    return LintResult(len(questions), kept, waived)


def read_questions(path: Path, content_dir: Path) -> list[Question]:
    """The questions of a bank file (.yaml) or of a document read as the build reads a source."""
    from bot.questionbank import builder  # the builder imports much; only documents need it

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BankError(f"{path}: cannot read it ({exc})") from exc
    if path.suffix.lower() in (".yaml", ".yml"):
        return parse_bank_text(path, text).questions
    questions, _ = builder.parse_upload(text, path.name, content_dir)
    return questions


def bank_questions(bank_dir: Path) -> list[Question]:
    return list(load_bank(bank_dir).questions)
