"""Turning source lines into Discord-ready Markdown.

The output conventions every reader shares: code in fenced blocks (with a
language when evident), bullets as ``- ``, labels as **bold** lines, no
trailing spaces and never more than one blank line in a row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from bot.questionbank.parsing.code import find_code_runs
from bot.questionbank.parsing.glued import GluedTables
from bot.questionbank.parsing.tables import pipe_table, render_table

_BULLET = re.compile(r"^\s*(?:[-*+•●▪◦–]\s+|-(?=[A-Za-z]))(?P<text>.*)$")
_NUMBERED = re.compile(r"^\s*(?P<number>[0-9]{1,3})[.)]\s+(?P<text>\S.*)$")
# Greedy and possessive, the closing #s stripped in Python: a lazy `(?P<text>.*?)\s*#*\s*$`
# backtracks cubically on a run of spaces (bench/RESULTS.md, "Hostile documents").
_MD_HEADING = re.compile(r"^\s{0,3}(?P<marks>#{1,6})\s++(?P<rest>.*+)$")
_RULE = re.compile(r"^\s{0,3}(?:-{3,}|\*{3,}|_{3,})\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_PARENTHETICAL = re.compile(r"\([^()]*\)")


def is_short_label(text: str) -> bool:
    """A line such as ``Example:`` or ``Request Body (application/json):``: a heading in plain text."""
    s = text.strip()
    if not s.endswith(":") or len(s) > 80 or not s[:1].isupper():
        return False
    words = re.findall(r"[A-Za-z0-9][\w'’/.-]*", _PARENTHETICAL.sub("", s[:-1]))
    return 0 < len(words) <= 5 and not re.search(r"[.;!?:]", _PARENTHETICAL.sub("", s[:-1]))


def markdown_heading(line: str) -> tuple[int, str] | None:
    """(level, text) of a Markdown heading line, its closing #s removed; None for any other line."""
    m = _MD_HEADING.match(line)
    if m is None:
        return None
    return len(m["marks"]), m["rest"].rstrip().rstrip("#").rstrip()


def bold(text: str) -> str:
    s = text.strip().strip("*").strip()
    return f"**{s}**" if s else ""


def fence(code: Sequence[str], language: str = "") -> str:
    """A fenced block; blank lines inside are collapsed so the block stays compact."""
    body: list[str] = []
    for raw in code:
        line = raw.rstrip()
        if not line and (not body or not body[-1]):
            continue
        body.append(line)
    while body and not body[-1]:
        body.pop()
    return "\n".join([f"```{language}", *body, "```"])


def tidy(text: str) -> str:
    """No trailing spaces, no run of blank lines longer than one, no blank edges."""
    lines = [line.rstrip() for line in text.split("\n")]
    out: list[str] = []
    in_fence = False
    for line in lines:
        if _FENCE.match(line):
            in_fence = not in_fence
        if not line and out and not out[-1] and not in_fence:
            continue
        out.append(line)
    return "\n".join(out).strip("\n")


def list_item(text: str) -> tuple[str, str] | None:
    """("-", text) for a bullet, ("1.", text) for a numbered item, else None."""
    if m := _BULLET.match(text):
        return "-", m["text"].strip()
    if m := _NUMBERED.match(text):
        return f"{m['number']}.", m["text"].strip()
    return None


def render_text(
    lines: Sequence[str],
    *,
    is_label: Callable[[str], bool] = is_short_label,
    fix_prose: Callable[[str], str] | None = None,
    glued_tables: GluedTables | None = None,
) -> str:
    """Markdown for plain (or lightly marked-up) text: code fenced, bullets normalized, tables as lists.

    Existing ``` fences are kept verbatim, Markdown headings become bold lines and horizontal rules are dropped (Discord shows them as text).
    Pipe tables are rendered as :mod:`bot.questionbank.parsing.tables` says; with
    ``glued_tables`` (the document's finder), so is a paragraph that opens the text or follows a
    label and reads as a table whose cell separators were lost.
    """
    runs = {run.start: run for run in find_code_runs(lines)}
    out: list[str] = []
    previous_kind = ""
    i, n = 0, len(lines)
    next_text = -1  # index of the first non-blank line at or after i, shared by a run of blank lines
    while i < n:
        raw = lines[i]
        if i in runs:
            run = runs[i]
            code = list(lines[run.start : run.end])
            if item := list_item(code[0]):
                code[0] = item[1]  # "- app.use((req, res) => {": the bullet is layout, not code
            _blank_line(out)
            out.append(fence(code, run.language))
            out.append("")
            previous_kind = "code"
            i = run.end
            continue
        if table := _table_at(lines, i, glued_tables, fix_prose, opens=previous_kind in {"", "label"}):
            _blank_line(out)
            out += [table[1], ""]
            previous_kind = "table"
            i = table[0]
            continue
        if _FENCE.match(raw):
            end = i + 1
            while end < n and not _FENCE.match(lines[end]):
                end += 1
            _blank_line(out)
            out.append(raw.strip())
            out.extend(line.rstrip() for line in lines[i + 1 : end])
            out.append(_FENCE.match(raw)[1])
            out.append("")
            previous_kind = "code"
            i = end + 1
            continue
        i += 1
        s = raw.strip()
        if not s:
            # Extraction often puts a blank line between list items: keep lists tight.
            if next_text < i:  # found once per run of blank lines: rescanning made the run quadratic
                next_text = next((k for k in range(i, n) if lines[k].strip()), n)
            nxt = list_item(lines[next_text] if next_text < n else "")
            if nxt and previous_kind == ("-" if nxt[0] == "-" else "1."):
                continue
            out.append("")
            continue
        if _RULE.match(s):
            previous_kind = ""
            continue
        if heading := markdown_heading(raw):
            out.append(bold(heading[1]))
            previous_kind = "label"
            continue
        if is_label(s):
            out.append(bold(s))
            previous_kind = "label"
            if _OUTPUT_LABEL.search(s) and (end := _output_end(lines, i)) > i:
                # What a program prints keeps its lines only in a code block.
                start = next(j for j in range(i, end) if lines[j].strip())
                out += ["", fence(lines[start:end]), ""]
                previous_kind = "code"
                i = end
            continue
        item = list_item(raw)
        if item:
            marker, text = item
            out.append(f"{marker} {fix_prose(text) if fix_prose else text}")
            previous_kind = "-" if marker == "-" else "1."
            continue
        out.append(fix_prose(s) if fix_prose else s)
        previous_kind = "text"
    return tidy("\n".join(out))


_OUTPUT_LABEL = re.compile(r"\boutput\b", re.I)


def _output_end(lines: Sequence[str], start: int) -> int:
    """End of the short lines a program printed, following an "Output" label (``start`` if none)."""
    i = start
    while i < len(lines) and not lines[i].strip():
        i += 1
    end = i
    while end < len(lines) and (s := lines[end].strip()):
        if list_item(s) or s.endswith((".", ":")) or len(s.split()) > 8 or _FENCE.match(s):
            break
        end += 1
    return end if end > i else start


def _table_at(
    lines: Sequence[str],
    i: int,
    glued: GluedTables | None,
    fix: Callable[[str], str] | None,
    *,
    opens: bool,
) -> tuple[int, str] | None:
    """(end, Markdown) of a table starting at line ``i``, or None.

    A glued table is looked for only where a paragraph ``opens`` the text or follows a label.
    """
    if found := pipe_table(lines, i):
        return found[0], render_table(found[1], fix)
    if glued is None or not opens or not lines[i].strip():
        return None
    end = i
    while end < len(lines) and lines[end].strip():
        if list_item(lines[end]) or _FENCE.match(lines[end]):
            return None
        end += 1
    table = glued.table(lines[i:end])
    return (end, render_table(table)) if table else None


def _blank_line(out: list[str]) -> None:
    if out and out[-1]:
        out.append("")
