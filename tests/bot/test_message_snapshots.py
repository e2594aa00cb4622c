"""Every message the bot can send, read as text: within Discord's limits and free of what members
should never see (raw Markdown tables, ISO dates, internal ids).

The samples (``message_samples.py``) go through the real builders. Their text is
kept under ``tests/snapshots/messages/``, one file per message, so a review sees
how a change reads to members; after a deliberate change rewrite them with
``QOTD_SNAPSHOTS=update .venv/bin/python -m pytest tests/bot/test_message_snapshots.py``.
A flaw another branch is fixing is an xfail naming that branch, for the lead to
remove once it has merged.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import discord
import pytest

from bot.domain import limits
from tests.sim.harness import assert_within_discord_limits

from .message_samples import Sample, bank, longest, samples, size

SNAPSHOTS = Path(__file__).resolve().parents[1] / "snapshots" / "messages"
UPDATE = os.environ.get("QOTD_SNAPSHOTS") == "update"

FENCE = re.compile(r"```.*?(?:```|\Z)", re.S)
INLINE_CODE = re.compile(r"`[^`\n]+`")
LINK_TARGET = re.compile(r"\]\(https?://[^)\s]+\)")  # a Markdown link's address is not shown
MENTION = re.compile(r"<(?:@[!&]?|#)\d+>|<t:-?\d+(?::[tTdDfFR])?>")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
SERVER_QUESTION_ID = re.compile(r"\bg\d{15,20}-[0-9a-z]{4,}\b")
SNOWFLAKE = re.compile(r"(?<![\w/])\d{17,20}(?!\w)")


def file_name(sample: Sample) -> str:
    return re.sub(r"[^a-z0-9]+", "-", sample.name.casefold()).strip("-") + ".txt"


def _component_lines(view: discord.ui.View) -> Iterator[str]:
    for number, row in enumerate(view.to_components(), 1):
        parts = []
        for item in row["components"]:
            label = item.get("label") or item.get("placeholder") or ""
            if item.get("emoji"):
                label = f"{item['emoji'].get('name', '')} {label}".strip()
            if item["type"] == discord.ComponentType.button.value:
                parts.append(f"[{label}]" + (" (disabled)" if item.get("disabled") else ""))
            else:
                options = [o["label"] + (" ✓" if o.get("default") else "") for o in item.get("options", [])]
                options += [f"<@&{v['id']}> ✓" for v in item.get("default_values", [])]
                parts.append("<menu: " + " · ".join(filter(None, [label, *options])) + ">")
        yield f"row {number}: " + " ".join(parts)


def render(sample: Sample) -> str:
    """The message as text: what a member reads, top to bottom, then its buttons and menus."""
    out: list[str] = []
    if sample.content:
        out += ["--- content", sample.content]
    for number, embed in enumerate(sample.embeds, 1):
        data = embed.to_dict()
        out.append(f"--- embed {number}")
        if data.get("title"):
            out.append(f"# {data['title']}")
        if data.get("description"):
            out.append(data["description"])
        for item in data.get("fields") or []:
            out += [f"## {item['name']}" + (" (inline)" if item.get("inline") else ""), item["value"]]
        if data.get("image"):
            out.append(f"[image {data['image']['url']}]")
        if (data.get("footer") or {}).get("text"):
            out.append(f"-- {data['footer']['text']}")
    if sample.view is not None and sample.view.children:
        out.append("--- components")
        out += _component_lines(sample.view)
    return "\n".join(out) + "\n"


def shown_text(sample: Sample) -> str:
    """What members read: content, embed text, labels, option labels and placeholders (no custom ids)."""
    parts = [sample.content or ""]
    for embed in sample.embeds:
        data = embed.to_dict()
        parts += [
            data.get("title") or "",
            data.get("description") or "",
            (data.get("footer") or {}).get("text") or "",
        ]
        parts += [f"{f['name']}\n{f['value']}" for f in data.get("fields") or []]
    if sample.view is not None:
        for row in sample.view.to_components():
            for item in row["components"]:
                parts += [item.get("label") or "", item.get("placeholder") or ""]
                parts += [option["label"] for option in item.get("options", [])]
    return "\n".join(parts)


def problems(text: str) -> list[str]:
    """Raw tables, ISO dates and internal ids in ``text``; code is the member's or the bank's, left alone."""
    prose = INLINE_CODE.sub("`…`", FENCE.sub("```…```", text))
    prose = MENTION.sub("<mention>", LINK_TARGET.sub("](…)", prose))
    found = [f"raw Markdown table: {line.strip()!r}" for line in prose.splitlines() if line.count("|") >= 2]
    found += [f"ISO date {m!r}" for m in ISO_DATE.findall(prose)]
    found += [f"internal question id {m!r}" for m in SERVER_QUESTION_ID.findall(prose)]
    found += [f"raw id {m!r}" for m in SNOWFLAKE.findall(SERVER_QUESTION_ID.sub("…", prose))]
    return found


def _limits(sample: Sample) -> None:
    if sample.content is not None:
        assert_within_discord_limits(sample.content)
    assert_within_discord_limits(sample.embeds)
    if sample.view is not None:
        assert_within_discord_limits(sample.view)


def _with_known_flaws(test: str) -> list[Any]:
    return [
        pytest.param(
            s,
            id=s.name,
            marks=[pytest.mark.xfail(strict=False, reason=s.known)] if s.known and test == "words" else [],
        )
        for s in samples()
    ]


@pytest.mark.parametrize("sample", _with_known_flaws("limits"))
def test_every_message_fits_discords_limits(sample: Sample):
    _limits(sample)


@pytest.mark.parametrize("sample", _with_known_flaws("words"))
def test_no_raw_table_iso_date_or_internal_id_shows(sample: Sample):
    assert problems(shown_text(sample)) == []


@pytest.mark.parametrize("sample", _with_known_flaws("snapshot"))
def test_every_message_reads_as_its_snapshot(sample: Sample):
    path = SNAPSHOTS / file_name(sample)
    text = render(sample)
    if UPDATE or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    stored = path.read_text(encoding="utf-8")
    if stored != text:
        diff = "".join(difflib.unified_diff(stored.splitlines(True), text.splitlines(True), str(path), "now"))
        pytest.fail(f"{sample.name} reads differently; if that is meant, set QOTD_SNAPSHOTS=update:\n{diff}")


def test_the_longest_questions_of_the_bank_are_among_the_samples():
    shown = "\n".join(render(s) for s in samples())
    for kind in (None, *{q.kind for q in bank().questions}):
        question = longest(kind)
        assert question.prompt[:200] in shown, question.id
    assert size(longest()) == max(size(q) for q in bank().questions)


def test_no_snapshot_is_left_over():
    """A message that is no longer sent takes its snapshot with it."""
    expected = {file_name(s) for s in samples()}
    assert {p.name for p in SNAPSHOTS.glob("*.txt")} <= expected


def test_the_checks_catch_what_they_look_for():
    """The checks are not vacuous: each flaw, planted in text, is found; the same in code is left alone."""
    planted = (
        "| a | b |\nPosted on 2026-01-05.\nid g1456074443980800002-45a6b9 by 1456074443980800011\n"
        "<@1456074443980800011> <t:1767601800:R> [day #3](https://discord.com/channels/1/1456074443980800006/2)"
    )
    found = problems(planted)
    assert len(found) == 4, found
    assert problems("```\n| a | b |\n2026-01-05\n```\n`x | y | z`") == []
    too_many = discord.ui.View()
    too_many.add_item(
        discord.ui.Select(custom_id="x", options=[discord.SelectOption(label=str(i)) for i in range(26)])
    )
    with pytest.raises(AssertionError, match="26 options"):
        assert_within_discord_limits(too_many)
    with pytest.raises(AssertionError, match="content"):
        assert_within_discord_limits("x" * (limits.MESSAGE_CONTENT + 1))
