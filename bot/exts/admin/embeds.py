"""What /qotd status, preview and history show."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

import discord

from bot.domain import limits
from bot.domain.pages import truncate
from bot.domain.short_ids import short_id
from bot.exts.shared.formatting import day_name, message_link, plural, ts
from bot.exts.shared.questions import DIFFICULTY_LABEL, question_body
from bot.exts.shared.sources import source_label
from bot.services.schedules import (
    HistoryPage,
    PostSummary,
    ScheduleStatusReport,
    ScheduleSummary,
    Upcoming,
)

STATUS_COLOUR = discord.Colour.blurple()
PAUSED_COLOUR = discord.Colour.orange()


def status_embed(
    schedule: ScheduleSummary, topic_title: Callable[[str], str], status: ScheduleStatusReport | None = None
) -> discord.Embed:
    """A schedule, with pool and problems when ``status`` is given."""
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


def preview_embeds(upcoming: Sequence[Upcoming], topic_title: Callable[[str], str]) -> list[discord.Embed]:
    """The coming questions, each titled by when it is posted: "Today at 09:30", "Tomorrow at 09:30"."""
    out = []
    shown = upcoming[: limits.EMBEDS_PER_MESSAGE]
    for coming in shown:
        q = coming.question
        when = f"{day_name(coming.at.date(), coming.today)} at {coming.at:%H:%M}"
        # Keep the whole message under Discord's 6,000-character total.
        body = question_body(q, limit=min(limits.EMBED_DESCRIPTION, 5400 // max(len(shown), 1)))
        embed = discord.Embed(
            title=f"{when} (server time)",
            description=f"Goes out {ts(coming.at, 'F')} ({ts(coming.at, 'R')})\n\n{body}",
            colour=STATUS_COLOUR,
        )
        difficulty = DIFFICULTY_LABEL.get(q.difficulty.value, q.difficulty.value)
        embed.set_footer(
            text=truncate(f"{topic_title(q.topic)} · {difficulty} · {short_id(q.id)}", limits.EMBED_FOOTER)
        )
        out.append(embed)
    return out


def _history_state(post: PostSummary, now: datetime) -> str:
    """Where a past day stands, in words: open for answers, revealed, skipped..."""
    match post.state(now):
        case "waiting":
            return f"posting {ts(post.scheduled_for, 'R')}"
        case "open":
            return f"open for answers, revealed {ts(post.reveal_at, 'R')}"
        case "revealing":
            return "being revealed now"
        case "revealed":
            return f"revealed {ts(post.reveal_at, 'R')}"
        case "skipped":
            word = "Skipped."
        case _:
            word = "Not posted."
    return truncate(post.note, 200) if post.note else word  # the note says why, in a sentence


def history_embed(guild_id: int, history: HistoryPage) -> discord.Embed:
    """A page of past (and today's) questions, newest first, each with its state and a link to its post."""
    lines = []
    for p in history.posts:
        when = ts(p.scheduled_for, "D")
        state = _history_state(p, history.now)
        if p.day_number is None or p.prompt is None:
            lines.append(f"{when} · no question. {state}")
            continue
        number = f"#{p.day_number}"
        link = f"[{number}]({message_link(guild_id, p.channel_id, p.message_id)})" if p.message_id else number
        answers = plural(p.answer_count, "answer")
        lines.append(f"**{link}** · {when} · {state} · {answers}\n{truncate(p.prompt, 150)}")
    embed = discord.Embed(
        title="Past questions",
        description=truncate("\n\n".join(lines) or "No questions posted yet.", limits.EMBED_DESCRIPTION),
        colour=STATUS_COLOUR,
    )
    embed.set_footer(text=f"Page {history.page + 1} of {history.pages}")
    return embed
