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

import discord

from bot.domain.errors import DomainError
from bot.domain.pages import truncate
from bot.domain.periods import Period
from bot.domain.questions import Topic
from bot.domain.topics import find_topic
from bot.exts.leaderboards import embeds
from bot.exts.leaderboards.query import (
    ALL_TOPICS,
    LEGACY_PAGE_ID,
    PAGE_ID,
    PERIOD_ID,
    ROLE_MENU_ID,
    TOPIC_MENU_ID,
    BoardQuery,
)
from bot.exts.shared import paging
from bot.exts.shared.buttons import Button, Direction, DynamicItems, StatefulButton, StatefulItem
from bot.exts.shared.context import bot_of, services_of
from bot.exts.shared.cooldowns import MemberCooldown
from bot.exts.shared.replies import NO_PINGS, replies_errors
from bot.services.leaderboard_results import Board, BoardKey, key_of

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
    q = query
    for period in Period:
        view.add_item(PeriodButton(period, q.caller_id, q.role_id, q.topic, current=period is q.period))
    view.add_item(TopicMenu(q.period, q.caller_id, q.role_id, topic=q.topic, topics=topics))
    view.add_item(RoleMenu(q.period, q.caller_id, q.topic, role_id=q.role_id))
    if board.pages > 1 and board.rows:
        scope = {"period": q.period, "caller_id": q.caller_id, "role_id": q.role_id, "topic": q.topic}
        previous = PageButton(Direction.PREV, key=key_of(board.rows[0]), **scope)
        following = PageButton(Direction.NEXT, key=key_of(board.rows[-1]), **scope)
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


class PeriodButton(StatefulButton, custom_id=PERIOD_ID):
    """Today, This week, This month, All time: the first page of that period's board."""

    period: Period
    caller_id: int
    role_id: int | None
    topic: str | None
    current: bool = False

    def make(self, custom_id: str) -> Button:
        return discord.ui.Button(
            label=embeds.PERIOD_NAMES[self.period],
            style=discord.ButtonStyle.primary if self.current else discord.ButtonStyle.secondary,
            custom_id=custom_id,
            row=PERIOD_ROW,
        )

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        await show(interaction, BoardQuery(self.period, self.caller_id, self.role_id, self.topic))


class TopicMenu(StatefulItem[discord.ui.Select[discord.ui.View]], custom_id=TOPIC_MENU_ID):
    """All topics, or one topic area's points only."""

    period: Period
    caller_id: int
    role_id: int | None
    topic: str | None = None  # the one shown; a pressed menu reads the member's pick instead
    topics: Sequence[Topic] = ()

    def make(self, custom_id: str) -> discord.ui.Select[discord.ui.View]:
        topics = self.topics
        options = [discord.SelectOption(label="All topics", value=ALL_TOPICS, default=self.topic is None)]
        chosen = find_topic(self.topic, topics).id if self.topic and topics else None
        for topic in topics[:TOPIC_OPTIONS]:
            token = BoardQuery.topic_token(topic) or ALL_TOPICS
            label = truncate(f"{topic.number}. {topic.title}", 100)
            options.append(discord.SelectOption(label=label, value=token, default=topic.id == chosen))
        return discord.ui.Select(custom_id=custom_id, options=options, row=TOPIC_ROW)

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        picked = self.item.values[0] if self.item.values else ALL_TOPICS
        topic = None if picked == ALL_TOPICS else picked
        await show(interaction, BoardQuery(self.period, self.caller_id, self.role_id, topic))


class RoleMenu(StatefulItem[discord.ui.RoleSelect[discord.ui.View]], custom_id=ROLE_MENU_ID):
    """The whole server, or only points members earned while having a role (clear it for everyone)."""

    period: Period
    caller_id: int
    topic: str | None
    role_id: int | None = None  # the one shown; a pressed menu reads the member's pick instead

    def make(self, custom_id: str) -> discord.ui.RoleSelect[discord.ui.View]:
        chosen = [discord.Object(self.role_id, type=discord.Role)] if self.role_id else []
        return discord.ui.RoleSelect(
            custom_id=custom_id,
            placeholder="Whole server (pick a role to see only its members)",
            min_values=0,
            max_values=1,
            default_values=chosen,
            row=ROLE_ROW,
        )

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        role = self.item.values[0] if self.item.values else None
        # @everyone is on nobody's recorded roles: it means the whole server.
        role_id = None if role is None or role.is_default() else role.id
        await show(interaction, BoardQuery(self.period, self.caller_id, role_id, self.topic))


class PageButton(paging.PageButton, custom_id=PAGE_ID):
    """Shows the page after (▶) or before (◀) the row whose ``key`` it carries."""

    direction: Direction
    period: Period
    caller_id: int
    role_id: int | None
    key: BoardKey
    topic: str | None

    page_row = PAGE_ROW

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        forward = self.direction is Direction.NEXT
        query = BoardQuery(
            self.period,
            self.caller_id,
            self.role_id,
            self.topic,
            after=self.key if forward else None,
            before=None if forward else self.key,
        )
        await show(interaction, query)


class LegacyPageButton(StatefulButton, custom_id=LEGACY_PAGE_ID):
    """A button of a board posted before pages went by key: shows that board's first page."""

    direction: Direction
    period: Period
    page: int
    caller_id: int
    role_id: int | None
    topic: str | None

    label = "Page"

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        await show(interaction, BoardQuery(self.period, self.caller_id, self.role_id, self.topic))


DYNAMIC_ITEMS: DynamicItems = (
    PeriodButton,
    TopicMenu,
    RoleMenu,
    PageButton,
    LegacyPageButton,
)
