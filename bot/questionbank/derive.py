"""What the builder fills in when a document does not say it: short answers, key points, difficulty.

Difficulty rule (shown by ``qotd bank stats`` and in the README):

- a multiple-choice question is **easy**; a mock-interview scenario is **hard**;
- an open question is rated by the depth of its model answer:
  ``depth = min(words / 200, 4) + 1 if it has code + 2 if the prompt asks to
  design, architect, scale, diagnose, migrate, weigh trade-offs or explain
  internals``; depth < 1.5 is **easy**, < 3.5 **medium**, otherwise **hard**.

``content/overrides.yaml`` can pin any question's difficulty.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.domain.questions import Choice, Difficulty, Kind

SHORT_ANSWER_MAX = 300
KEY_POINTS_MAX = 6
KEY_POINT_MAX_CHARS = 140

_DESIGN_CUES = re.compile(
    r"\b(design|architect\w*|scal\w+|diagnos\w*|on-call|incident|migrat\w*|trade-?offs?|internals?|internally"
    r"|production)\b",
    re.IGNORECASE,
)
_FENCE = re.compile(r"```.*?```", re.DOTALL)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z`*\"'(])")
# Where a paragraph ends: a blank line, or a line break, except one inside a sentence (the line
# does not end a sentence and the next goes on in lower case), which a wrapped answer holds.
_LINE_BREAK = re.compile(r"\n\s*\n|(?<![^.!?:;\n])\n(?=\S)|\n(?=[^\sa-z])")


def plain(markdown: str) -> str:
    """Markdown without code blocks, emphasis and bullets: prose for deriving summaries."""
    text = _FENCE.sub(" ", markdown)
    # A list item stays a paragraph of its own (a blank line before it) without its marker. The
    # indent is [ \t], not \s: from every line start of a run of blank lines \s*+ ran to its end
    # (an answer of many code blocks, each now a space, took seconds).
    text = re.sub(r"^[ \t]*+(?:[-*•]|\d+[.)])\s+", "\n", text, flags=re.MULTILINE)
    text = re.sub(r"\*\*([^*]+)\*\*", r"\1", text)
    text = text.replace("`", "")
    return text


def sentences(text: str) -> list[str]:
    """Sentences of prose, in order, whitespace folded."""
    out: list[str] = []
    for para in _LINE_BREAK.split(text):
        para = " ".join(para.split())
        if para:
            out.extend(s.strip() for s in _SENTENCE_END.split(para) if s.strip())
    return out


def short_answer(full_answer: str) -> str:
    """One or two sentences that answer the question, at most ``SHORT_ANSWER_MAX`` characters."""
    parts = [s for s in sentences(plain(full_answer)) if len(s) > 3 and not s.endswith(":")]
    if not parts:
        return clip(" ".join(plain(full_answer).split()), SHORT_ANSWER_MAX)
    result = parts[0]
    if len(result) < 80 and len(parts) > 1 and len(result) + len(parts[1]) < SHORT_ANSWER_MAX:
        result = f"{result} {parts[1]}"
    return clip(result, SHORT_ANSWER_MAX)


def clip(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to fit ``limit`` characters, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def key_points(full_answer: str, short: str) -> list[str]:
    """Key points when the document lists none: the answer's bullets, else its first sentences."""
    bullets = [b.replace("**", "").replace("`", "") for b in list_items(full_answer) if len(b) > 8]
    if len(bullets) >= 2:
        return [clip(b, KEY_POINT_MAX_CHARS) for b in bullets[:KEY_POINTS_MAX]]
    points = [c for s in sentences(plain(full_answer)) if not s.endswith(":") for c in clauses(s)]
    points = [p for p in points if len(p) > 12]
    if not points and short:
        points = [short]
    return [clip(p, KEY_POINT_MAX_CHARS) for p in points[:KEY_POINTS_MAX]]


_ITEM = re.compile(r"^\s*+(?:[-*•]|\d+[.)])\s+(.+)$")


def list_items(markdown: str) -> list[str]:
    """The list items of some Markdown outside code, each whole: a line that goes on in lower case
    under an item (a wrapped item) belongs to it."""
    items: list[str] = []
    open_item = False
    for line in _FENCE.sub("", markdown).split("\n"):
        if m := _ITEM.match(line):
            items.append(m.group(1).strip())
            open_item = True
        elif open_item and line.strip()[:1].islower():
            items[-1] += " " + line.strip()
        else:
            open_item = False
    return items


# Where a sentence holds two ideas: a semicolon, or a comma before a joining word.
_CLAUSE_JOIN = re.compile(r";\s+|,\s+(?=(?:and|but|which|so|because|while|whereas)\b)", re.IGNORECASE)
_CLAUSE_MIN_WORDS = 4
_LEADING_JOIN = re.compile(r"^(?:and|but|so)\s+", re.IGNORECASE)


def clauses(sentence: str) -> list[str]:
    """A sentence's essential clauses: split where it joins two ideas, each long enough to state one."""
    parts = [_LEADING_JOIN.sub("", p.strip(" ,;")) for p in _CLAUSE_JOIN.split(sentence)]
    out: list[str] = []
    for part in parts:
        if out and len(part.split()) < _CLAUSE_MIN_WORDS:
            out[-1] = f"{out[-1]}, {part}"  # too short to stand alone: it belongs to the clause before
        elif part:
            out.append(part)
    return out


def difficulty(kind: Kind, prompt: str, full_answer: str) -> Difficulty:
    """The documented difficulty rule (module docstring)."""
    if kind is Kind.MCQ:
        return Difficulty.EASY
    if kind is Kind.SCENARIO:
        return Difficulty.HARD
    words = len(plain(full_answer).split())
    depth = min(words / 200, 4.0)
    if "```" in full_answer:
        depth += 1
    if _DESIGN_CUES.search(prompt):
        depth += 2
    if depth < 1.5:
        return Difficulty.EASY
    if depth < 3.5:
        return Difficulty.MEDIUM
    return Difficulty.HARD


def mcq_short_answer(choices: Sequence[Choice], correct: str | None) -> str:
    """A multiple-choice question's headline: the right option as a sentence ("" when none is named).

    Derived from the full answer instead, the bold "Correct answer: B) ..." line ran on into the
    explanation's first sentence, which often restates the option.
    """
    right = next((c for c in choices if c.key == correct), None)
    if right is None:
        return ""
    headline = f"{right.key}) {right.text.strip()}"
    return clip(headline if headline.endswith((".", "!", "?")) else f"{headline}.", SHORT_ANSWER_MAX)
