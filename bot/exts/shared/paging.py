"""Previous/Next buttons under a paged private message, the same everywhere they appear."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import discord

LABELS = {"prev": "◀ Previous", "next": "Next ▶"}
DIRECTION = r"(?P<direction>prev|next)"  # for a DynamicItem's template

PageItem = discord.ui.DynamicItem[discord.ui.Button[Any]]


def page_button(custom_id: str, direction: str) -> discord.ui.Button[Any]:
    """The button a paging ``DynamicItem`` wraps; ``direction`` is "prev" or "next"."""
    return discord.ui.Button(
        label=LABELS[direction], style=discord.ButtonStyle.secondary, custom_id=custom_id
    )


def add_page_buttons(
    view: discord.ui.View, page: int, pages: int, make: Callable[[int, str], PageItem]
) -> None:
    """◀ Previous and Next ▶ when there is more than one page, disabled at the ends.

    ``make(target, direction)`` builds each button; the direction keeps the two
    buttons' custom ids distinct at the ends, where both target the same page.
    """
    if pages <= 1:
        return
    for target, direction in ((page - 1, "prev"), (page + 1, "next")):
        button = make(max(0, min(target, pages - 1)), direction)
        button.item.disabled = not 0 <= target < pages
        view.add_item(button)
