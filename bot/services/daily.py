"""The daily question's life: create due posts, hand them out to send, reveal and score them.

The daily round (``bot.services.daily_round``) calls these steps on every wake of the alarm (see
docs/architecture.md, "Posts and reveals"). The database decides: each post
exists once per (server, local date), and a post is handed to one process at a
time under a lease, so several processes (or a restarted one) never send or
score the same post twice.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from datetime import date, datetime, timedelta

from bot.db.records import PostRecord, PostStatus, ScheduleRecord, ScheduleStatus
from bot.db.uow import UnitOfWorkFactory
from bot.domain.clock import Clock
from bot.domain.errors import NotConfigured
from bot.domain.schedule import local_date
from bot.services.daily_creation import create_for, is_due
from bot.services.daily_errors import AlreadyPostedToday, SchedulePaused
from bot.services.daily_reveals import day_number, questions_of, score_and_reveal
from bot.services.daily_sends import FailureOutcome, PostToSend, RevealToSend
from bot.services.errors import TryAgain, busy_means_try_again
from bot.services.planning import Timing, upcoming_slot

log = logging.getLogger(__name__)

DEFAULT_LEASE = timedelta(minutes=2)
MAX_TRANSIENT_FAILURES = 5
NOT_SENT_IN_TIME = "Not posted: it could not be sent before its reveal time."
NOT_CREATED = (
    "The question of the day stopped: the next question could not be prepared because of a problem "
    "on the bot's side (it was logged for the bot's operator). Run /qotd resume to try again, or "
    "/qotd setup if it keeps happening."
)
NOT_REVEALED = (
    "The answer could not be revealed because of a problem on the bot's side (it was logged for the "
    "bot's operator); it is tried again shortly."
)


CREATE_BATCH = 50  # schedules per unit of work in create_due
# A failed send waits 15 s, 30 s, 1 min, 2 min... before the next try: Discord's hiccups pass.
RETRY_BACKOFF = timedelta(seconds=15)


class DailyPosts:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        *,
        lease: timedelta = DEFAULT_LEASE,
        max_failures: int = MAX_TRANSIENT_FAILURES,
    ) -> None:
        self._uow = uow_factory
        self._clock = clock
        self._lease = lease
        self._max_failures = max_failures

    # Creating posts

    async def create_due(self, *, shard: tuple[int, int] | None = None) -> list[int]:
        """Create the post of every active schedule whose time has come; the new post ids.

        A day whose reveal time passed while the bot was down is recorded as
        skipped rather than posted late. A server without eligible questions gets
        the error recorded on its schedule and is tried again on its next day.
        A schedule that fails fails alone: one whose time zone no longer loads
        pauses with the reason, and any other error pauses only that schedule
        (logged with its guild id) while the other servers get their posts.
        """
        now = self._clock.now()
        created: list[int] = []
        seen: set[int] = set()
        while True:
            due: list[ScheduleRecord] = []
            batch: list[ScheduleRecord] = []
            try:
                # Batches of schedules, one unit of work each: thousands of servers due in the same
                # minute must not hold SQLite's write lock for long, or members' answers would wait.
                async with busy_means_try_again(), self._uow() as uow:
                    due = [s for s in await uow.schedules.due(now, shard=shard) if s.guild_id not in seen]
                    # Guild order: two processes lock schedules in the same order (no deadlock).
                    batch = sorted(due, key=lambda s: s.guild_id)[:CREATE_BATCH]
                    made: list[int] = []
                    for schedule in batch:
                        made += await create_for(uow, schedule, now)
                    await uow.commit()
                created += made
            except TryAgain:
                raise
            except Exception:
                if not batch:
                    raise  # reading what is due failed: there is nothing to tell apart
                log.warning("creating %d servers' posts together failed; one by one now", len(batch))
                for schedule in batch:
                    created += await self._create_alone(schedule.guild_id, now)
            seen.update(s.guild_id for s in batch)
            if len(due) <= len(batch):
                return created

    async def _create_alone(self, guild_id: int, now: datetime) -> list[int]:
        """:meth:`create_due` for one server, in its own unit of work; an error pauses its schedule."""
        try:
            async with busy_means_try_again(), self._uow() as uow:
                schedule = await uow.schedules.get(guild_id)
                if schedule is None or not is_due(schedule, now):
                    return []
                made = await create_for(uow, schedule, now)
                await uow.commit()
            return made
        except TryAgain:
            raise
        except Exception:
            log.exception("the post of guild %s could not be created; its schedule pauses", guild_id)
        # Only a person can tell a bug from bad data: stop this schedule rather than fail every minute.
        async with busy_means_try_again(), self._uow() as uow:
            await uow.schedules.pause(guild_id, NOT_CREATED, now)
            await uow.commit()
        return []

    async def post_now(self, guild_id: int) -> date:
        """Bring today's post forward to now (an admin's ``/qotd post-now``); returns its local date.

        The next :meth:`create_due` creates it (wake the alarm). Raises
        ``NotConfigured``, ``SchedulePaused``, or ``AlreadyPostedToday`` when
        today's question is already out.
        """
        now = self._clock.now()
        async with busy_means_try_again(), self._uow() as uow:
            schedule = await uow.schedules.get(guild_id)
            if schedule is None:
                raise NotConfigured()
            if schedule.status != ScheduleStatus.ACTIVE:
                raise SchedulePaused()
            timing = Timing.of(schedule)
            slot = await upcoming_slot(uow, schedule, timing, now)
            if slot.day != local_date(now, timing.zone):
                raise AlreadyPostedToday(slot.at, timing.zone)
            await uow.schedules.advance(guild_id, now, now=now, next_post_date=slot.day)
            await uow.commit()
        return slot.day

    # Sending

    async def claim_sends(
        self, owner: str, *, shard: tuple[int, int] | None = None, limit: int = 50
    ) -> list[PostToSend]:
        """Lease posts ready to send to ``owner``; report each with :meth:`mark_sent` or :meth:`mark_send_failed`.

        A post not reported before the lease runs out is handed out again (with
        the same nonce). Posts whose reveal time passed unsent are skipped.
        """
        now = self._clock.now()
        async with busy_means_try_again(), self._uow() as uow:
            for expired in await uow.posts.expire_unsent(now, NOT_SENT_IN_TIME, shard=shard):
                await uow.schedules.record_error(expired.guild_id, NOT_SENT_IN_TIME, now)
            posts = await uow.posts.claim_to_send(now, owner, self._lease, shard=shard, limit=limit)
            await uow.posts.note_first_claims((p.id for p in posts), PostStatus.PENDING, now)
            questions = await questions_of(uow, posts)
            schedules = await uow.schedules.get_many(p.guild_id for p in posts)
            await uow.commit()
        sends = []
        for post in posts:
            schedule = schedules.get(post.guild_id)
            sends.append(
                PostToSend(
                    post_id=post.id,
                    guild_id=post.guild_id,
                    channel_id=post.channel_id,
                    local_date=post.local_date,
                    day_number=day_number(post),
                    question=questions[post.id],
                    reveal_at=post.reveal_at,
                    ping_role_id=None if schedule is None else schedule.ping_role_id,
                    open_thread=schedule is not None and schedule.open_thread,
                    nonce=post.nonce,
                    earlier_attempt_at=post.send_claimed_at,  # as read before this claim
                )
            )
        return sends

    async def mark_sent(
        self, post_id: int, owner: str, message_id: int, thread_id: int | None = None
    ) -> bool:
        """The question message is out; False if ``owner`` had lost the post to another process."""
        now = self._clock.now()
        async with busy_means_try_again(), self._uow() as uow:
            post = await uow.posts.get(post_id)
            sent = await uow.posts.mark_sent(post_id, owner, message_id, thread_id, now)
            if sent and post is not None:
                await uow.schedules.clear_error(post.guild_id, now)
            await uow.commit()
        return sent

    async def mark_send_failed(
        self, post_id: int, owner: str, reason: str, *, permanent: bool
    ) -> FailureOutcome:
        """Sending failed with ``reason`` (shown by ``/qotd status``).

        Permanent (channel gone, access or permissions lost, bot removed): the post
        fails and the schedule pauses, so nothing retries in a loop. Transient (Discord
        errors): the post waits 15 s, 30 s, 1 min... before the next try; after
        ``max_failures`` tries that day's post fails, the error is shown by
        ``/qotd status``, and the schedule stays active (tomorrow posts as usual).
        """
        return await self._failed(post_id, owner, reason, PostStatus.PENDING, permanent=permanent)

    # Revealing

    async def claim_reveals(
        self, owner: str, *, shard: tuple[int, int] | None = None, limit: int = 50
    ) -> list[RevealToSend]:
        """Lease sent posts whose reveal time has come; the first claim of each scores its answers.

        Scoring (points, hits and misses on the answers, score events and running
        totals) happens in this same transaction, once per post: a reveal handed
        out again after a crash reports the stored results and scores nothing.
        A post whose schedule's zone no longer loads is scored in UTC days. A post
        that fails fails alone (logged with its guild id): the others are revealed,
        and it is retried with backoff like a failed reveal.
        """
        now = self._clock.now()
        claimed: list[PostRecord] = []
        try:
            return await self._claim_and_score(now, owner, claimed, shard=shard, limit=limit)
        except TryAgain:
            raise
        except Exception:
            if not claimed:
                raise  # the claim itself failed: there is nothing to tell apart
            log.warning("revealing %d posts together failed; one by one now", len(claimed))
        reveals = []
        for post in claimed:
            reveals += await self._reveal_alone(post, owner, now)
        return reveals

    async def _reveal_alone(self, post: PostRecord, owner: str, now: datetime) -> list[RevealToSend]:
        """:meth:`claim_reveals` for one post, in its own unit of work; an error counts as a failed try."""
        try:
            return await self._claim_and_score(now, owner, [], ids=(post.id,))
        except TryAgain:
            raise
        except Exception:
            log.exception("post %s of guild %s could not be revealed; retried later", post.id, post.guild_id)
        async with busy_means_try_again(), self._uow() as uow:
            held = await uow.posts.claim_to_reveal(now, owner, self._lease, ids=(post.id,))
            await uow.commit()
        if held:
            await self.mark_reveal_failed(post.id, owner, NOT_REVEALED, permanent=False)
        return []

    async def _claim_and_score(
        self,
        now: datetime,
        owner: str,
        claimed: list[PostRecord],
        *,
        shard: tuple[int, int] | None = None,
        limit: int = 50,
        ids: Collection[int] | None = None,
    ) -> list[RevealToSend]:
        """Claim due reveals (``claim_to_reveal``'s filters) and score them, in one unit of work.

        The claimed posts are added to ``claimed`` as soon as they are claimed, so a caller
        whose unit of work failed afterwards knows which posts to try one by one.
        """
        async with busy_means_try_again(), self._uow() as uow:
            claimed += await uow.posts.claim_to_reveal(
                now, owner, self._lease, shard=shard, limit=limit, ids=ids
            )
            await uow.posts.note_first_claims((p.id for p in claimed), PostStatus.SENT, now)
            reveals = await score_and_reveal(uow, claimed, now)
            await uow.commit()
        return reveals

    async def mark_revealed(self, post_id: int, owner: str, reveal_message_id: int | None) -> bool:
        """The answer is shown; False if ``owner`` had lost the post to another process."""
        now = self._clock.now()
        async with busy_means_try_again(), self._uow() as uow:
            post = await uow.posts.get(post_id)
            done = post is not None and await uow.posts.mark_revealed(
                post_id, owner, reveal_message_id, post.answer_count, now
            )
            await uow.commit()
        return done

    async def mark_reveal_failed(
        self, post_id: int, owner: str, reason: str, *, permanent: bool
    ) -> FailureOutcome:
        """Showing the answer failed. Permanent: the post still counts as revealed (its
        answers are closed and scored) with the error kept, and the schedule pauses.
        Transient: retried on a later round, the ``max_failures``-th time as permanent.
        """
        return await self._failed(post_id, owner, reason, PostStatus.SENT, permanent=permanent)

    async def _failed(
        self, post_id: int, owner: str, reason: str, step: PostStatus, *, permanent: bool
    ) -> FailureOutcome:
        now = self._clock.now()
        async with busy_means_try_again(), self._uow() as uow:
            post = await uow.posts.get(post_id)
            if post is None or post.lease_owner != owner or post.status != step:
                return FailureOutcome.NOT_HELD
            if not permanent and post.failures + 1 < self._max_failures:
                retry_at = now + RETRY_BACKOFF * 2**post.failures
                await uow.posts.record_failure(post_id, owner, reason, now, retry_at=retry_at)
                await uow.schedules.record_error(post.guild_id, reason, now)
                await uow.commit()
                return FailureOutcome.RETRY
            # Schedule before posts: the lock order every writer of both keeps.
            if permanent:
                # Only a person can fix it: stop the schedule rather than fail every day.
                await uow.schedules.pause(post.guild_id, reason, now)
            await uow.schedules.record_error(post.guild_id, reason, now)
            if step == PostStatus.PENDING:
                await uow.posts.fail_send(post_id, owner, reason, now)
            else:
                await uow.posts.mark_revealed(post_id, owner, None, post.answer_count, now, error=reason)
            if permanent:
                await uow.posts.skip_pending(post.guild_id, reason, now)
            await uow.commit()
        return FailureOutcome.GAVE_UP

    # Waking

    async def next_wake(self, *, shard: tuple[int, int] | None = None) -> datetime | None:
        """The earliest future instant a post or a reveal is due (None: nothing scheduled)."""
        now = self._clock.now()
        async with busy_means_try_again(), self._uow() as uow:
            post_at = await uow.schedules.next_due_after(now, shard=shard)
            reveal_at = await uow.posts.next_reveal_after(now, shard=shard)
            retry_at = await uow.posts.next_retry_after(now, shard=shard)
        return min((t for t in (post_at, reveal_at, retry_at) if t is not None), default=None)
