"""What /bank sources shows: each source of questions, how many it holds, whether it is on."""

from __future__ import annotations

from collections.abc import Sequence

import discord
from discord import app_commands

from bot.domain import limits
from bot.domain.pages import truncate
from bot.exts.shared.formatting import plural
from bot.exts.shared.sources import KIND_NOTE, source_label
from bot.services.sources import SourceSummary

SOURCES_COLOUR = discord.Colour.blurple()
HOW_TO = (
    "A source that is off stays out of this server's question of the day and quizzes; "
    "/question and practice still find its questions. Change one with /bank sources off: or on:."
)


def _line(view: SourceSummary) -> str:
    mark = "✅" if view.on else "⏸️"
    state = "" if view.on else " · **off**"
    name = discord.utils.escape_markdown(source_label(view.name))
    return f"{mark} **{name}** · {KIND_NOTE[view.kind]} · {plural(view.questions, 'question')}{state}"


def sources_embed(views: Sequence[SourceSummary], changed: SourceSummary | None = None) -> discord.Embed:
    """The server's sources, on and off; ``changed`` is the one just turned on or off."""
    lines = [_line(v) for v in views] or ["No questions yet."]
    on = sum(v.questions for v in views if v.on)
    head = f"**{plural(on, 'question')}** in the sources that are on."
    if changed is not None:
        name = discord.utils.escape_markdown(source_label(changed.name))
        head = f"Turned **{name}** {'on' if changed.on else 'off'}. " + head
    embed = discord.Embed(
        title="Question sources",
        description=truncate("\n".join([head, "", *lines]), limits.EMBED_DESCRIPTION),
        colour=SOURCES_COLOUR,
    )
    embed.set_footer(text=truncate(HOW_TO, limits.EMBED_FOOTER))
    return embed


def source_choices(views: Sequence[SourceSummary], typed: str, *, on: bool) -> list[app_commands.Choice[str]]:
    """Autocomplete: the sources that are ``on`` (to turn off) or off (to turn on) matching ``typed``."""
    wanted = typed.casefold().strip()
    out = []
    for view in views:
        label = source_label(view.name)
        if view.on is not on or (wanted and wanted not in label.casefold()):
            continue
        out.append(
            app_commands.Choice(
                name=truncate(f"{label} ({plural(view.questions, 'question')})", limits.CHOICE_NAME),
                value=view.name,
            )
        )
    return out[: limits.AUTOCOMPLETE_CHOICES]
