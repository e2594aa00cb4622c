"""Members suggest questions for their server's bank; moderators approve, edit or reject them.

A member sends a question, its answer, optional key points and a topic
(``/suggest``); at most ``PENDING_MAX`` of theirs wait at once. Moderators
(Manage Messages, or the server's reviewer role, as for answer reviews) page
through the pending ones oldest first. An approved suggestion becomes an open
question of the server's own bank, like an imported one, credited to the
member by name (plain text); a rejection may carry a reason. Either way the
member is told (by the Discord layer, from the returned ``Verdict``).

Each use case is one unit of work; the clock is passed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.db.repositories.suggestions import SuggestionRecord, SuggestionStatus
from bot.db.uow import UnitOfWork, UnitOfWorkFactory
from bot.domain.clock import Clock
from bot.domain.questions import Topic
from bot.domain.suggestions import (
    PENDING_MAX,
    AlreadyDecided,
    Draft,
    SuggestionGone,
    TooManyPending,
    check_draft,
    check_reason,
    credit_name,
)
from bot.questionbank.suggested import suggested_identity, suggested_question
from bot.questionbank.upload import settle_ids
from bot.services.errors import busy_means_try_again
from bot.services.members import MemberRef
from bot.services.moderation import Moderator, authorize_moderator


@dataclass(frozen=True, slots=True)
class Submitted:
    suggestion_id: int
    pending: int  # how many of the member's suggestions now wait, this one included


@dataclass(frozen=True, slots=True)
class SuggestionPage:
    """One pending suggestion of the moderators' queue (``item`` None when none waits)."""

    item: SuggestionRecord | None
    page: int  # 0-based
    total: int


@dataclass(frozen=True, slots=True)
class Verdict:
    """A moderator's decision, for telling the member and the moderator."""

    guild_id: int
    member_id: int
    author_name: str
    prompt: str
    approved: bool
    reason: str | None = None
    question_id: str | None = None


async def _pending(uow: UnitOfWork, suggestion_id: int, guild_id: int) -> SuggestionRecord:
    """The suggestion, its row locked, while it still waits; refusals say why it can't be decided."""
    record = await uow.suggestions.get(suggestion_id, lock=True)
    if record is None or record.guild_id != guild_id:
        raise SuggestionGone()
    if record.status != SuggestionStatus.PENDING:
        raise AlreadyDecided(record.status)
    return record


class Suggestions:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, topics: Sequence[Topic]) -> None:
        self._uow = uow_factory
        self._clock = clock
        self._topics = topics

    def draft(self, prompt: str, answer: str, key_points: str, topic: str) -> Draft:
        """A form's text checked against the rules (``bot.domain.suggestions``) and the bot's topics."""
        return check_draft(prompt, answer, key_points, topic, self._topics)

    async def check_room(self, member: MemberRef) -> None:
        """``TooManyPending`` when the member may not suggest another now (asked before they type one)."""
        async with busy_means_try_again(), self._uow() as uow:
            if await uow.suggestions.pending_count(member.guild_id, member.member_id) >= PENDING_MAX:
                raise TooManyPending()

    async def suggest(self, member: MemberRef, name: str, draft: Draft) -> Submitted:
        """Store a member's suggestion for moderators; ``TooManyPending`` past ``PENDING_MAX`` waiting."""
        now = self._clock.now()
        async with busy_means_try_again(), self._uow() as uow:
            await uow.suggestions.hold_member(member.member_id)
            waiting = await uow.suggestions.pending_count(member.guild_id, member.member_id)
            if waiting >= PENDING_MAX:
                raise TooManyPending()
            suggestion_id = await uow.suggestions.add(
                member.guild_id,
                member.member_id,
                credit_name(name),
                topic=draft.topic,
                prompt=draft.prompt,
                answer=draft.answer,
                key_points=draft.key_points,
                now=now,
            )
            await uow.commit()
        return Submitted(suggestion_id, waiting + 1)

    async def queue(self, moderator: Moderator, page: int) -> SuggestionPage:
        """The ``page``-th pending suggestion of the server, oldest first (clamped to those there are)."""
        async with busy_means_try_again(), self._uow() as uow:
            await authorize_moderator(uow, moderator)
            item, total = await uow.suggestions.pending_page(moderator.member.guild_id, page)
            shown = 0 if item is None else await uow.suggestions.position(item)
        return SuggestionPage(item, shown, total)

    async def pending(self, suggestion_id: int, moderator: Moderator) -> SuggestionRecord:
        """A suggestion still waiting (to prefill a moderator's edit form)."""
        async with busy_means_try_again(), self._uow() as uow:
            await authorize_moderator(uow, moderator)
            return await _pending(uow, suggestion_id, moderator.member.guild_id)

    async def edit(self, suggestion_id: int, moderator: Moderator, draft: Draft) -> SuggestionPage:
        """A moderator's changes to a waiting suggestion; it stays in the queue, shown as changed."""
        now = self._clock.now()
        async with busy_means_try_again(), self._uow() as uow:
            await authorize_moderator(uow, moderator)
            await _pending(uow, suggestion_id, moderator.member.guild_id)
            await uow.suggestions.edit(
                suggestion_id,
                topic=draft.topic,
                prompt=draft.prompt,
                answer=draft.answer,
                key_points=draft.key_points,
                now=now,
            )
            edited = await uow.suggestions.get(suggestion_id)
            assert edited is not None  # locked above, in this same unit of work
            _, total = await uow.suggestions.pending_page(moderator.member.guild_id, 0)
            page = await uow.suggestions.position(edited)
            await uow.commit()
        return SuggestionPage(edited, page, total)

    async def approve(self, suggestion_id: int, moderator: Moderator) -> Verdict:
        """Add the suggestion to the server's own questions, credited to the member who made it."""
        now = self._clock.now()
        guild_id = moderator.member.guild_id
        async with busy_means_try_again(), self._uow() as uow:
            await authorize_moderator(uow, moderator)
            record = await _pending(uow, suggestion_id, guild_id)
            draft = Draft(record.prompt, record.answer, record.key_points, record.topic)
            question = suggested_question("", draft)
            stored = {s.question.id: s.question for s in await uow.questions.list_owned(guild_id)}
            (question,) = settle_ids(f"g{guild_id}", [question], [suggested_identity(draft)], stored)
            await uow.questions.upsert_many([question], guild_id=guild_id, now=now)
            await uow.suggestions.decide(
                suggestion_id,
                SuggestionStatus.APPROVED,
                moderator_id=moderator.member.member_id,
                now=now,
                question_id=question.id,
            )
            await uow.commit()
        return Verdict(
            guild_id,
            record.member_id,
            record.author_name,
            record.prompt,
            approved=True,
            question_id=question.id,
        )

    async def reject(self, suggestion_id: int, moderator: Moderator, reason: str) -> Verdict:
        """Turn a suggestion down, with an optional reason the member will read."""
        now = self._clock.now()
        why = check_reason(reason)
        async with busy_means_try_again(), self._uow() as uow:
            await authorize_moderator(uow, moderator)
            record = await _pending(uow, suggestion_id, moderator.member.guild_id)
            await uow.suggestions.decide(
                suggestion_id,
                SuggestionStatus.REJECTED,
                moderator_id=moderator.member.member_id,
                now=now,
                reason=why,
            )
            await uow.commit()
        return Verdict(
            record.guild_id, record.member_id, record.author_name, record.prompt, approved=False, reason=why
        )


async def forget_suggestions(
    uow: UnitOfWork, member_id: int, guild_id: int | None, now: datetime
) -> dict[str, int]:
    """For /forget-me, inside its unit of work: the member's suggestions go; questions they became stay.

    Every suggestion of theirs is deleted, and with an approved one its credit:
    the question keeps its text but no longer names the member. Returns how many
    suggestions went that were not in the bank, and how many questions lost the name.
    """
    mine = await uow.suggestions.of_member(member_id, guild_id)
    approved = [s.question_id for s in mine if s.status == SuggestionStatus.APPROVED and s.question_id]
    credited = await uow.questions.get_many(approved)
    deleted = await uow.suggestions.delete_of_member(member_id, guild_id)
    return {"suggestions": deleted - len(approved), "suggestion_credits": len(credited)}
