"""What /bank shows: an import's preview, its outcome, the list of the server's own questions."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import discord
from discord import app_commands

from bot.domain import limits
from bot.domain.pages import truncate
from bot.domain.questions import Kind
from bot.domain.short_ids import short_id
from bot.exts.shared.formatting import member_text_block, plural, ts
from bot.services.server_questions import ImportPreview, ImportResult, QuestionSummary

BANK_COLOUR = discord.Colour.blurple()
DONE_COLOUR = discord.Colour.green()
KIND_LABEL = {Kind.OPEN.value: "open", Kind.MCQ.value: "multiple choice", Kind.SCENARIO.value: "scenario"}
PAGE_SIZE = 10
SAMPLE_PROMPT = 300  # characters of each example's prompt in a preview
LISTED_PROMPT = 200  # characters of each prompt in /bank list
LISTED_LINE = 200  # characters of each skipped or left-out line in a preview
ADD_LABEL = "Add to this server"

TopicTitle = Callable[[str], str]


def kinds_summary(by_kind: Mapping[str, int]) -> str:
    """``8 open, 5 multiple choice, 1 scenario``."""
    return ", ".join(f"{n} {KIND_LABEL.get(kind, kind)}" for kind, n in by_kind.items())


def _listing(lines: Sequence[str], limit: int) -> str:
    """Bullet lines within ``limit`` characters, ending with how many did not fit."""
    shown: list[str] = []
    for line in lines:
        entry = truncate(f"• {line}", LISTED_LINE)
        hidden_after = len(lines) - len(shown) - 1
        tail = f"\n…and {hidden_after} more" if hidden_after else ""
        if len("\n".join([*shown, entry])) + len(tail) > limit:
            break
        shown.append(entry)
    hidden = len(lines) - len(shown)
    return "\n".join([*shown, f"…and {hidden} more"] if hidden else shown)


def _where(first: int, last: int) -> str:
    return f"line {first}" if first == last else f"lines {first}–{last}"


def preview_embed(preview: ImportPreview, topic_title: TopicTitle) -> discord.Embed:
    """What importing a file would add, what was skipped and left out; nothing is stored yet."""
    embed = discord.Embed(
        title=truncate(
            f"Import preview: {discord.utils.escape_markdown(preview.filename)}", limits.EMBED_TITLE
        ),
        description=(
            f"Found **{plural(preview.count, 'question')}** ({kinds_summary(preview.by_kind)}).\n"
            f"Nothing is added until you press **{ADD_LABEL}**; "
            f"this preview expires {ts(preview.expires_at, 'R')}."
        ),
        colour=BANK_COLOUR,
    )
    for i, question in enumerate(preview.sample, 1):
        kind = KIND_LABEL.get(question.kind.value, question.kind.value)
        embed.add_field(
            name=truncate(f"{i}. {kind} · {topic_title(question.topic)}", limits.EMBED_FIELD_NAME),
            value=member_text_block(question.prompt, SAMPLE_PROMPT),
            inline=False,
        )
    if preview.skipped:
        lines = [f"{_where(*s.lines)}: {s.reason}" for s in preview.skipped]
        embed.add_field(
            name=f"Skipped ({plural(len(lines), 'part')} of the file, not questions)",
            value=_listing(lines, limits.EMBED_FIELD_VALUE),
            inline=False,
        )
    if preview.left_out:
        embed.add_field(
            name=f"Left out ({plural(len(preview.left_out), 'question')} that can't be imported)",
            value=_listing(preview.left_out, limits.EMBED_FIELD_VALUE),
            inline=False,
        )
    embed.set_footer(text="Uploading the same file again updates these questions instead of adding copies.")
    return embed


def import_outcome(result: ImportResult) -> str:
    """The line that replaces a confirmed preview's buttons."""
    parts = []
    if result.added:
        parts.append(f"Added {plural(result.added, 'question')}; they join this server's daily pool.")
    if result.updated:
        parts.append(f"Updated {plural(result.updated, 'question')} already in the pool.")
    if result.unchanged:
        parts.append(f"{plural(result.unchanged, 'question')} were already there unchanged.")
    return " ".join(parts) or "Nothing to add."


def page_count(total: int) -> int:
    return max(1, -(-total // PAGE_SIZE))


def list_embed(questions: Sequence[QuestionSummary], page: int, topic_title: TopicTitle) -> discord.Embed:
    """One page of the server's own questions; ``page`` is 0-based and already in range."""
    embed = discord.Embed(title="This server's own questions", colour=BANK_COLOUR)
    if not questions:
        embed.description = (
            "This server has no questions of its own yet. Add some with `/bank import` "
            "(a .md, .txt or .yaml file); they join the shared questions in the daily pool."
        )
        return embed
    for question in questions[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]:
        kind = KIND_LABEL.get(question.kind.value, question.kind.value)
        embed.add_field(
            name=truncate(
                f"{short_id(question.id)} · {kind} · {topic_title(question.topic)}", limits.EMBED_FIELD_NAME
            ),
            value=member_text_block(question.prompt, LISTED_PROMPT),
            inline=False,
        )
    embed.set_footer(
        text=f"Page {page + 1} of {page_count(len(questions))} · {plural(len(questions), 'question')} · "
        "take one out with /bank remove and its id"
    )
    return embed


def question_choices(questions: Sequence[QuestionSummary], typed: str) -> list[app_commands.Choice[str]]:
    """Autocomplete: the server's questions whose short id or prompt contains what was typed."""
    wanted = typed.casefold().strip()
    out = []
    for question in questions:
        prompt = " ".join(question.prompt.split())
        code = short_id(question.id)
        if wanted and wanted not in prompt.casefold() and wanted not in code:
            continue
        suffix = f" · {code}"
        out.append(
            app_commands.Choice(
                name=truncate(prompt, limits.CHOICE_NAME - len(suffix)) + suffix, value=question.id
            )
        )
        if len(out) == limits.AUTOCOMPLETE_CHOICES:
            break
    return out


def export_note(count: int) -> str:
    return (
        f"This server's {plural(count, 'question')} as a bank file. Edit it and upload it again with "
        "`/bank import` to update them: each question keeps its id, answers and points."
    )
