"""The clock of channel quizzes: one task per running quiz opens a question, waits, closes it, posts.

Each quiz runs in its own asyncio task that sleeps with a plain
``asyncio.sleep`` until the open question's window ends; the delay comes
from the injected clock, so simulated time can fast-forward it. Then the task
closes the question (points are awarded by the service), disables its
buttons, posts the result and opens the next question, until the standings.

The database knows where every quiz is, so after a restart ``resume`` picks
each running one up: an open question keeps its post (found in the channel's
recent history), an overdue window is closed at once. A failing quiz is
logged and retried; it never stops the others.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import discord

from bot.domain.errors import NoActiveQuiz
from bot.exts.quiz import embeds
from bot.exts.quiz.components import is_question_post, question_view
from bot.exts.quiz.my_result import my_result_view
from bot.exts.shared.replies import NO_PINGS
from bot.services.quiz_snapshots import QuizQuestion

if TYPE_CHECKING:
    from bot.app import QotdBot

log = logging.getLogger(__name__)

RETRY_DELAY = timedelta(seconds=15)
MAX_FAILURES = 5  # in a row, for one quiz; then its task gives up until the next restart resumes it
HISTORY_LOOKBACK = 50  # recent messages searched for an open question's post after a restart


@dataclass(frozen=True, slots=True)
class _Posted:
    """The open question of a quiz and its message (None when Discord refused to post it)."""

    asked: QuizQuestion
    message: discord.Message | None


class QuizRunner:
    """Runs every quiz of this process, each in its own task."""

    def __init__(self, bot: QotdBot) -> None:
        self._bot = bot
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self._posted: dict[int, _Posted] = {}

    def start(
        self, quiz_id: int, channel_id: int, *, announce: discord.Embed | None = None, resumed: bool = False
    ) -> None:
        """Run the quiz (post ``announce`` first); ``resumed``: its open question may be posted already."""
        if quiz_id in self._tasks:
            return
        task = asyncio.create_task(self._run(quiz_id, channel_id, announce, resumed), name=f"quiz-{quiz_id}")
        self._tasks[quiz_id] = task
        task.add_done_callback(functools.partial(self._forget, quiz_id))

    def _forget(self, quiz_id: int, task: asyncio.Task[None]) -> None:
        if self._tasks.get(quiz_id) is task:
            del self._tasks[quiz_id]

    async def resume(self) -> None:
        """After a (re)start: carry on with every quiz the database says runs on this process's shards."""
        await self._bot.wait_until_ready()
        for shard in self._bot.shard_filters() or [None]:
            for attempt in range(1, MAX_FAILURES + 1):
                try:
                    running = await self._bot.services.quizzes.unfinished(shard=shard)
                except Exception:
                    log.exception("could not list the running quizzes (attempt %d)", attempt)
                    await asyncio.sleep(RETRY_DELAY.total_seconds())
                    continue
                for quiz in running:
                    log.info("resuming quiz %s in channel %s", quiz.quiz_id, quiz.channel_id)
                    self.start(quiz.quiz_id, quiz.channel_id, resumed=quiz.closes_at is not None)
                break

    async def stop(self, quiz_id: int, channel_id: int, *, stopped_by: int) -> None:
        """The quiz was stopped: end its task, close its open question's buttons, post the standings."""
        posted = self._posted.pop(quiz_id, None)
        task = self._tasks.pop(quiz_id, None)
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        if posted is not None:
            await self._close_buttons(quiz_id, posted)
        await self._post_standings(self._channel(channel_id), quiz_id, stopped_by=stopped_by)

    async def close(self) -> None:
        """Cancel every quiz task (the cog unloads); the database keeps where each quiz is."""
        tasks = list(self._tasks.values())
        self._tasks.clear()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _run(
        self, quiz_id: int, channel_id: int, announce: discord.Embed | None, resumed: bool
    ) -> None:
        channel = self._channel(channel_id)
        if announce is not None:
            await self._send(channel, embed=announce)
        failures = 0
        try:
            while True:
                try:
                    more = await self._play_question(quiz_id, channel, find_post=resumed)
                except NoActiveQuiz:
                    return  # stopped meanwhile
                except Exception:
                    failures += 1
                    log.exception("quiz %s: a step failed (%d in a row)", quiz_id, failures)
                    if failures >= MAX_FAILURES:
                        log.error("quiz %s: giving up until the bot restarts", quiz_id)
                        return
                    await asyncio.sleep(RETRY_DELAY.total_seconds())
                    continue
                if not more:
                    return
                failures, resumed = 0, False
        finally:
            self._posted.pop(quiz_id, None)

    async def _play_question(
        self, quiz_id: int, channel: discord.abc.Messageable, *, find_post: bool
    ) -> bool:
        """Open the next question (or take the open one), wait out its window, close it, post the result.

        Returns False once the quiz is over. A failed step is run again from the
        top: ``open_next`` hands back a question that is already open, and its
        post is not sent twice.
        """
        quizzes = self._bot.services.quizzes
        asked = await quizzes.open_next(quiz_id)
        if asked is None:
            return False
        posted = self._posted.get(quiz_id)
        if posted is None or posted.asked.number != asked.number:
            message = await self._find_post(channel, quiz_id, asked.number) if find_post else None
            if message is None:
                message = await self._send(
                    channel,
                    retry=True,
                    embed=embeds.question_embed(asked, self._bot.services.bank.topic_title(asked.question.topic)),
                    view=question_view(quiz_id, asked.number, asked.question),
                )
            posted = self._posted[quiz_id] = _Posted(asked, message)
        await self._sleep_until(asked.closes_at)
        result = await quizzes.close_current(quiz_id)
        self._posted.pop(quiz_id, None)
        await self._close_buttons(quiz_id, posted)
        await self._send(
            channel,
            embed=embeds.result_embed(result),
            reply_to=posted.message,
            **my_result_view(quiz_id, result.number, result.question),
        )
        if result.finished:
            await self._post_standings(channel, quiz_id)
            return False
        return True

    async def _sleep_until(self, instant: datetime | None) -> None:
        # A plain sleep in the quiz's own task: simulated time can fast-forward it.
        if instant is None:
            return
        delay = (instant - self._bot.services.clock.now()).total_seconds()
        if delay > 0:
            await asyncio.sleep(delay)

    def _channel(self, channel_id: int) -> discord.abc.Messageable:
        channel = self._bot.get_channel(channel_id)
        if isinstance(channel, discord.abc.Messageable):
            return channel
        return self._bot.get_partial_messageable(channel_id)  # a thread, or not cached: REST still works

    async def _find_post(
        self, channel: discord.abc.Messageable, quiz_id: int, number: int
    ) -> discord.Message | None:
        """The message already posted for an open question (after a restart), if it is still there."""
        me = self._bot.user
        try:
            async for message in channel.history(limit=HISTORY_LOOKBACK):
                if (
                    me is not None
                    and message.author.id == me.id
                    and is_question_post(message, quiz_id, number)
                ):
                    return message
        except discord.HTTPException as exc:
            log.warning("quiz %s: could not read the channel to find question %s (%s)", quiz_id, number, exc)
        return None

    async def _close_buttons(self, quiz_id: int, posted: _Posted) -> None:
        if posted.message is None:
            return
        closed = question_view(quiz_id, posted.asked.number, posted.asked.question, closed=True)
        try:
            await posted.message.edit(view=closed)
        except discord.HTTPException as exc:
            # Late clicks are still refused by the service ("closed"); nothing else to do.
            log.warning(
                "quiz %s: could not close the buttons of question %s (%s)", quiz_id, posted.asked.number, exc
            )

    async def _post_standings(
        self, channel: discord.abc.Messageable, quiz_id: int, *, stopped_by: int | None = None
    ) -> None:
        standings = await self._bot.services.quizzes.standings(quiz_id)
        await self._send(channel, embed=embeds.standings_embed(standings, stopped_by=stopped_by))

    async def _send(
        self,
        channel: discord.abc.Messageable,
        *,
        retry: bool = False,
        reply_to: discord.Message | None = None,
        **kwargs: Any,
    ) -> discord.Message | None:
        """Post in the quiz's channel. A refusal is logged and the quiz goes on without the
        message; an outage on Discord's side is raised when ``retry`` (the step runs again)."""
        if reply_to is not None:
            kwargs["reference"] = reply_to.to_reference(fail_if_not_exists=False)
        try:
            return await channel.send(allowed_mentions=NO_PINGS, **kwargs)
        except discord.DiscordServerError:
            if retry:
                raise
            log.warning("quiz channel %s: Discord failed to take a message", getattr(channel, "id", "?"))
        except discord.HTTPException as exc:
            log.warning("quiz channel %s: Discord refused a message (%s)", getattr(channel, "id", "?"), exc)
        return None
