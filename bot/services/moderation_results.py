"""What the moderation service returns: a review as the member sees it, the queue, a decision, an answer to post.

Plain values (no database, no Discord): the Discord layer renders them and tests
build them directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.db.records import AnswerRecord, PostRecord
from bot.db.repositories.moderation import AnswerReviewRecord
from bot.domain.questions import Question


@dataclass(frozen=True, slots=True)
class ReviewInfo:
    """A review as the member sees it in "My result"."""

    status: str  # open, changed, kept
    note: str | None
    moderator_id: int | None
    decided_at: datetime | None
    auto_base: int | None  # the base before the first change
    old_base: int | None
    new_base: int | None
    reason: str | None


def review_info(record: AnswerReviewRecord | None) -> ReviewInfo | None:
    if record is None:
        return None
    return ReviewInfo(
        status=record.status,
        note=record.note,
        moderator_id=record.moderator_id,
        decided_at=record.decided_at,
        auto_base=record.auto_base,
        old_base=record.old_base,
        new_base=record.new_base,
        reason=record.reason,
    )


@dataclass(frozen=True, slots=True)
class QueueItem:
    """One open review request, with everything a moderator needs to judge it."""

    review_id: int
    answer_id: int
    post_id: int
    member_id: int
    day_number: int | None
    question: Question
    text: str
    points: int
    base: int
    hits: tuple[str, ...]
    misses: tuple[str, ...]
    note: str | None
    requested_at: datetime


@dataclass(frozen=True, slots=True)
class QueuePage:
    item: QueueItem | None  # None when the queue is empty
    page: int  # 0-based
    total: int


@dataclass(frozen=True, slots=True)
class Decision:
    """A moderator's decision, for telling the member."""

    member_id: int
    guild_id: int
    question_prompt: str
    changed: bool
    old_base: int
    new_base: int
    old_points: int
    new_points: int
    reason: str


@dataclass(frozen=True, slots=True)
class AnswerToPost:
    """An answer to post in the day's thread (or channel): shared by its author or marked best."""

    answer_id: int
    member_id: int
    channel_id: int
    thread_id: int | None
    day_number: int | None
    question_prompt: str
    text: str

    @property
    def target_id(self) -> int:
        return self.thread_id or self.channel_id


def answer_to_post(answer: AnswerRecord, post: PostRecord, question: Question) -> AnswerToPost:
    """The answer as it is posted in its day's thread (or channel)."""
    return AnswerToPost(
        answer_id=answer.id,
        member_id=answer.member_id,
        channel_id=post.channel_id,
        thread_id=post.thread_id,
        day_number=post.day_number,
        question_prompt=question.prompt,
        text=answer.text or "",
    )
