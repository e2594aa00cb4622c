"""Finding a message that an earlier, unrecorded attempt left in the channel, to adopt it.

A process can die, or Discord can fail a request, after the message was stored and before
its id was recorded. Discord's nonce returns the first message to a re-send only for a few
minutes; a re-send after a lease ran out or an outage would post a second copy (whose
buttons work while the first's stay live too). So a post or reveal handed out again first
reads the channel's messages since its first hand-out (one request, paced with the others)
and takes the bot's own message for that post, known by the post id in its buttons.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

import discord

from bot.exts.daily.components import carries_buttons
from bot.exts.shared.buttons import CustomId

# One page of history, the most Discord returns per request: the message, if it exists, was
# sent within the lease after the hand-out, so it is near the start of the page.
LOOKBACK = 100
# The host's clock against Discord's: messages from a little before the hand-out count too.
CLOCK_MARGIN = timedelta(minutes=1)


class CannotLook(Exception):
    """The channel's history cannot be read (Read Message History is missing)."""


async def earlier_message(
    channel: discord.abc.Messageable,
    *,
    bot_id: int,
    post_id: int,
    buttons: tuple[CustomId, ...],
    since: datetime,
    pace: Callable[[], Awaitable[None]],
) -> discord.Message | None:
    """The bot's message with ``buttons`` for ``post_id`` sent since ``since``, if there is one.

    Raises :class:`CannotLook` without Read Message History (Discord then answers an empty
    page, which would look like "nothing there"); other request errors propagate.
    """
    if isinstance(channel, discord.abc.GuildChannel | discord.Thread):
        me = channel.guild.me
        if me is not None and not channel.permissions_for(me).read_message_history:
            raise CannotLook()
    await pace()
    try:
        async for message in channel.history(limit=LOOKBACK, after=since - CLOCK_MARGIN):
            if (
                message.author.id == bot_id
                and message.interaction_metadata is None
                and carries_buttons(message, post_id, buttons)
            ):
                return message
    except discord.Forbidden as exc:
        raise CannotLook() from exc
    return None
