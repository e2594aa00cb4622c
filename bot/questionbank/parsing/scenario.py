"""A mock-interview scenario: a setup, numbered interviewer/candidate exchanges, red flags.

The whole walk-through becomes one question of kind ``scenario``: its prompt
is the setup and the interviewer's opening, each numbered exchange a
:class:`ScenarioStep` (the interviewer's question, the candidate's expected
response). What the interviewer adds after an answer ("You check the
dashboards...") opens the next step's prompt, since that is when it is said.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.domain.questions import Kind, ScenarioStep
from bot.questionbank.parsed import ParsedQuestion
from bot.questionbank.parsing.document import Line, span, trim
from bot.questionbank.parsing.render import bold, is_short_label, render_text, tidy

_SPEAKER = re.compile(
    r"(?:^|(?<=\s))(?:[*•-]\s*)?(?P<who>Interviewer\s+Follow-?up|Interviewer|Candidate(?:\s+Response)?|Expected\s+Response)\s*:\s*",
    re.M,
)
_STEP = re.compile(r"^\s*(?P<number>[0-9]{1,2})[.)]\s+(?P<title>.*)$")
_FLOW_LABEL = re.compile(
    r"^(?:sequential\s+questions|expected\s+flow|questions\s*&\s*expected\s+flow|interview\s+flow)", re.I
)
_SETUP_LABEL = re.compile(r"^(?:scenario\s+)?setup\s*:?\s*$", re.I)
_QUOTES = "“”\"'"


def read_scenario(unit: Sequence[Line]) -> ParsedQuestion | None:
    """The scenario starting at ``unit[0]`` (its heading), or None when it has no exchanges."""
    lines = trim(unit)
    if not lines:
        return None
    title = re.split(r":\s*", lines[0].stripped, maxsplit=1)[-1].strip("*# ")
    body = lines[1:]
    steps_at = _step_starts(body)
    if not steps_at:
        return None
    flow_label = next(
        (i for i, line in enumerate(body[: steps_at[0]]) if _FLOW_LABEL.match(line.stripped)), None
    )
    setup = list(body[: flow_label if flow_label is not None else steps_at[0]])
    end_of_steps, closing = _closing_part(body, steps_at[-1])
    exchanges = [
        _exchange(body[start : (steps_at[k + 1] if k + 1 < len(steps_at) else end_of_steps)])
        for k, start in enumerate(steps_at)
    ]
    steps: list[ScenarioStep] = []
    carried = ""
    for _, asked, expected, follow_up in exchanges:
        prompt = "\n\n".join(part for part in (carried, asked) if part)
        steps.append(ScenarioStep(prompt=prompt, expected=expected))
        carried = follow_up
    bounds = span(lines)
    assert bounds is not None  # lines were trimmed and are not empty
    return ParsedQuestion(
        kind=Kind.SCENARIO,
        prompt=_prompt(title, setup),
        full_answer=_full_answer(exchanges, closing),
        first_line=bounds[0],
        last_line=bounds[1],
        steps=steps,
        label=lines[0].stripped.split(":")[0].strip("*# "),
    )


def _step_starts(body: Sequence[Line]) -> list[int]:
    """Numbered lines that open an exchange: in sequence, outside a quoted answer, naming the interviewer."""
    starts: list[int] = []
    open_quote = False
    for i, line in enumerate(body):
        m = _STEP.match(line.text)
        expected = len(starts) + 1
        if m and not open_quote and int(m["number"]) == expected:
            ahead = " ".join(near.stripped for near in body[i : i + 2])
            if re.search(r"\bInterviewer\s*:", ahead):
                starts.append(i)
        open_quote = _quote_state(line.text, open_quote)
    return starts


def _quote_state(text: str, open_quote: bool) -> bool:
    for ch in text:
        if ch == "“":
            open_quote = True
        elif ch == "”":
            open_quote = False
    return open_quote


def _closing_part(body: Sequence[Line], last_start: int) -> tuple[int, list[Line]]:
    """Where the last exchange ends and what follows it (e.g. "Red Flags to Avoid:")."""
    open_quote = False
    for i in range(last_start, len(body)):
        text = body[i].stripped
        if i > last_start and not open_quote and is_short_label(text) and not _SPEAKER.match(text):
            return i, list(body[i:])
        open_quote = _quote_state(body[i].text, open_quote)
    return len(body), []


def _exchange(lines: Sequence[Line]) -> tuple[str, str, str, str]:
    """(title, interviewer question, candidate response, interviewer follow-up) of one numbered step."""
    text = "\n".join(line.text.rstrip() for line in lines)
    m = _STEP.match(text.split("\n", 1)[0])
    head_title = m["title"] if m else ""
    speakers = list(_SPEAKER.finditer(text))
    title_end = speakers[0].start() if speakers else len(text)
    title = text[:title_end].split("\n", 1)[0]
    title = (
        (_STEP.match(title)["title"] if _STEP.match(title) else head_title)
        .strip()
        .rstrip("*")
        .strip()
        .rstrip(":")
    )
    said: dict[str, str] = {}
    for k, match in enumerate(speakers):
        end = speakers[k + 1].start() if k + 1 < len(speakers) else len(text)
        who = match["who"].lower()
        key = "follow_up" if "follow" in who else "asked" if who.startswith("interviewer") else "expected"
        said.setdefault(key, _speech(text[match.end() : end]))
    return title, said.get("asked", ""), said.get("expected", ""), said.get("follow_up", "")


def _speech(text: str) -> str:
    """A speaker's words without the quotes around them, their inner bullets as Markdown."""
    s = text.strip().rstrip("*").strip()
    if s[:1] in _QUOTES:
        s = s[1:]
    if s[-1:] in _QUOTES:
        s = s[:-1]
    return render_text(s.strip().split("\n"))


def _prompt(title: str, setup: Sequence[Line]) -> str:
    paragraphs = [title] if title else []
    for line in setup:
        if line.blank or _SETUP_LABEL.match(line.stripped):
            continue
        paragraphs.append(line.stripped)
    return "\n\n".join(paragraphs)


def _full_answer(exchanges: Sequence[tuple[str, str, str, str]], closing: Sequence[Line]) -> str:
    out: list[str] = []
    for number, (title, asked, expected, follow_up) in enumerate(exchanges, start=1):
        out.append(bold(f"{number}. {title}" if title else f"Step {number}"))
        if asked:
            out.append(f"{bold('Interviewer:')} {asked}")
        if expected:
            out.append(f"{bold('Candidate:')} {expected}")
        if follow_up:
            out.append(f"{bold('Interviewer follow-up:')} {follow_up}")
        out.append("")
    if closing:
        out.append(render_text([line.text for line in closing]))
    return tidy("\n".join(out))
