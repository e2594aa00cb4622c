"""Formatting for Discord: timestamps, member text shown safely, short labels."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from bot.domain.pages import truncate

# Discord renders these in each reader's own time zone and language.
TIMESTAMP_STYLES = frozenset("tTdDfFR")


def ts(instant: datetime, style: str = "f") -> str:
    """A Discord timestamp (``<t:unix:style>``) for an aware instant."""
    if instant.tzinfo is None:
        raise ValueError("timestamps need an aware datetime")
    if style not in TIMESTAMP_STYLES:
        raise ValueError(f"unknown timestamp style {style!r}")
    return f"<t:{int(instant.timestamp())}:{style}>"


def day_name(day: date, today: date) -> str:
    """A server-local date as people say it: "Today", "Tomorrow", "Yesterday", else "Wed 7 Jan"."""
    near = {today: "Today", today + timedelta(days=1): "Tomorrow", today - timedelta(days=1): "Yesterday"}
    return near.get(day) or f"{day:%a} {day.day} {day:%b}" + (
        "" if day.year == today.year else f" {day.year}"
    )


def message_link(guild_id: int, channel_id: int, message_id: int) -> str:
    """A message's jump URL: a link to it that opens in Discord."""
    return f"https://discord.com/channels/{guild_id}/{channel_id}/{message_id}"


def member_text_block(text: str, limit: int) -> str:
    """Text a member typed, shown verbatim in a code block that it cannot break out of.

    Every backtick is followed by a zero-width space, so no run of them (```, `````)
    can close the block; mentions inside a code block never ping (and embeds never do).
    What is stored is untouched: this is only how it is shown.
    """
    safe = text.replace("`", "`\u200b")
    body = truncate(safe, max(limit - 8, 1))
    return f"```\n{body}\n```"


def bullets(items: Sequence[str], mark: str = "•", limit: int = 1024, empty: str = "—") -> str:
    """One line per item after ``mark``, cut to ``limit`` (an embed field's value by default)."""
    return truncate("\n".join(f"{mark} {item}" for item in items), limit) if items else empty


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


def lines_within(lines: Sequence[str], limit: int) -> str:
    """As many whole lines as fit in ``limit`` characters, then "… and N more"."""
    kept: list[str] = []
    size = 0
    for i, line in enumerate(lines):
        more = f"… and {len(lines) - i} more"
        # Room for this line, plus the "more" line should later lines be left out.
        if size + len(line) + 1 + (len(more) + 1 if i < len(lines) - 1 else 0) > limit:
            kept.append(more)
            break
        kept.append(line)
        size += len(line) + 1
    return truncate("\n".join(kept), limit)
