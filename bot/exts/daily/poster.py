"""The daily fan-out: turning what the database says is due into channel messages.

``reconcile`` runs at start-up, every minute and at announced instants (the
alarm calls it). The services decide what is due and hand out posts and
reveals under a lease, so two processes never send the same one; this module
only sends and reports back. A post or reveal handed out again (its sender died,
or Discord failed after storing it) is first looked for in the channel and
adopted when found (``adoption``); it is sent with a nonce too, which makes a
request retried within Discord's few minutes land once. A failure that retrying
cannot fix (channel deleted, access or permissions lost) pauses that server's
schedule with the reason; others carry on.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

import discord

from bot.exts.daily import embeds
from bot.exts.daily.adoption import CannotLook, earlier_message
from bot.exts.daily.components import QUESTION_BUTTONS, REVEAL_BUTTONS, post_view, reveal_view
from bot.exts.daily.fanout import BATCH, Drain, Report, SlicedCreation
from bot.exts.shared.checks import missing_permissions
from bot.exts.shared.formatting import message_link
from bot.exts.shared.pacer import Pacer
from bot.exts.shared.replies import NO_PINGS

if TYPE_CHECKING:
    from bot.app import QotdBot

log = logging.getLogger(__name__)

T = TypeVar("T")

# One request more now and then lets the pacer make up for a late wake-up: at 45 per second,
# never more than 47 in a second, below Discord's 50.
PACER_BURST = 2

# Discord's error codes that mean "this will not work until a person fixes something".
_PERMANENT_CODES = {
    10003: "the question channel no longer exists",
    10004: "the bot is no longer in this server",
    50001: "the bot lost access to the question channel",
    50013: "the bot is missing permissions in the question channel",
}


class SendFailed(Exception):
    def __init__(self, reason: str, *, permanent: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent


def classify(exc: discord.HTTPException) -> SendFailed:
    """Whether a failed request is worth retrying, and why it failed, in words for admins."""
    if exc.code in _PERMANENT_CODES:
        return SendFailed(_PERMANENT_CODES[exc.code], permanent=True)
    if isinstance(exc, discord.Forbidden):
        return SendFailed("Discord refused the message (403)", permanent=True)
    if isinstance(exc, discord.NotFound):
        return SendFailed("the question channel was not found", permanent=True)
    return SendFailed(f"Discord answered {exc.status} ({exc.text or 'no details'})", permanent=False)


def reveal_nonce(post_id: int) -> str:
    """The reveal message's nonce: the same on every retry of one post's reveal (at most 25 characters)."""
    return f"qotd-r{post_id}"


def lease_owner() -> str:
    """A name for this process in leases: host, pid and a random tag (pids get reused)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class Poster:
    def __init__(self, bot: QotdBot, *, rate: float, shards: Sequence[tuple[int, int]] | None = None) -> None:
        self._bot = bot
        self._pacer = Pacer(rate, burst=PACER_BURST)
        self._owner = lease_owner()
        self._shards: Sequence[tuple[int, int] | None] = shards or [None]
        self._db_turn = asyncio.Lock()
        # Per shard, when the last reconcile said something is next due (None: nothing is).
        self._expected: dict[tuple[int, int] | None, datetime | None] = {}

    @property
    def _daily(self) -> Any:
        return self._bot.services.daily

    async def reconcile(self) -> datetime | None:
        """Make every due post and reveal; return when something is next due."""
        upcoming: list[datetime] = []
        now = self._bot.services.clock.now()
        for shard in self._shards:
            expected = self._expected.get(shard, now)  # nothing known yet: as if due now
            creation = SlicedCreation(
                self._daily, shard, many_possible=expected is not None and expected <= now
            )
            claim_sends = partial(self._daily.claim_sends, self._owner, shard=shard, limit=BATCH)
            await Drain(self._db, claim_sends, self._send_post, create=creation.step).run()
            claim_reveals = partial(self._daily.claim_reveals, self._owner, shard=shard, limit=BATCH)
            await Drain(self._db, claim_reveals, self._send_reveal).run()
            nxt = self._expected[shard] = await self._daily.next_wake(shard=shard)
            if nxt is not None:
                upcoming.append(nxt)
        self._bot.last_reconcile = self._bot.services.clock.now()
        return min(upcoming, default=None)

    async def _db(self, call: Callable[[], Awaitable[T]]) -> T:
        """One database call of the fan-out, in turn with the others."""
        async with self._db_turn:
            return await call()

    async def _channel(self, channel_id: int) -> discord.abc.Messageable:
        channel = self._bot.get_channel(channel_id)
        if channel is None:
            try:
                channel = await self._bot.fetch_channel(channel_id)
            except discord.HTTPException as exc:
                raise classify(exc) from exc
        if not isinstance(channel, discord.abc.Messageable):
            raise SendFailed("the question channel is not a text channel", permanent=True)
        if isinstance(channel, discord.abc.GuildChannel):
            me = channel.guild.me
            if me is not None:
                missing = missing_permissions(channel, me, threads=False)
                if missing:
                    raise SendFailed(
                        "the bot is missing permissions in the question channel: " + ", ".join(missing),
                        permanent=True,
                    )
        return channel

    async def _earlier(
        self, channel: discord.abc.Messageable, item: Any, buttons: tuple[str, ...]
    ) -> discord.Message | None:
        """The message an earlier hand-out of ``item`` left in ``channel`` (None: none, or it cannot tell).

        Only asked when that hand-out may have landed (``earlier_attempt_at``): the normal
        path makes no extra request. Without Read Message History the send goes out with its
        nonce, as Discord's few-minute nonce check is then all there is.
        """
        if item.earlier_attempt_at is None or self._bot.user is None:
            return None
        try:
            found = await earlier_message(
                channel,
                bot_id=self._bot.user.id,
                post_id=item.post_id,
                buttons=buttons,
                since=item.earlier_attempt_at,
                pace=self._pacer.wait,
            )
        except CannotLook:
            log.info(
                "guild %s: cannot read the channel's history to look for an earlier copy of day %s; "
                "sending with its nonce",
                item.guild_id,
                item.day_number,
            )
            return None
        if found is not None:
            log.info(
                "guild %s: day %s was already in the channel (message %s, from an earlier attempt): "
                "recorded it instead of sending again",
                item.guild_id,
                item.day_number,
                found.id,
            )
        return found

    async def _send_post(self, post: Any) -> Report:
        try:
            channel = await self._channel(post.channel_id)
            message = await self._earlier(channel, post, QUESTION_BUTTONS)
            if message is None:
                message = await self._send_question(channel, post)
        except discord.HTTPException as exc:
            return partial(self._failed_send, post, classify(exc))
        except SendFailed as exc:
            return partial(self._failed_send, post, exc)
        thread_id = await self._thread_of(message, post) if post.open_thread else None

        async def sent() -> None:
            await self._daily.mark_sent(post.post_id, self._owner, message.id, thread_id)
            log.info(
                "posted question %s (day %s) to guild %s", post.question.id, post.day_number, post.guild_id
            )

        return sent

    async def _send_question(self, channel: discord.abc.Messageable, post: Any) -> discord.Message:
        embed = embeds.post_embed(
            day_number=post.day_number,
            question=post.question,
            topic_title=self._bot.services.bank.topic_title(post.question.topic),
            reveal_at=post.reveal_at,
        )
        content, mentions = None, NO_PINGS
        if post.ping_role_id:
            content = f"<@&{post.ping_role_id}>"
            mentions = discord.AllowedMentions(
                everyone=False, users=False, roles=[discord.Object(post.ping_role_id)]
            )
        await self._pacer.wait()
        return await channel.send(
            content=content,
            embed=embed,
            view=post_view(post.post_id, post.question),
            nonce=post.nonce,
            allowed_mentions=mentions,
        )

    async def _thread_of(self, message: discord.Message, post: Any) -> int | None:
        """The post's discussion thread: the one an adopted message already has, else a new one."""
        if message.thread is not None:
            return message.thread.id
        try:
            await self._pacer.wait()
            thread = await message.create_thread(
                name=f"Question #{post.day_number}: discussion", auto_archive_duration=1440
            )
        except discord.HTTPException as exc:
            # The question is out; a missing thread is worth a log line, not a retry.
            log.warning(
                "guild %s: could not open the discussion thread: %s", post.guild_id, classify(exc).reason
            )
            return None
        return thread.id

    async def _failed_send(self, post: Any, failure: SendFailed) -> None:
        log.warning(
            "guild %s: could not post day %s (%s%s)",
            post.guild_id,
            post.day_number,
            failure.reason,
            "; schedule paused" if failure.permanent else "; will retry",
        )
        await self._daily.mark_send_failed(
            post.post_id, self._owner, failure.reason, permanent=failure.permanent
        )

    async def _send_answer(
        self, channel: discord.abc.Messageable, reveal: Any, original: discord.PartialMessage | None
    ) -> discord.Message:
        """The reveal message, a reply to the post (``original``) while it exists."""
        post_link = (
            message_link(reveal.guild_id, reveal.channel_id, reveal.message_id) if reveal.message_id else None
        )
        await self._pacer.wait()
        return await channel.send(
            embed=embeds.reveal_embed(
                day_number=reveal.day_number,
                question=reveal.question,
                topic_title=self._bot.services.bank.topic_title(reveal.question.topic),
                answer_count=reveal.answer_count,
                correct_count=reveal.correct_count,
                links=embeds.RevealLinks(post=post_link, thread_id=reveal.thread_id),
            ),
            view=reveal_view(reveal.post_id, reveal.question),
            reference=original.to_reference(fail_if_not_exists=False) if original is not None else None,
            nonce=reveal_nonce(reveal.post_id),
            allowed_mentions=NO_PINGS,
        )

    async def _close_post(
        self, original: discord.PartialMessage, reveal: Any, answer: discord.Message
    ) -> None:
        """The post once answered: buttons off, "answers are closed" and a link to the reveal."""
        closed = embeds.post_embed(
            day_number=reveal.day_number,
            question=reveal.question,
            topic_title=self._bot.services.bank.topic_title(reveal.question.topic),
            reveal_at=reveal.reveal_at,
            reveal_link=answer.jump_url,
        )
        try:
            await self._pacer.wait()
            await original.edit(embed=closed, view=post_view(reveal.post_id, reveal.question, closed=True))
        except discord.NotFound:
            pass  # someone deleted the post; the reveal is out all the same

    async def _send_reveal(self, reveal: Any) -> Report:
        try:
            channel = await self._channel(reveal.channel_id)
            original = (
                channel.get_partial_message(reveal.message_id)
                if hasattr(channel, "get_partial_message") and reveal.message_id
                else None
            )
            message = await self._earlier(channel, reveal, REVEAL_BUTTONS)
            if message is None:
                message = await self._send_answer(channel, reveal, original)
            # Answers closed when the reveal was handed out; the buttons go off once it links somewhere.
            if original is not None:
                await self._close_post(original, reveal, message)
        except discord.HTTPException as exc:
            failure = classify(exc)
        except SendFailed as exc:
            failure = exc
        else:

            async def revealed() -> None:
                await self._daily.mark_revealed(reveal.post_id, self._owner, message.id)
                log.info(
                    "revealed day %s in guild %s (%s answers)",
                    reveal.day_number,
                    reveal.guild_id,
                    reveal.answer_count,
                )

            return revealed
        log.warning(
            "guild %s: could not reveal day %s (%s)", reveal.guild_id, reveal.day_number, failure.reason
        )
        return partial(
            self._daily.mark_reveal_failed,
            reveal.post_id,
            self._owner,
            failure.reason,
            permanent=failure.permanent,
        )
