"""Moderators review open answers; members ask for reviews and share their own answers.

Points come from the automatic key-point grade and from moderators only. A
member may ask for a review of their open answer after the reveal (with an
optional note); a moderator (Manage Messages, or the server's reviewer role)
sets the answer's base score with a reason, or keeps it. The change moves the
answer's points, its score event and the running totals by the difference in
one unit of work, with the answer's row locked, so concurrent decisions on one
answer never add up. Sharing an answer in the day's thread, and a moderator's
"best answer of the day", happen only on a press.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.db.records import AnswerRecord, PostRecord, ScoreSource
from bot.db.repositories.moderation import ReviewStatus
from bot.db.uow import UnitOfWork, UnitOfWorkFactory
from bot.domain.clock import Clock
from bot.domain.errors import DomainError, UnknownPost
from bot.domain.questions import Kind, Question
from bot.domain.scoring import OPEN_MAX, split_points
from bot.services.daily_errors import NothingToGrade
from bot.services.daily_scoring import counted_periods, reviewed
from bot.services.errors import busy_means_try_again
from bot.services.members import MemberRef
from bot.services.moderation_results import (
    AnswerToPost,
    Decision,
    QueueItem,
    QueuePage,
    ReviewInfo,
    answer_to_post,
    review_info,
)
from bot.services.zones import zone_of

NOTE_MAX = 500
REASON_MAX = 500


class NotAModerator(DomainError):
    message = (
        "Only moderators can do that: members with **Manage Messages** or the reviewer role "
        "an admin set in /qotd setup."
    )


class OnlyOpenAnswers(DomainError):
    message = "Multiple choice is marked automatically; only open answers can be reviewed or shared."


class AlreadyRequested(DomainError):
    message = "You already asked for a review of this answer; a moderator will look at it."


class ReviewGone(DomainError):
    message = "That review request no longer exists (the answer may have been deleted)."


class ReasonNeeded(DomainError):
    message = f"Give a short reason (at most {REASON_MAX} characters); the member will read it."


class NoteTooLong(DomainError):
    message = f"A note is at most {NOTE_MAX} characters."


class AlreadyShared(DomainError):
    message = "You already shared this answer."


class AlreadyBest(DomainError):
    message = "That answer is already marked as a best answer."


class NoRevealedDay(DomainError):
    message = "There is no revealed question here yet, so there is no answer to mark."


class NotRevealed(DomainError):
    message = "That works after the answer is revealed."


@dataclass(frozen=True, slots=True)
class Moderator:
    """Who acts, and whether Discord says they have Manage Messages in the channel."""

    member: MemberRef
    manage_messages: bool


def _clean(text: str | None, limit: int, error: type[DomainError]) -> str | None:
    cleaned = (text or "").strip()
    if len(cleaned) > limit:
        raise error()
    return cleaned or None


async def authorize_moderator(uow: UnitOfWork, moderator: Moderator) -> None:
    if moderator.manage_messages:
        return
    role = await uow.moderation.reviewer_role(moderator.member.guild_id)
    if role is None or role not in moderator.member.role_ids:
        raise NotAModerator()


async def _revealed_open(uow: UnitOfWork, post_id: int, guild_id: int) -> tuple[PostRecord, Question]:
    post = await uow.posts.get(post_id)
    if post is None or post.guild_id != guild_id or post.question_id is None:
        raise UnknownPost()
    if post.scored_at is None:
        raise NotRevealed()
    stored = await uow.questions.get(post.question_id)
    if stored is None:
        raise UnknownPost()
    if stored.question.kind == Kind.MCQ:
        raise OnlyOpenAnswers()
    return post, stored.question


async def _scored_answer(uow: UnitOfWork, post_id: int, member_id: int) -> AnswerRecord:
    answer = await uow.answers.get(post_id, member_id)
    if answer is None or answer.points is None:
        raise NothingToGrade()
    return answer


class Moderation:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow_factory
        self._clock = clock

    async def set_reviewer_role(self, guild_id: int, role_id: int | None) -> None:
        """The role whose members may review answers (besides Manage Messages); None removes it."""
        async with busy_means_try_again(), self._uow() as uow:
            await uow.moderation.set_reviewer_role(guild_id, role_id)
            await uow.commit()

    async def reviewer_role(self, guild_id: int) -> int | None:
        async with busy_means_try_again(), self._uow() as uow:
            return await uow.moderation.reviewer_role(guild_id)

    async def request_review(self, post_id: int, member: MemberRef, note: str | None) -> None:
        """Ask moderators to review one's own open answer, after the reveal; once per answer."""
        cleaned = _clean(note, NOTE_MAX, NoteTooLong)
        now = self._clock.now()
        async with busy_means_try_again(), self._uow() as uow:
            await _revealed_open(uow, post_id, member.guild_id)
            answer = await _scored_answer(uow, post_id, member.member_id)
            if await uow.moderation.request(answer, cleaned, now) is None:
                raise AlreadyRequested()
            await uow.commit()

    async def queue(self, moderator: Moderator, page: int = 0) -> QueuePage:
        """One open request per page, oldest first."""
        guild_id = moderator.member.guild_id
        async with busy_means_try_again(), self._uow() as uow:
            await authorize_moderator(uow, moderator)
            total = await uow.moderation.open_count(guild_id)
            page = max(0, min(page, total - 1))
            reviews = await uow.moderation.open_reviews(guild_id, offset=page, limit=1)
            if not reviews:
                return QueuePage(None, 0, total)
            review = reviews[0]
            answer = await uow.moderation.answer_by_id(review.answer_id)
            if answer is None:
                raise ReviewGone()
            post = await uow.posts.get(answer.post_id)
            stored = await uow.questions.get(post.question_id or "") if post else None
            if post is None or stored is None:
                raise ReviewGone()
        points = answer.points or 0
        item = QueueItem(
            review_id=review.id,
            answer_id=answer.id,
            post_id=answer.post_id,
            member_id=answer.member_id,
            day_number=post.day_number,
            question=stored.question,
            text=answer.text or "",
            points=points,
            base=split_points(points, answer.streak_at_answer).base,
            hits=answer.hits or (),
            misses=answer.misses or (),
            note=review.note,
            requested_at=review.requested_at,
        )
        return QueuePage(item, page, total)

    async def set_score(self, review_id: int, moderator: Moderator, base: int, reason: str) -> Decision:
        """Set the reviewed answer's base (0..OPEN_MAX) with a reason; participation and streak stay."""
        return await self._decide(review_id, moderator, base, reason)

    async def keep_score(self, review_id: int, moderator: Moderator, reason: str) -> Decision:
        """Close the request keeping the score, with a reason for the member."""
        return await self._decide(review_id, moderator, None, reason)

    async def _decide(self, review_id: int, moderator: Moderator, base: int | None, reason: str) -> Decision:
        cleaned = _clean(reason, REASON_MAX, ReasonNeeded)
        if cleaned is None:
            raise ReasonNeeded()
        if base is not None and not 0 <= base <= OPEN_MAX:
            raise DomainError(f"The score is a whole number from 0 to {OPEN_MAX}.")
        now = self._clock.now()
        async with busy_means_try_again(), self._uow() as uow:
            await authorize_moderator(uow, moderator)
            review = await uow.moderation.get(review_id)
            if review is None or review.guild_id != moderator.member.guild_id:
                raise ReviewGone()
            # The row lock first: concurrent decisions on one answer run one after another,
            # each moving the totals from what the one before left.
            answer = await uow.moderation.lock_answer(review.answer_id)
            review = await uow.moderation.get(review_id)  # as the decision before this one left it
            if answer is None or answer.points is None or review is None:
                raise ReviewGone()
            post, question = await _revealed_open(uow, answer.post_id, review.guild_id)
            old_base = split_points(answer.points, answer.streak_at_answer).base
            new_base = old_base if base is None else base
            new_points = answer.points
            if new_base != old_base:
                verdict = reviewed(question, answer, new_base)
                zone = zone_of(await uow.schedules.get(post.guild_id))
                stored = await uow.answers.regrade(
                    answer,
                    source=ScoreSource.REVIEW,
                    points=verdict.score.points,
                    correct=verdict.correct,
                    topic=question.topic,
                    period_starts=await counted_periods(uow, answer, post, zone),
                    now=now,
                    coverage=verdict.coverage_share,
                )
                new_points = stored.points or 0
            automatic = old_base if review.auto_base is None else review.auto_base
            await uow.moderation.decide(
                review.id,
                status=ReviewStatus.CHANGED if new_base != automatic else ReviewStatus.KEPT,
                moderator_id=moderator.member.member_id,
                old_base=old_base,
                new_base=new_base,
                reason=cleaned,
                now=now,
            )
            await uow.commit()
        return Decision(
            member_id=answer.member_id,
            guild_id=review.guild_id,
            question_prompt=question.prompt,
            changed=new_base != old_base,
            old_base=old_base,
            new_base=new_base,
            old_points=answer.points,
            new_points=new_points,
            reason=cleaned,
        )

    async def share(self, post_id: int, member: MemberRef) -> AnswerToPost:
        """Claim the member's own answer for sharing in the day's thread; once per answer."""
        now = self._clock.now()
        async with busy_means_try_again(), self._uow() as uow:
            post, question = await _revealed_open(uow, post_id, member.guild_id)
            answer = await _scored_answer(uow, post_id, member.member_id)
            if not await uow.moderation.claim_share(answer.id, now):
                raise AlreadyShared()
            await uow.commit()
        return answer_to_post(answer, post, question)

    async def unshare(self, answer_id: int) -> None:
        """The shared message could not be posted: the member may press again."""
        async with busy_means_try_again(), self._uow() as uow:
            await uow.moderation.release_share(answer_id)
            await uow.commit()

    async def best_of_review(self, review_id: int, moderator: Moderator) -> AnswerToPost:
        """Mark the answer under review as a best answer of its day."""
        async with busy_means_try_again(), self._uow() as uow:
            await authorize_moderator(uow, moderator)
            review = await uow.moderation.get(review_id)
            if review is None or review.guild_id != moderator.member.guild_id:
                raise ReviewGone()
            answer = await uow.moderation.answer_by_id(review.answer_id)
            if answer is None:
                raise ReviewGone()
            return await self._mark_best(uow, answer, moderator)

    async def best_of_latest(self, moderator: Moderator, member_id: int) -> AnswerToPost:
        """Mark ``member_id``'s answer to the server's latest revealed question as a best answer."""
        async with busy_means_try_again(), self._uow() as uow:
            await authorize_moderator(uow, moderator)
            posts = await uow.posts.history(moderator.member.guild_id, limit=7)
            post = next((p for p in posts if p.scored_at is not None), None)
            if post is None:
                raise NoRevealedDay()
            answer = await uow.answers.get(post.id, member_id)
            if answer is None or answer.points is None:
                raise DomainError("That member didn't answer the latest revealed question.")
            return await self._mark_best(uow, answer, moderator)

    async def _mark_best(self, uow: UnitOfWork, answer: AnswerRecord, moderator: Moderator) -> AnswerToPost:
        post, question = await _revealed_open(uow, answer.post_id, moderator.member.guild_id)
        if not await uow.moderation.mark_best(answer.id, self._clock.now()):
            raise AlreadyBest()
        await uow.commit()
        return answer_to_post(answer, post, question)

    async def review_of(self, post_id: int, member_id: int) -> ReviewInfo | None:
        async with busy_means_try_again(), self._uow() as uow:
            answer = await uow.answers.get(post_id, member_id)
            if answer is None:
                return None
            return review_info(await uow.moderation.review_of(answer.id))
