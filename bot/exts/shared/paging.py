"""Previous/Next buttons under a paged private message, the same everywhere they appear."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

import discord

from bot.exts.shared.buttons import Button, Direction, StatefulButton

LABELS = {Direction.PREV: "◀ Previous", Direction.NEXT: "Next ▶"}


class PageButton(StatefulButton):
    """A Previous or Next button: subclasses declare a ``direction`` field in their custom id."""

    direction: Direction | None
    page_row: ClassVar[int | None] = None  # the view's row for the pair (None: wherever it fits)

    def make(self, custom_id: str) -> Button:
        if self.direction is None:
            raise TypeError(f"{type(self).__name__} without a direction has its own look")
        return discord.ui.Button(
            label=LABELS[self.direction],
            style=discord.ButtonStyle.secondary,
            custom_id=custom_id,
            row=self.page_row,
        )


def add_page_buttons(
    view: discord.ui.View, page: int, pages: int, make: Callable[[int, Direction], StatefulButton]
) -> None:
    """◀ Previous and Next ▶ when there is more than one page, disabled at the ends.

    ``make(target, direction)`` builds each button; the direction keeps the two
    buttons' custom ids distinct at the ends, where both target the same page.
    """
    if pages <= 1:
        return
    for target, direction in ((page - 1, Direction.PREV), (page + 1, Direction.NEXT)):
        button = make(max(0, min(target, pages - 1)), direction)
        button.item.disabled = not 0 <= target < pages
        view.add_item(button)
