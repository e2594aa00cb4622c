"""The private preview of /bank import: every question with its answer, paged; Add or Cancel.

Page 1 opens with the report (what was repaired or filled in, skipped, left
out); every page shows ``PER_PAGE`` questions as members will read them, with
the short answer, the key points they are graded on and, for multiple choice,
the correct letter. The buttons edit the message in place and survive a
restart (``DynamicItem``s; the preview itself lives in the service for 15
minutes). After Add the message says what was added, with no buttons left.
"""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.domain import limits
from bot.domain.pages import truncate
from bot.domain.questions import Kind, Question
from bot.exts.server_bank.components import require_admin
from bot.exts.server_bank.embeds import BANK_COLOUR, DONE_COLOUR, KIND_LABEL, TopicTitle, kinds_summary
from bot.exts.shared.buttons import (
    Button,
    CustomId,
    Direction,
    DynamicItems,
    StatefulButton,
    flag,
    paging,
    text,
)
from bot.exts.shared.context import services_of
from bot.exts.shared.formatting import bullets, plural, ts
from bot.exts.shared.paging import PageButton, add_page_buttons
from bot.exts.shared.replies import replies_errors
from bot.services.server_questions import ImportPreview, ImportResult

PER_PAGE = 3
ADD_LABEL = "Add to this server"
PROMPT_CHARS = 300
CHOICE_CHARS = 90
ANSWER_CHARS = 300
REPORT_CHARS = 600  # each report field on page 1, leaving room for the page's questions
LISTED_LINE = 200  # characters of each skipped or left-out line
TOKEN = text(r"[A-Za-z0-9_-]{1,64}")
PAGE_ID = CustomId("bank:pv", token=TOKEN, page=int, direction=paging())
CHOICE_ID = CustomId("bank", add=flag("add", "cancel"), token=TOKEN)


def page_count(preview: ImportPreview) -> int:
    return max(1, -(-preview.count // PER_PAGE))


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


def question_card(question: Question) -> str:
    """A question as the admin checks it: prompt, options, answer (or correct letter), key points."""
    parts = [truncate(question.prompt.strip(), PROMPT_CHARS)]
    if question.kind is Kind.MCQ:
        parts.append(
            "\n".join(
                f"{'✅' if c.key == question.correct_choice else '▫️'} **{c.key})** {truncate(c.text, CHOICE_CHARS)}"
                for c in question.choices
            )
        )
        parts.append(
            f"**Correct: {question.correct_choice}**"
            if question.correct_choice
            else "⚠️ **No correct letter**: nobody can be marked right"
        )
        if question.explanation.strip():
            parts.append(f"**Why:** {truncate(question.explanation.strip(), ANSWER_CHARS)}")
    else:
        parts.append(f"**Answer:** {truncate(question.short_answer.strip(), ANSWER_CHARS)}")
    if question.kind is Kind.SCENARIO and question.steps:
        parts.append(f"*{plural(len(question.steps), 'follow-up step')} for the interviewer*")
    if question.key_points and question.kind is not Kind.MCQ:  # a letter is marked, not key points
        drawn = all(k.derived for k in question.key_points)
        head = "**Key points** (drawn from the answer):" if drawn else "**Key points:**"
        room = limits.EMBED_FIELD_VALUE - len("\n\n".join(parts)) - len(head) - 3
        parts.append(f"{head}\n{bullets([k.point for k in question.key_points], limit=max(room, 1))}")
    return truncate("\n\n".join(parts), limits.EMBED_FIELD_VALUE)


def _report(embed: discord.Embed, preview: ImportPreview) -> None:
    if preview.notes:
        embed.add_field(
            name="Repaired or filled in", value=_listing(preview.notes, REPORT_CHARS), inline=False
        )
    if preview.skipped:
        lines = [f"{_where(*s.lines)}: {s.reason}" for s in preview.skipped]
        embed.add_field(
            name=f"Skipped ({plural(len(lines), 'part')} of the file, not questions)",
            value=_listing(lines, REPORT_CHARS),
            inline=False,
        )
    if preview.left_out:
        embed.add_field(
            name=f"Left out ({plural(len(preview.left_out), 'question')} that can't be imported)",
            value=_listing(preview.left_out, REPORT_CHARS),
            inline=False,
        )


def preview_embed(preview: ImportPreview, page: int, topic_title: TopicTitle) -> discord.Embed:
    """One page of a preview (``page`` 0-based, already in range); nothing is stored yet."""
    embed = discord.Embed(
        title=truncate(
            f"Import preview: {discord.utils.escape_markdown(preview.filename)}", limits.EMBED_TITLE
        ),
        description=(
            f"Found **{plural(preview.count, 'question')}** ({kinds_summary(preview.by_kind)}). "
            f"Read them below: **{ADD_LABEL}** adds them all, **Cancel** adds nothing. "
            f"This preview expires {ts(preview.expires_at, 'R')}."
        ),
        colour=BANK_COLOUR,
    )
    if page == 0:
        _report(embed, preview)
    first = page * PER_PAGE
    for number, question in enumerate(preview.questions[first : first + PER_PAGE], first + 1):
        kind = KIND_LABEL.get(question.kind.value, question.kind.value)
        embed.add_field(
            name=truncate(f"{number}. {kind} · {topic_title(question.topic)}", limits.EMBED_FIELD_NAME),
            value=question_card(question),
            inline=False,
        )
    embed.set_footer(
        text=f"Page {page + 1} of {page_count(preview)} · uploading the same file again updates "
        "these questions instead of adding copies"
    )
    return embed


def outcome_embed(result: ImportResult) -> discord.Embed:
    """What replaces a preview once the admin pressed Add."""
    done = []
    if result.added:
        done.append(f"Added **{plural(result.added, 'question')}** to this server's pool.")
    if result.updated:
        done.append(f"Updated {plural(result.updated, 'question')} already there.")
    if result.unchanged:
        done.append(f"{plural(result.unchanged, 'question')} were already there unchanged.")
    embed = discord.Embed(
        title=truncate(f"Imported: {discord.utils.escape_markdown(result.filename)}", limits.EMBED_TITLE),
        description=" ".join(done or ["Nothing to add."])
        + f"\n\nThe file held {kinds_summary(result.by_kind)}. They join the daily questions and quizzes; "
        "see them with `/bank list` and take one out with `/bank remove`.",
        colour=DONE_COLOUR,
    )
    return embed


def preview_view(preview: ImportPreview, page: int) -> discord.ui.View:
    """Previous/Next (when there is more than one page), then Add and Cancel."""
    view = discord.ui.View(timeout=None)
    add_page_buttons(
        view, page, page_count(preview), lambda target, way: PreviewPageButton(preview.token, target, way)
    )
    for add in (True, False):
        view.add_item(ImportChoiceButton(add=add, token=preview.token))
    return view


class PreviewPageButton(PageButton, custom_id=PAGE_ID):
    """Turns a preview's page in place."""

    token: str
    page: int
    direction: Direction

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        guild_id = require_admin(interaction)
        preview = services_of(interaction).server_questions.pending_preview(guild_id, self.token)
        page = min(self.page, page_count(preview) - 1)
        await interaction.response.edit_message(
            embed=preview_embed(preview, page, services_of(interaction).bank.topic_title),
            view=preview_view(preview, page),
        )


class ImportChoiceButton(StatefulButton, custom_id=CHOICE_ID):
    """Add a previewed upload to the server's pool (all of it), or drop it."""

    add: bool
    token: str

    def make(self, custom_id: str) -> Button:
        return discord.ui.Button(
            label=ADD_LABEL if self.add else "Cancel",
            style=discord.ButtonStyle.success if self.add else discord.ButtonStyle.secondary,
            custom_id=custom_id,
        )

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        guild_id = require_admin(interaction)
        uploads = services_of(interaction).server_questions
        if not self.add:
            # An expired preview is gone anyway: either way nothing was added.
            await uploads.cancel_import(self.token)
            await interaction.response.edit_message(
                content="Cancelled: nothing was added.", embed=None, view=None
            )
            return
        # Storing a large upload is one transaction that may take a moment: acknowledge first.
        await interaction.response.defer()
        result = await uploads.confirm_import(guild_id, self.token)
        await interaction.edit_original_response(content=None, embed=outcome_embed(result), view=None)


PREVIEW_ITEMS: DynamicItems = (PreviewPageButton, ImportChoiceButton)
