"""Topic autocomplete, the same in every command that filters by topic."""

from __future__ import annotations

from typing import TYPE_CHECKING

from discord import app_commands

from bot.domain.topics import suggest

if TYPE_CHECKING:
    from bot.app import QotdBot


def topic_choices(bot: QotdBot, current: str, *, many: bool = False) -> list[app_commands.Choice[str]]:
    """Up to 25 topics matching what was typed; ``many`` completes the last item of a comma list."""
    typed = current if many else current.rpartition(",")[2]
    return [
        app_commands.Choice(name=label, value=value)
        for label, value in suggest(typed, bot.services.bank.topics)
    ]
