"""What /bank shows: the list of the server's own questions, their autocomplete, the export note."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import discord
from discord import app_commands

from bot.domain import limits
from bot.domain.pages import truncate
from bot.domain.questions import Kind
from bot.domain.short_ids import short_id
from bot.exts.shared.formatting import plural
from bot.services.server_questions import QuestionSummary

BANK_COLOUR = discord.Colour.blurple()
DONE_COLOUR = discord.Colour.green()
KIND_LABEL = {Kind.OPEN.value: "open", Kind.MCQ.value: "multiple choice", Kind.SCENARIO.value: "scenario"}
PAGE_SIZE = 10
LISTED_PROMPT = 200  # characters of each prompt in /bank list

TopicTitle = Callable[[str], str]


def kinds_summary(by_kind: Mapping[str, int]) -> str:
    """``8 open, 5 multiple choice, 1 scenario``."""
    return ", ".join(f"{n} {KIND_LABEL.get(kind, kind)}" for kind, n in by_kind.items())


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
        credit = (
            f" · suggested by {discord.utils.escape_markdown(question.credit)}" if question.credit else ""
        )
        embed.add_field(
            name=truncate(
                f"{short_id(question.id)} · {kind} · {topic_title(question.topic)}{credit}",
                limits.EMBED_FIELD_NAME,
            ),
            value=truncate(question.prompt.strip(), LISTED_PROMPT),  # as members will read it
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
