"""Answer cards: a scraped page of cards made of emoji-labelled sections.

Each card opens with the same label (on the seed page "🧠 Simple Definition")
and goes on with sections such as "⚡ Super Simple Line", "🧪 Code Example",
"⚡ One-line Interview Answer", "🧠 Memory Trick", "🎯 Interview Gold Sentence".
The page lost the questions' titles, so prompts are "" (overrides supply
them). What comes before the first card is page chrome; a line such as
"24Questions" is the page's declared count.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from bot.domain.questions import Kind
from bot.questionbank.parsed import DeclaredCountMismatch, ParsedQuestion, ParseResult
from bot.questionbank.parsing.code import find_code_runs
from bot.questionbank.parsing.document import Line, skipped, span, texts, trim
from bot.questionbank.parsing.glued import GluedTables
from bot.questionbank.parsing.render import bold, is_short_label, list_item, render_text, tidy

_POINTERS = frozenset("👉➡👇👆☝")
_SUB_LABEL_EMOJI = frozenset("❌✅👍👎🔴🟠🟡🟢🔵🟣🟤⚫⚪🟥🟧🟨🟩🟦🟪🟫")
_TEXT_LABELS = frozenset(
    {
        "simple definition",
        "super simple line",
        "one-line interview answer",
        "10-second version",
        "memory trick",
        "easy memory trick",
        "interview gold sentence",
        "key idea",
        "key insight",
        "common mistake",
    }
)
_DECLARED = re.compile(r"^\s*(?P<count>[0-9]{1,4})\s*questions?\s*$", re.I)
_NAVIGATION = re.compile(r"^(?:back\b|home\b|←|menu\b|categories\b)", re.I)
_HINTS = {
    "memory trick": "memory_trick",
    "easy memory trick": "memory_trick",
    "10-second version": "ten_second",
    "interview gold sentence": "gold_sentence",
    "simple definition": "definition",
}


def _is_emoji(ch: str) -> bool:
    cp = ord(ch)
    if 0x2190 <= cp <= 0x21FF or 0x2500 <= cp <= 0x257F:
        return False  # arrows and box drawing are diagrams, not labels
    return cp >= 0x1F000 or 0x2600 <= cp <= 0x27BF or 0x2B00 <= cp <= 0x2BFF or 0x2300 <= cp <= 0x23FF


def leading_emoji(text: str) -> str:
    """The emoji a line starts with (variation selectors and joiners included), or ""."""
    s = text.strip()
    end = 0
    while end < len(s) and (
        _is_emoji(s[end]) or s[end] in "\ufe0f\u200d" or unicodedata.category(s[end]) == "Sk"
    ):
        end += 1
    return s[:end] if end and _is_emoji(s[0]) else ""


@lru_cache(maxsize=8192)
def label_name(text: str) -> str:
    """``🧠 Simple Definition (Word-for-word)`` -> ``simple definition``."""
    s = text.strip()
    s = s[len(leading_emoji(s)) :]
    # Only up to the last ")": from each "(" of a run with no ")" after it, the search would scan
    # to the end of the line again (quadratic); no match can lie past that point anyway.
    close = s.rfind(")") + 1
    s = re.sub(r"\([^)]*\)", "", s[:close]) + s[close:]
    return " ".join(s.strip(" :*").lower().split())


@lru_cache(maxsize=8192)
def is_label(text: str) -> bool:
    """A section label: a short line opening with an emoji (not a pointer), or a known label's name."""
    s = text.strip()
    emoji = leading_emoji(s)
    if emoji:
        rest = s[len(emoji) :].strip()
        return bool(rest) and len(s) <= 90 and emoji.rstrip("\ufe0f")[:1] not in _POINTERS
    return label_name(s) in _TEXT_LABELS


def is_major_label(text: str) -> bool:
    """A label that opens a card section (coloured dots, ✅/❌ and 👍/👎 only label parts of one)."""
    if not is_label(text):
        return False
    emoji = leading_emoji(text)
    return not emoji or emoji.rstrip("\ufe0f")[:1] not in _SUB_LABEL_EMOJI


def _card_start(lines: Sequence[Line]) -> str | None:
    """The label every card opens with: the first major label, when it recurs."""
    names = [label_name(line.text) for line in lines if is_major_label(line.text)]
    if not names or names.count(names[0]) < 2:
        return None
    return names[0]


def sniff(lines: Sequence[Line]) -> int:
    start = _card_start(lines)
    if start is None:
        return 0
    labels = [label_name(line.text) for line in lines if is_major_label(line.text)]
    if len(set(labels)) < 3:
        return 0
    return 3 * labels.count(start)


def read(lines: Sequence[Line], name: str = "") -> ParseResult:
    result = ParseResult(format="answer-cards")
    start_name = _card_start(lines)
    if start_name is None:
        return result
    starts = [
        i for i, line in enumerate(lines) if is_major_label(line.text) and label_name(line.text) == start_name
    ]
    chrome = list(lines[: starts[0]])
    section = _chrome(chrome, result)
    # Scraped card pages lose the separators of their tables' cells: the words the page
    # writes elsewhere tell where the glued cells meet.
    tables = GluedTables(texts(lines))
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        result.questions.append(_card(trim(lines[start:end]), k + 1, section, tables))
    if result.declared_count is not None and result.declared_count != len(result.questions):
        where = f"{name}: " if name else ""
        raise DeclaredCountMismatch(
            f"{where}the page says it holds {result.declared_count} questions "
            f"but {len(result.questions)} answer cards were found"
        )
    return result


def _chrome(lines: Sequence[Line], result: ParseResult) -> str:
    """File the page chrome as skipped, note the declared count, return the category title."""
    block: list[Line] = []
    for line in lines:
        if m := _DECLARED.match(line.text):
            result.skipped += skipped(block, "page chrome (navigation, category title, subtitle)")
            result.skipped += skipped([line], "declared question count")
            result.declared_count = int(m["count"])
            block = []
        else:
            block.append(line)
    result.skipped += skipped(block, "page chrome (navigation, category title, subtitle)")
    return next(
        (line.stripped for line in lines if not line.blank and not _NAVIGATION.match(line.stripped)), ""
    )


def _sub_label(text: str) -> bool:
    return is_label(text) or is_short_label(text)


def _card(lines: Sequence[Line], number: int, section: str, tables: GluedTables) -> ParsedQuestion:
    bounds = span(lines)
    assert bounds is not None  # a card starts at its label
    sections: list[tuple[str, list[str]]] = []
    for line in lines:
        if is_major_label(line.text):
            sections.append((line.stripped, []))
        else:
            sections[-1][1].append(line.text)
    question = ParsedQuestion(
        kind=Kind.OPEN,
        prompt="",
        full_answer=tidy(
            "\n\n".join(part for label, body in sections if (part := _section_markdown(label, body, tables)))
        ),
        first_line=bounds[0],
        last_line=bounds[1],
        section=section,
        label=f"card {number}",
    )
    for label, body in sections:
        kind = label_name(label)
        content = [line.strip() for line in body if line.strip()]
        if kind == "one-line interview answer" and not question.short_answer:
            question.short_answer = " ".join(content)
        elif kind in _HINTS and _HINTS[kind] not in question.hints and content:
            question.hints[_HINTS[kind]] = _unquote("\n".join(content))
        if kind == "super simple line" or kind.startswith(("key idea", "key insight")):
            question.key_points += _points(body)
    return question


def _points(body: Sequence[str]) -> list[str]:
    """The lines of a section as key points, except labels and code.

    A section with lines of its own stops at its first sub-label ("🟡 2. ...");
    one that opens straight onto sub-labels ("🔵 process.nextTick") is made of them.
    """
    first_label = next((i for i, text in enumerate(body) if is_label(text)), len(body))
    if any(text.strip() for text in body[:first_label]):
        body = body[:first_label]
    code = {i for run in find_code_runs(body) for i in range(run.start, run.end)}
    return [
        item[1] if (item := list_item(text)) else text.strip()
        for i, text in enumerate(body)
        if text.strip() and i not in code and not is_label(text)
    ]


def _section_markdown(label: str, body: Sequence[str], tables: GluedTables) -> str:
    content = render_text(body, is_label=_sub_label, glued_tables=tables)
    return f"{bold(label)}\n{content}" if content else bold(label)


def _unquote(text: str) -> str:
    s = text.strip()
    if len(s) >= 2 and s[0] in '"“' and s[-1] in '"”':
        return s[1:-1].strip()
    return s
