"""The leaderboard's ◀ ▶ buttons; they survive restarts.

A board's whole state (period, page, who asked, role, topic) lives in each
button's ``custom_id``, so a board posted last week still pages after the bot
restarts. Anyone may page; the message is edited in place and keeps the row of
the member who asked, so everyone sees the same board. A page always shows the
*current* period of its kind (the week now, not the week it was posted).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import discord

from bot.domain import limits
from bot.domain.errors import DomainError
from bot.domain.periods import Period
from bot.domain.questions import Topic
from bot.domain.topics import find_topic
from bot.exts.leaderboards import embeds
from bot.exts.shared.context import bot_of, services_of
from bot.exts.shared.replies import replies_errors

NOT_IN_A_SERVER = "That only works inside a server."

PERIOD_CODES: dict[Period, str] = {Period.DAY: "d", Period.WEEK: "w", Period.MONTH: "m", Period.ALL: "a"}
_PERIODS_BY_CODE = {code: period for period, code in PERIOD_CODES.items()}
PAGE_SIZE = 10

# "lb:<p|n>:<period>:<page>:<caller>:<role>:<topic>"; snowflakes have at most 20 digits.
TEMPLATE = (
    r"lb:(?P<dir>[pn]):(?P<period>[dwma]):(?P<page>[0-9]{1,7}):(?P<caller>[0-9]{1,20}):"
    r"(?P<role>[0-9]{0,20}):(?P<topic>[^:]*)"
)
_LONGEST_PREFIX = len("lb:n:w:1234567:") + 2 * len("12345678901234567890:")
TOPIC_TOKEN = limits.CUSTOM_ID - _LONGEST_PREFIX
"""Room left for the topic: its id (at most 40 characters by the slug rule), else its syllabus number."""


@dataclass(frozen=True, slots=True)
class BoardQuery:
    """Which board a message shows; ``topic`` is a token ``find_topic`` reads (an id or a number)."""

    period: Period
    caller_id: int
    role_id: int | None = None
    topic: str | None = None
    page: int = 0

    @staticmethod
    def topic_token(topic: Topic | None) -> str | None:
        if topic is None:
            return None
        return topic.id if len(topic.id) <= TOPIC_TOKEN else str(topic.number)

    def custom_id(self, direction: str) -> str:
        return (
            f"lb:{direction}:{PERIOD_CODES[self.period]}:{self.page}:{self.caller_id}:"
            f"{self.role_id or ''}:{self.topic or ''}"
        )


async def board_message(
    interaction: discord.Interaction, query: BoardQuery
) -> tuple[discord.Embed, discord.ui.View | None]:
    """Read one page of the board and render it with its buttons."""
    guild_id = guild_of(interaction)
    topic = find_topic(query.topic, bot_of(interaction).services.bank.topics) if query.topic else None
    board = await services_of(interaction).leaderboards.board(
        guild_id,
        query.period,
        topic=topic.id if topic else None,
        role_id=query.role_id,
        page=query.page,
        page_size=PAGE_SIZE,
        viewer_id=query.caller_id,
    )
    embed = embeds.board_embed(board, caller_id=query.caller_id, topic_title=topic.title if topic else None)
    return embed, page_view(replace(query, page=board.page), board.pages)


def guild_of(interaction: discord.Interaction) -> int:
    if interaction.guild_id is None:
        raise DomainError(NOT_IN_A_SERVER)
    return interaction.guild_id


def page_view(query: BoardQuery, pages: int) -> discord.ui.View | None:
    """◀ and ▶ when there is more than one page (each disabled at its end)."""
    if pages <= 1:
        return None
    view = discord.ui.View(timeout=None)
    previous = PageButton(replace(query, page=max(query.page - 1, 0)), "p")
    following = PageButton(replace(query, page=min(query.page + 1, pages - 1)), "n")
    previous.item.disabled = query.page == 0
    following.item.disabled = query.page >= pages - 1
    view.add_item(previous)
    view.add_item(following)
    return view


class PageButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=TEMPLATE):
    """Shows the page its ``custom_id`` names, in place of the message's current one."""

    def __init__(self, query: BoardQuery, direction: str) -> None:
        super().__init__(
            discord.ui.Button(
                label="◀ Previous" if direction == "p" else "Next ▶",
                style=discord.ButtonStyle.secondary,
                custom_id=query.custom_id(direction),
            )
        )
        self.query = query

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: Any, /
    ) -> PageButton:
        query = BoardQuery(
            period=_PERIODS_BY_CODE[match["period"]],
            caller_id=int(match["caller"]),
            role_id=int(match["role"]) if match["role"] else None,
            topic=match["topic"] or None,
            page=int(match["page"]),
        )
        return cls(query, match["dir"])

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        embed, view = await board_message(interaction, self.query)
        await interaction.response.edit_message(embed=embed, view=view)


DYNAMIC_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (PageButton,)
