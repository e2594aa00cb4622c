"""Multiple-choice questions: options ``A)``/``(a)``/``A.``, then an answer line, then an explanation.

Used by every reader: a question whose body starts with a run of lettered
options (or whose prompt carries them inline, ``... ? A) x B) y C) z``) and
names its answer (``Answer: B``, ``Correct answer: (b)``, ``Ans: c``,
``* **Correct Answer:** C``) is a multiple-choice question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain.questions import Choice, Kind
from bot.questionbank.parsed import ParsedQuestion
from bot.questionbank.parsing.document import Line
from bot.questionbank.parsing.render import bold, render_text

_OPTION = re.compile(r"^\s*(?:[-*•]\s+)?(?:\((?P<a>[a-hA-H])\)|(?P<b>[a-hA-H])[.)])\s+(?P<text>\S.*)$")
# Space runs are possessive (each is followed by a non-space): `\s*(?:\*\*|__)?\s*` backtracked
# quadratically on a long run of spaces.
_ANSWER = re.compile(
    r"^\s*+(?:[-*•]\s++)?(?:\*\*|__)?(?:(?:correct\s+answer|correct\s+option|answer|ans)\s*+(?:(?:\*\*|__)\s*+)?[:\-–]"
    r"|a\s*+(?:(?:\*\*|__)\s*+)?:)\s*+"
    r"(?:(?:\*\*|__)\s*+)?\(?(?P<key>[a-hA-H])\b\)?(?=\s*+(?:$|[).:\-–,]|\*\*))(?P<rest>.*)$",
    re.I,
)
_INLINE_OPTION = re.compile(r"(?:(?<=\s)|^)(?:\((?P<a>[a-hA-H])\)|(?P<b>[A-H])\))\s+")
_EXPLANATION = re.compile(r"^\s*(?:[-*•]\s+)?(?:\*\*|__)?explanation\s*:?\s*(?:\*\*|__)?\s*:?\s*", re.I)


@dataclass(frozen=True, slots=True)
class McqParts:
    stem: str
    choices: list[Choice]
    correct: str | None
    explanation: str


def _key(match: re.Match[str]) -> str:
    return (match["a"] or match["b"]).upper()


def split_inline_options(text: str) -> tuple[str, list[Choice]]:
    """``Which? A) x B) y`` -> ("Which?", [A x, B y]) when the letters run A, B, C... in order."""
    matches = list(_INLINE_OPTION.finditer(text))
    expected = "A"
    picked: list[re.Match[str]] = []
    for match in matches:
        if _key(match) == expected:
            picked.append(match)
            expected = chr(ord(expected) + 1)
    if len(picked) < 2:
        return text, []
    choices = [
        Choice(_key(m), text[m.end() : (picked[i + 1].start() if i + 1 < len(picked) else len(text))].strip())
        for i, m in enumerate(picked)
    ]
    return text[: picked[0].start()].strip(), choices


def extract_mcq(prompt: str, body: Sequence[str]) -> McqParts | None:
    """The multiple-choice parts of a question, or None when it has no lettered options."""
    stem, choices = split_inline_options(prompt)
    i = 0
    n = len(body)
    if not choices:
        i, choices = _option_lines(body)
    if len(choices) < 2:
        return None
    while i < n and not body[i].strip():
        i += 1
    correct: str | None = None
    rest: list[str] = []
    if i < n and (m := _ANSWER.match(body[i])):
        correct = m["key"].upper()
        tail = m["rest"].strip().lstrip(").:-–").strip().strip("*").strip()
        tail = _past_option(tail, choices, correct)
        rest = [tail] if tail else []
        rest += list(body[i + 1 :])
    else:
        rest = list(body[i:])
    if correct is not None and correct not in {c.key for c in choices}:
        correct = None
    return McqParts(stem, choices, correct, _explanation(rest))


def _option_lines(body: Sequence[str]) -> tuple[int, list[Choice]]:
    choices: list[Choice] = []
    i, n = 0, len(body)
    while i < n and not body[i].strip():
        i += 1
    while i < n:
        m = _OPTION.match(body[i])
        if m and _key(m) == chr(ord("A") + len(choices)):
            choices.append(Choice(_key(m), m["text"].strip()))
        elif body[i].strip() and choices and not _ANSWER.match(body[i]) and not _EXPLANATION.match(body[i]):
            # An option that wrapped onto the next line.
            last = choices.pop()
            choices.append(Choice(last.key, f"{last.text} {body[i].strip()}"))
        elif body[i].strip() or not choices:
            break
        i += 1
    return i, choices


def _past_option(tail: str, choices: list[Choice], key: str) -> str:
    """The answer line's words after a restatement of the right option, which the answer already names.

    ``B) 201 Created, usually with a Location header`` -> ``Usually with a Location header``;
    ``B) 201 Created.`` -> "". Kept whole, the restated option appeared twice in the answer.
    """
    text = next((c.text for c in choices if c.key == key), "").rstrip(".").strip()
    if not text or not tail.lower().startswith(text.lower()) or tail[len(text) : len(text) + 1].isalnum():
        return tail
    after = tail[len(text) :].lstrip(" .,;:-–—").strip()
    return after[:1].upper() + after[1:]


def _explanation(lines: Sequence[str]) -> str:
    kept = list(lines)
    while kept and not kept[0].strip():
        kept.pop(0)
    if kept and (m := _EXPLANATION.match(kept[0])):
        head = kept[0][m.end() :].strip()
        kept = ([head] if head else []) + kept[1:]
    return render_text(kept)


def mcq_answer_markdown(parts: McqParts) -> str:
    """The full answer shown at the reveal: the right option, then why."""
    right = next((c for c in parts.choices if c.key == parts.correct), None)
    lines = [
        bold(f"Correct answer: {right.key}) {right.text}") if right else bold("Correct answer: not given")
    ]
    if parts.explanation:
        lines += ["", bold("Explanation:"), parts.explanation]
    return "\n".join(lines)


_ITEM_START = re.compile(r"^\s*(?:\*\*)?(?P<number>[0-9]{1,3})[.)]\s+\S")


def split_numbered_items(lines: Sequence[Line]) -> tuple[list[Line], list[list[Line]]]:
    """The lines before item 1, then items 1, 2, 3... (a number out of sequence is part of the item above)."""
    head: list[Line] = []
    items: list[list[Line]] = []
    for line in lines:
        m = _ITEM_START.match(line.text)
        if m and int(m["number"]) == len(items) + 1:
            items.append([line])
        elif items:
            items[-1].append(line)
        else:
            head.append(line)
    return head, items


def make_mcq(question: ParsedQuestion, parts: McqParts) -> ParsedQuestion:
    """Turn a parsed question into the multiple-choice question its parts describe."""
    question.kind = Kind.MCQ
    question.prompt = parts.stem or question.prompt
    question.choices = parts.choices
    question.correct_choice = parts.correct
    question.explanation = parts.explanation
    question.full_answer = mcq_answer_markdown(parts)
    return question
