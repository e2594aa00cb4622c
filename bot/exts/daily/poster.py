"""The daily round's Discord side: puts a post or a reveal in its channel and says what came of it.

:class:`DiscordPostSender` implements the services' ``PostSender`` port; the round
(``bot.services.daily_round``) decides what is due, claims it under its lease, hands it
here and records the outcome. A post or reveal handed out again (its sender died, or
Discord failed after storing it) is first looked for in the channel and adopted when
found (``adoption``); it is sent with a nonce too, which makes a request retried within
Discord's few minutes land once. What Discord answered is classified into ``Sent`` or
``Failed``: a failure that retrying cannot fix (channel deleted, access or permissions
lost) is ``permanent``, and the round pauses that server's schedule with the reason.
Nothing here raises for an answer from Discord.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import discord

from bot.exts.daily import embeds
from bot.exts.daily.adoption import CannotLook, earlier_message
from bot.exts.daily.components import QUESTION_BUTTONS, REVEAL_BUTTONS, post_view, reveal_view
from bot.exts.shared.checks import missing_permissions
from bot.exts.shared.formatting import message_link
from bot.exts.shared.pacer import Pacer
from bot.exts.shared.replies import NO_PINGS
from bot.services.daily_sends import Failed, PostToSend, RevealToSend, SendOutcome, Sent

log = logging.getLogger(__name__)

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


def classify(exc: discord.HTTPException) -> Failed:
    """Whether a failed request is worth retrying, and why it failed, in words for admins."""
    if exc.code in _PERMANENT_CODES:
        return Failed(_PERMANENT_CODES[exc.code], permanent=True)
    if isinstance(exc, discord.Forbidden):
        return Failed("Discord refused the message (403)", permanent=True)
    if isinstance(exc, discord.NotFound):
        return Failed("the question channel was not found", permanent=True)
    return Failed(f"Discord answered {exc.status} ({exc.text or 'no details'})", permanent=False)


def reveal_nonce(post_id: int) -> str:
    """The reveal message's nonce: the same on every retry of one post's reveal (at most 25 characters)."""
    return f"qotd-r{post_id}"


class _Refused(Exception):
    """The channel cannot take the message (its ``failure`` says why); ends one send early."""

    def __init__(self, failure: Failed) -> None:
        super().__init__(failure.reason)
        self.failure = failure


class DiscordPostSender:
    """Sends the daily posts and reveals through ``client``, at most ``rate`` requests a second.

    ``topic_title`` names a question's topic as members read it (``Bank.topic_title``).
    """

    def __init__(self, client: discord.Client, *, rate: float, topic_title: Callable[[str], str]) -> None:
        self._client = client
        self._pacer = Pacer(rate, burst=PACER_BURST)
        self._topic_title = topic_title

    async def send_post(self, post: PostToSend) -> SendOutcome:
        """The day's question in its channel (an earlier hand-out's copy adopted), and its thread."""
        try:
            channel = await self._channel(post.channel_id)
            message = await self._earlier(channel, post, QUESTION_BUTTONS)
            if message is None:
                message = await self._send_question(channel, post)
        except discord.HTTPException as exc:
            return classify(exc)
        except _Refused as refused:
            return refused.failure
        thread_id = await self._thread_of(message, post) if post.open_thread else None
        return Sent(message.id, thread_id)

    async def send_reveal(self, reveal: RevealToSend) -> SendOutcome:
        """The answer, as a reply to the post, which is then closed to answers."""
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
            return classify(exc)
        except _Refused as refused:
            return refused.failure
        return Sent(message.id)

    async def _channel(self, channel_id: int) -> discord.abc.Messageable:
        channel = self._client.get_channel(channel_id)
        if channel is None:
            channel = await self._client.fetch_channel(channel_id)
        if not isinstance(channel, discord.abc.Messageable):
            raise _Refused(Failed("the question channel is not a text channel", permanent=True))
        if isinstance(channel, discord.abc.GuildChannel):
            me = channel.guild.me
            if me is not None:
                missing = missing_permissions(channel, me, threads=False)
                if missing:
                    raise _Refused(
                        Failed(
                            "the bot is missing permissions in the question channel: " + ", ".join(missing),
                            permanent=True,
                        )
                    )
        return channel

    async def _earlier(
        self, channel: discord.abc.Messageable, item: PostToSend | RevealToSend, buttons: tuple[str, ...]
    ) -> discord.Message | None:
        """The message an earlier hand-out of ``item`` left in ``channel`` (None: none, or it cannot tell).

        Only asked when that hand-out may have landed (``earlier_attempt_at``): the normal
        path makes no extra request. Without Read Message History the send goes out with its
        nonce, as Discord's few-minute nonce check is then all there is.
        """
        if item.earlier_attempt_at is None or self._client.user is None:
            return None
        try:
            found = await earlier_message(
                channel,
                bot_id=self._client.user.id,
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

    async def _send_question(self, channel: discord.abc.Messageable, post: PostToSend) -> discord.Message:
        embed = embeds.post_embed(
            day_number=post.day_number,
            question=post.question,
            topic_title=self._topic_title(post.question.topic),
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

    async def _thread_of(self, message: discord.Message, post: PostToSend) -> int | None:
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

    async def _send_answer(
        self, channel: discord.abc.Messageable, reveal: RevealToSend, original: discord.PartialMessage | None
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
                topic_title=self._topic_title(reveal.question.topic),
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
        self, original: discord.PartialMessage, reveal: RevealToSend, answer: discord.Message
    ) -> None:
        """The post once answered: buttons off, "answers are closed" and a link to the reveal."""
        closed = embeds.post_embed(
            day_number=reveal.day_number,
            question=reveal.question,
            topic_title=self._topic_title(reveal.question.topic),
            reveal_at=reveal.reveal_at,
            reveal_link=answer.jump_url,
        )
        try:
            await self._pacer.wait()
            await original.edit(embed=closed, view=post_view(reveal.post_id, reveal.question, closed=True))
        except discord.NotFound:
            pass  # someone deleted the post; the reveal is out all the same
