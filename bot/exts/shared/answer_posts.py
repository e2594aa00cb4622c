"""Members' answers posted in the day's discussion thread (or channel), and private notices.

An answer reaches the channel only on a press: its author's "Share my answer",
or a moderator's "best answer of the day". The member is named by a mention that
pings nobody, and the text is quoted in a code block it cannot break out of.
"""

from __future__ import annotations

import logging
from typing import Any

import discord

from bot.domain import limits
from bot.exts.shared.formatting import member_text_block
from bot.exts.shared.replies import NO_PINGS
from bot.services.moderation_results import AnswerToPost

log = logging.getLogger(__name__)

SHARED_HEADING = "<@{member}> shared their answer to question #{day}:"
BEST_HEADING = "🏅 Best answer of question #{day}, by <@{member}> (chosen by a moderator):"


def answer_message(answer: AnswerToPost, heading: str) -> str:
    """The message: a heading naming the member, then the answer quoted safely; within 2,000 characters."""
    top = heading.format(member=answer.member_id, day=answer.day_number or "?")
    return f"{top}\n{member_text_block(answer.text, limits.MESSAGE_CONTENT - len(top) - 1)}"


async def _channel(client: discord.Client, channel_id: int) -> Any:
    return client.get_channel(channel_id) or await client.fetch_channel(channel_id)


async def post_answer(client: discord.Client, answer: AnswerToPost, heading: str) -> discord.Message:
    """Post ``answer`` in its day's thread, or its channel when the day has no thread."""
    channel = await _channel(client, answer.target_id)
    return await channel.send(answer_message(answer, heading), allowed_mentions=NO_PINGS)


async def tell_privately(client: discord.Client, member_id: int, text: str) -> bool:
    """A direct message to the member; False (and nothing else) when their DMs are closed."""
    try:
        user = client.get_user(member_id) or await client.fetch_user(member_id)
        await user.send(text[: limits.MESSAGE_CONTENT], allowed_mentions=NO_PINGS)
    except discord.HTTPException:
        log.info("could not DM member %s (DMs closed or user gone)", member_id)
        return False
    return True
