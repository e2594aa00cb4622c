"""The leaderboard's ◀ ▶ buttons; they survive restarts.

A board's whole state (period, who asked, role, topic, and where the page
starts) lives in each button's ``custom_id``, so a board posted last week still
pages after the bot restarts. Pages go by key, not by number: ▶ carries the key
(points, when reached, member) of the page's last row and shows the rows after
it, ◀ the key of its first row and shows the rows before it, so a page deep in a
large board costs an index seek, and nobody is skipped or shown twice when the
board moves between presses. Anyone may page (under a per-member cooldown); the
message is edited in place and keeps the row of the member who asked, so
everyone sees the same board. A page always shows the *current* period of its
kind (the week now, not the week it was posted).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import discord

from bot.domain import limits
from bot.domain.compact import base36
from bot.domain.errors import DomainError
from bot.domain.periods import Period
from bot.domain.questions import Topic
from bot.domain.topics import find_topic
from bot.exts.leaderboards import embeds
from bot.exts.shared.context import bot_of, services_of
from bot.exts.shared.cooldowns import MemberCooldown
from bot.exts.shared.replies import replies_errors
from bot.services.leaderboards import BoardKey, BoardView, key_of

NOT_IN_A_SERVER = "That only works inside a server."

PERIOD_CODES: dict[Period, str] = {Period.DAY: "d", Period.WEEK: "w", Period.MONTH: "m", Period.ALL: "a"}
_PERIODS_BY_CODE = {code: period for period, code in PERIOD_CODES.items()}
PAGE_SIZE = 10
PAGES_PER_MEMBER = 5  # page presses per member ...
PAGE_COOLDOWN_SECONDS = 15  # ... in this many seconds

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_NUMBER = r"-?[0-9a-z]{1,13}"  # base 36: a snowflake or a 64-bit number fits in 13 digits

# "lb:<p|n>:<period>:<caller>:<role>:<points>:<reached_at µs>:<member>:<topic>", numbers in base 36.
TEMPLATE = (
    rf"lb:(?P<dir>[pn]):(?P<period>[dwma]):(?P<caller>{_NUMBER}):(?P<role>[0-9a-z]{{0,13}}):"
    rf"(?P<points>{_NUMBER}):(?P<reached>{_NUMBER}):(?P<member>{_NUMBER}):(?P<topic>[^:]*)"
)
_LONGEST_PREFIX = len("lb:n:w:") + 3 * len("3w5e11264sgsf:") + len("-zik0zj:") + len("-3w5e11264sgsf:")
TOPIC_TOKEN = limits.CUSTOM_ID - _LONGEST_PREFIX
"""Room left for the topic: its id (at most 40 characters by the slug rule), else its syllabus number."""
LEGACY_TEMPLATE = (
    r"lb:(?P<dir>[pn]):(?P<period>[dwma]):(?P<page>[0-9]{1,7}):(?P<caller>[0-9]{1,20}):"
    r"(?P<role>[0-9]{0,20}):(?P<topic>[^:]*)"
)
"""Buttons of boards posted before pages went by key (a page number); they open the first page."""


def _key_token(key: BoardKey) -> str:
    micros = (key.reached_at - _EPOCH) // timedelta(microseconds=1)
    return f"{base36(key.points)}:{base36(micros)}:{base36(key.member_id)}"


def _key_from(match: Any) -> BoardKey:
    reached = _EPOCH + timedelta(microseconds=int(match["reached"], 36))
    return BoardKey(int(match["points"], 36), reached, int(match["member"], 36))


@dataclass(frozen=True, slots=True)
class BoardQuery:
    """Which board a message shows; ``topic`` is a token ``find_topic`` reads (an id or a number).

    ``after``/``before``: the page starts after (ends before) that row's key; neither is the first page.
    """

    period: Period
    caller_id: int
    role_id: int | None = None
    topic: str | None = None
    after: BoardKey | None = None
    before: BoardKey | None = None

    @staticmethod
    def topic_token(topic: Topic | None) -> str | None:
        if topic is None:
            return None
        return topic.id if len(topic.id) <= TOPIC_TOKEN else str(topic.number)

    def custom_id(self, direction: str, key: BoardKey) -> str:
        role = base36(self.role_id) if self.role_id else ""
        return (
            f"lb:{direction}:{PERIOD_CODES[self.period]}:{base36(self.caller_id)}:{role}:"
            f"{_key_token(key)}:{self.topic or ''}"
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
        page_size=PAGE_SIZE,
        viewer_id=query.caller_id,
        after=query.after,
        before=query.before,
    )
    embed = embeds.board_embed(board, caller_id=query.caller_id, topic_title=topic.title if topic else None)
    return embed, page_view(query, board)


def guild_of(interaction: discord.Interaction) -> int:
    if interaction.guild_id is None:
        raise DomainError(NOT_IN_A_SERVER)
    return interaction.guild_id


def page_view(query: BoardQuery, board: BoardView) -> discord.ui.View | None:
    """◀ and ▶ when there is more than one page (each disabled at its end)."""
    if board.pages <= 1 or not board.rows:
        return None
    view = discord.ui.View(timeout=None)
    previous = PageButton(replace(query, after=None, before=key_of(board.rows[0])), "p")
    following = PageButton(replace(query, after=key_of(board.rows[-1]), before=None), "n")
    previous.item.disabled = not board.has_previous
    following.item.disabled = not board.has_next
    view.add_item(previous)
    view.add_item(following)
    return view


async def show_page(interaction: discord.Interaction, query: BoardQuery) -> None:
    """A page button's press: the page, in place of the message's current one (under the cooldown)."""
    # The cooldown belongs to the running bot's cog, like every cooldown (a restart starts afresh).
    cooldown = getattr(bot_of(interaction).get_cog("LeaderboardsCog"), "page_cooldown", None)
    if not isinstance(cooldown, MemberCooldown):
        raise RuntimeError("the leaderboards extension is not loaded")
    cooldown.hit(interaction)
    embed, view = await board_message(interaction, query)
    await interaction.response.edit_message(embed=embed, view=view)


class PageButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=TEMPLATE):
    """Shows the page after (▶) or before (◀) the row its ``custom_id`` names, in place."""

    def __init__(self, query: BoardQuery, direction: str) -> None:
        key = query.before if direction == "p" else query.after
        assert key is not None
        super().__init__(
            discord.ui.Button(
                label="◀ Previous" if direction == "p" else "Next ▶",
                style=discord.ButtonStyle.secondary,
                custom_id=query.custom_id(direction, key),
            )
        )
        self.query = query

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: Any, /
    ) -> PageButton:
        key = _key_from(match)
        query = BoardQuery(
            period=_PERIODS_BY_CODE[match["period"]],
            caller_id=int(match["caller"], 36),
            role_id=int(match["role"], 36) if match["role"] else None,
            topic=match["topic"] or None,
            after=key if match["dir"] == "n" else None,
            before=key if match["dir"] == "p" else None,
        )
        return cls(query, match["dir"])

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        await show_page(interaction, self.query)


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
            period=_PERIODS_BY_CODE[match["period"]],
            caller_id=int(match["caller"]),
            role_id=int(match["role"]) if match["role"] else None,
            topic=match["topic"] or None,
        )
        return cls(query, match.string)

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        await show_page(interaction, self.query)


DYNAMIC_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (PageButton, LegacyPageButton)
