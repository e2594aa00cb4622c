"""The leaderboard's controls: period buttons, topic and role menus, ◀ ▶; they survive restarts.

One message per request: each control redraws it in place for the member who
asked (their row always on it), with no command cooldown, so switching from
this week to all time is one press. Anyone else who presses gets their own
private copy of that board, with their own row and controls, and the posted
message stays as its owner left it. A board always shows the *current* period
of its kind (the week now, not the week it was posted). State lives in the
``custom_id``s (see :mod:`bot.exts.leaderboards.query`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import discord

from bot.domain.errors import DomainError
from bot.domain.pages import truncate
from bot.domain.periods import Period
from bot.domain.questions import Topic
from bot.domain.topics import find_topic
from bot.exts.leaderboards import embeds
from bot.exts.leaderboards.query import (
    ALL_TOPICS,
    LEGACY_TEMPLATE,
    PAGE_TEMPLATE,
    PERIOD_TEMPLATE,
    PERIODS_BY_CODE,
    ROLE_MENU_TEMPLATE,
    TOPIC_MENU_TEMPLATE,
    BoardQuery,
    key_from,
)
from bot.exts.shared.context import bot_of, services_of
from bot.exts.shared.cooldowns import MemberCooldown
from bot.exts.shared.replies import NO_PINGS, replies_errors
from bot.services.leaderboard_views import Board, key_of

NOT_IN_A_SERVER = "That only works inside a server."
OWN_COPY = "Your own copy of this board: its buttons change only what you see."
PAGE_SIZE = 10
# A flood guard, not a cooldown: nobody pressing by hand gets near it.
PRESSES_PER_MEMBER = 20  # presses per member ...
PRESS_SECONDS = 10  # ... in this many seconds
TOPIC_OPTIONS = 24  # a menu holds 25 options: "All topics" and the first 24 topics
PERIOD_ROW, TOPIC_ROW, ROLE_ROW, PAGE_ROW = range(4)


def guild_of(interaction: discord.Interaction) -> int:
    if interaction.guild_id is None:
        raise DomainError(NOT_IN_A_SERVER)
    return interaction.guild_id


async def board_message(
    interaction: discord.Interaction, query: BoardQuery
) -> tuple[discord.Embed, discord.ui.View]:
    """Read one page of the board and render it with its controls."""
    guild_id = guild_of(interaction)
    topics = bot_of(interaction).services.bank.topics
    topic = find_topic(query.topic, topics) if query.topic else None
    board = await services_of(interaction).leaderboards.board(
        guild_id,
        query.period,
        topic=topic.id if topic else None,
        role_id=query.role_id,
        page_size=PAGE_SIZE,
        viewer_id=query.caller_id,
        after=query.after,
        before=query.before,
    )
    embed = embeds.board_embed(board, caller_id=query.caller_id, topic_title=topic.title if topic else None)
    return embed, board_view(query, board, topics)


def board_view(query: BoardQuery, board: Board, topics: Sequence[Topic]) -> discord.ui.View:
    """The period buttons, the topic and role menus, and ◀ ▶ when there is more than one page."""
    view = discord.ui.View(timeout=None)
    first_page = replace(query, after=None, before=None)
    for period in Period:
        view.add_item(PeriodButton(replace(first_page, period=period), current=period is query.period))
    view.add_item(TopicMenu(first_page, topics))
    view.add_item(RoleMenu(first_page))
    if board.pages > 1 and board.rows:
        previous = PageButton(replace(first_page, before=key_of(board.rows[0])), "p")
        following = PageButton(replace(first_page, after=key_of(board.rows[-1])), "n")
        previous.item.disabled = not board.has_previous
        following.item.disabled = not board.has_next
        view.add_item(previous)
        view.add_item(following)
    return view


async def show(interaction: discord.Interaction, query: BoardQuery) -> None:
    """A control's press: the asker's message changes in place; anyone else gets a private copy."""
    # The guard belongs to the running bot's cog, like every cooldown (a restart starts afresh).
    guard = getattr(bot_of(interaction).get_cog("LeaderboardsCog"), "press_guard", None)
    if not isinstance(guard, MemberCooldown):
        raise RuntimeError("the leaderboards extension is not loaded")
    guard.hit(interaction)
    if interaction.user.id == query.caller_id:
        embed, view = await board_message(interaction, query)
        await interaction.response.edit_message(embed=embed, view=view)
        return
    embed, view = await board_message(interaction, replace(query, caller_id=interaction.user.id))
    await interaction.response.send_message(
        OWN_COPY, embed=embed, view=view, ephemeral=True, allowed_mentions=NO_PINGS
    )


class PeriodButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=PERIOD_TEMPLATE):
    """Today, This week, This month, All time: the first page of that period's board."""

    def __init__(self, query: BoardQuery, *, current: bool = False) -> None:
        super().__init__(
            discord.ui.Button(
                label=embeds.PERIOD_NAMES[query.period],
                style=discord.ButtonStyle.primary if current else discord.ButtonStyle.secondary,
                custom_id=query.period_id(),
                row=PERIOD_ROW,
            )
        )
        self.query = query

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: Any, /
    ) -> PeriodButton:
        return cls(BoardQuery.read(match))

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        await show(interaction, self.query)


class TopicMenu(discord.ui.DynamicItem[discord.ui.Select[Any]], template=TOPIC_MENU_TEMPLATE):
    """All topics, or one topic area's points only."""

    def __init__(self, query: BoardQuery, topics: Sequence[Topic] = ()) -> None:
        options = [discord.SelectOption(label="All topics", value=ALL_TOPICS, default=query.topic is None)]
        chosen = find_topic(query.topic, topics).id if query.topic and topics else None
        for topic in topics[:TOPIC_OPTIONS]:
            token = BoardQuery.topic_token(topic) or ALL_TOPICS
            label = truncate(f"{topic.number}. {topic.title}", 100)
            options.append(discord.SelectOption(label=label, value=token, default=topic.id == chosen))
        super().__init__(discord.ui.Select(custom_id=query.topic_menu_id(), options=options, row=TOPIC_ROW))
        self.query = query

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: Any, /
    ) -> TopicMenu:
        return cls(BoardQuery.read(match))

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        picked = self.item.values[0] if self.item.values else ALL_TOPICS
        await show(interaction, replace(self.query, topic=None if picked == ALL_TOPICS else picked))


class RoleMenu(discord.ui.DynamicItem[discord.ui.RoleSelect[Any]], template=ROLE_MENU_TEMPLATE):
    """The whole server, or only points members earned while having a role (clear it for everyone)."""

    def __init__(self, query: BoardQuery) -> None:
        chosen = [discord.Object(query.role_id, type=discord.Role)] if query.role_id else []
        super().__init__(
            discord.ui.RoleSelect(
                custom_id=query.role_menu_id(),
                placeholder="Whole server (pick a role to see only its members)",
                min_values=0,
                max_values=1,
                default_values=chosen,
                row=ROLE_ROW,
            )
        )
        self.query = query

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: Any, /
    ) -> RoleMenu:
        return cls(BoardQuery.read(match))

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        role = self.item.values[0] if self.item.values else None
        # @everyone is on nobody's recorded roles: it means the whole server.
        role_id = None if role is None or role.is_default() else role.id
        await show(interaction, replace(self.query, role_id=role_id))


class PageButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=PAGE_TEMPLATE):
    """Shows the page after (▶) or before (◀) the row its ``custom_id`` names."""

    def __init__(self, query: BoardQuery, direction: str) -> None:
        key = query.before if direction == "p" else query.after
        assert key is not None
        super().__init__(
            discord.ui.Button(
                label="◀ Previous" if direction == "p" else "Next ▶",
                style=discord.ButtonStyle.secondary,
                custom_id=query.page_id(direction, key),
                row=PAGE_ROW,
            )
        )
        self.query = query

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: Any, /
    ) -> PageButton:
        key = key_from(match)
        forward = match["dir"] == "n"
        query = BoardQuery.read(match, after=key if forward else None, before=None if forward else key)
        return cls(query, match["dir"])

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        await show(interaction, self.query)


class LegacyPageButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=LEGACY_TEMPLATE):
    """A button of a board posted before pages went by key: shows that board's first page."""

    def __init__(self, query: BoardQuery, custom_id: str) -> None:
        super().__init__(discord.ui.Button(label="Page", custom_id=custom_id))
        self.query = query

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: Any, /
    ) -> LegacyPageButton:
        query = BoardQuery(
            period=PERIODS_BY_CODE[match["period"]],
            caller_id=int(match["caller"]),
            role_id=int(match["role"]) if match["role"] else None,
            topic=match["topic"] or None,
        )
        return cls(query, match.string)

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        await show(interaction, self.query)


DYNAMIC_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (
    PeriodButton,
    TopicMenu,
    RoleMenu,
    PageButton,
    LegacyPageButton,
)
