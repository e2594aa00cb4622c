"""What /qotd status, preview and history show."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import discord

from bot.domain import limits
from bot.domain.pages import truncate
from bot.domain.questions import Question
from bot.exts.shared.formatting import ts
from bot.exts.shared.questions import DIFFICULTY_LABEL, question_body
from bot.exts.shared.sources import source_label

STATUS_COLOUR = discord.Colour.blurple()
PAUSED_COLOUR = discord.Colour.orange()


def status_embed(
    schedule: Any, topic_title: Callable[[str], str], status: Any | None = None
) -> discord.Embed:
    """A schedule (``ScheduleView``), with pool and problems when ``status`` (``StatusView``) is given."""
    paused = bool(schedule.paused)
    embed = discord.Embed(
        title="Question of the day: " + ("⏸️ paused" if paused else "✅ active"),
        colour=PAUSED_COLOUR if paused else STATUS_COLOUR,
    )
    embed.add_field(name="Channel", value=f"<#{schedule.channel_id}>")
    embed.add_field(name="Posts at", value=f"{schedule.post_time} {schedule.timezone}, every day")
    if schedule.next_post_at is not None:
        day = f" (day #{status.next_day_number})" if status is not None else ""
        local = schedule.next_post_local.strftime("%a %d %b %H:%M")
        embed.add_field(
            name=f"Next post{day}",
            value=f"{ts(schedule.next_post_at, 'F')} ({ts(schedule.next_post_at, 'R')})\n{local} server time",
            inline=False,
        )
        if schedule.next_reveal_at is not None:
            local = schedule.next_reveal_local.strftime("%a %d %b %H:%M")
            embed.add_field(
                name="Its answer is revealed",
                value=f"{ts(schedule.next_reveal_at, 'F')}\n{local} server time",
                inline=False,
            )
    topics = ", ".join(topic_title(t) for t in schedule.topics) if schedule.topics else "all topics"
    difficulty = DIFFICULTY_LABEL.get(schedule.difficulty or "", "any difficulty")
    embed.add_field(
        name="Questions", value=truncate(f"{topics}; {difficulty}", limits.EMBED_FIELD_VALUE), inline=False
    )
    if status is not None:
        embed.add_field(
            name="Pool", value=f"{status.pool_left} of {status.pool_size} not asked yet in this round"
        )
        by_source = [
            f"{source_label(name)}: {left} of {size} left"
            for name, (size, left) in status.pool_by_source.items()
        ] + [f"{source_label(name)}: off (/bank sources)" for name in sorted(status.sources_off)]
        if by_source:
            embed.add_field(
                name="Pool by source",
                value=truncate(
                    "\n".join(discord.utils.escape_markdown(line) for line in by_source),
                    limits.EMBED_FIELD_VALUE,
                ),
                inline=False,
            )
    if schedule.ping_role_id:
        embed.add_field(name="Pings", value=f"<@&{schedule.ping_role_id}>")
    if paused and schedule.paused_reason:
        embed.add_field(
            name="Why it is paused",
            value=truncate(schedule.paused_reason, limits.EMBED_FIELD_VALUE),
            inline=False,
        )
    if status is not None and status.last_error:
        when = f" ({ts(status.last_error_at, 'R')})" if status.last_error_at else ""
        embed.add_field(
            name="Last problem",
            value=truncate(status.last_error + when, limits.EMBED_FIELD_VALUE),
            inline=False,
        )
    if paused:
        # /qotd setup resumes too, and is the only fix for a time zone that no longer loads.
        embed.set_footer(
            text="Do what the reason says, then /qotd resume (or /qotd setup to change the settings)."
        )
    return embed


def preview_embeds(questions: Sequence[Question], topic_title: Callable[[str], str]) -> list[discord.Embed]:
    out = []
    for i, q in enumerate(questions[: limits.EMBEDS_PER_MESSAGE], 1):
        # Keep the whole message under Discord's 6,000-character total.
        body = question_body(q, limit=min(limits.EMBED_DESCRIPTION, 5500 // max(len(questions), 1)))
        embed = discord.Embed(title=f"Coming up: day +{i}", description=body, colour=STATUS_COLOUR)
        embed.set_footer(
            text=truncate(f"{topic_title(q.topic)} · {q.difficulty.value} · {q.id}", limits.EMBED_FOOTER)
        )
        out.append(embed)
    return out


def history_embed(guild_id: int, posts: Sequence[Any], page: int) -> discord.Embed:
    lines = []
    for p in posts:
        link = (
            f"[day #{p.day_number}](https://discord.com/channels/{guild_id}/{p.channel_id}/{p.message_id})"
            if p.message_id
            else f"day #{p.day_number}"
        )
        lines.append(
            f"**{link}** · {p.local_date.isoformat()} · {p.status} · {p.answer_count} answers\n{truncate(p.prompt, 150)}"
        )
    embed = discord.Embed(
        title="Past questions",
        description=truncate("\n\n".join(lines) or "No questions posted yet.", limits.EMBED_DESCRIPTION),
        colour=STATUS_COLOUR,
    )
    embed.set_footer(text=f"Page {page + 1}")
    return embed
