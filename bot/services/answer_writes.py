"""Writing a batch of daily answers: each checked against its post, then recorded together.

:class:`bot.services.answers.Answers` queues the answers members submit and hands
them here a batch at a time (:mod:`bot.services.group_commit`): the result is what writing them one after
another would give, in a handful of set-based statements.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.db.records import PostRecord, PostStatus, StreakRecord
from bot.db.repositories.answers import AnswerWrite
from bot.db.repositories.posts import AnswerTarget
from bot.db.uow import UnitOfWork
from bot.domain.errors import DomainError, QuestionClosed, UnknownPost
from bot.domain.member_text import check_member_text
from bot.domain.questions import Kind
from bot.domain.scoring import validate_answer, validate_choice
from bot.domain.streaks import Streak, record_day
from bot.services.members import MemberRef


@dataclass(frozen=True, slots=True)
class AnswerAck:
    edited: bool  # True when this replaced the member's earlier answer
    unchanged: bool  # True when it was the letter the member had already chosen
    streak: int  # the member's streak counting this day
    reveal_at: datetime  # answers can be changed until then
    kind: Kind


def is_open(post: PostRecord, now: datetime) -> bool:
    """The post takes answers: it is out, not yet scored, and its reveal time has not come.

    "Out" includes a post claimed for sending whose send is not yet recorded: the fan-out
    records sends in the background, and a member who can press the message's button is
    looking at the message (Discord only delivers a button's press from a message that exists).
    """
    out = post.status == PostStatus.SENT or (
        post.status == PostStatus.PENDING and post.lease_owner is not None
    )
    return out and post.scored_at is None and now < post.reveal_at


def _streak(record: StreakRecord) -> Streak:
    return Streak(current=record.current, best=record.best, last_date=record.last_date)


@dataclass(frozen=True, slots=True)
class Submission:
    """One call of :meth:`Answers.submit`, queued for the writer."""

    post_id: int
    member: MemberRef
    text: str | None
    choice: str | None
    now: datetime  # the clock when the member answered

    @property
    def answer_key(self) -> tuple[int, int]:
        return (self.post_id, self.member.member_id)

    @property
    def member_key(self) -> tuple[int, int]:
        return (self.member.guild_id, self.member.member_id)


@dataclass(frozen=True, slots=True)
class _Accepted:
    """A submission that passed every check: what is stored, as stored."""

    submission: Submission
    post: PostRecord
    kind: Kind
    text: str | None
    choice: str | None


def _accept(submission: Submission, target: AnswerTarget | None) -> _Accepted:
    """Check a submission against its post and question; raises the member-facing error."""
    if target is None or target.post.question_id is None:
        raise UnknownPost()
    post = target.post
    if post.guild_id != submission.member.guild_id:
        raise UnknownPost()
    if not is_open(post, submission.now):
        raise QuestionClosed()
    question = target.question
    if question is None:
        raise UnknownPost()
    if question.kind == Kind.MCQ:
        choice = validate_choice(question, submission.choice or "")
        return _Accepted(submission, post, question.kind, text=None, choice=choice)
    # Checks control characters, length and blankness; the text is kept as typed.
    validate_answer(check_member_text(submission.text or ""))
    return _Accepted(submission, post, question.kind, text=submission.text, choice=None)


async def record_batch(uow: UnitOfWork, batch: list[Submission]) -> list[AnswerAck | DomainError]:
    """Check and record a batch in arrival order; each submission's ack or error, in the same order.

    The result is what submitting them one after another would give: a member's
    second answer to a post is an edit of the first, and the streak counts each
    member's answers in the order they came. Nothing is committed here.
    """
    # The share lock keeps the reveal from scoring these posts until the answers are in.
    targets = await uow.posts.for_answers({s.post_id for s in batch}, lock=True)
    checked: list[_Accepted | DomainError] = []
    for submission in batch:
        try:
            checked.append(_accept(submission, targets.get(submission.post_id)))
        except DomainError as error:
            checked.append(error)
    accepted = [c for c in checked if isinstance(c, _Accepted)]
    acks = iter(await _write_accepted(uow, accepted) if accepted else ())
    return [next(acks) if isinstance(c, _Accepted) else c for c in checked]


async def _write_accepted(uow: UnitOfWork, accepted: list[_Accepted]) -> list[AnswerAck]:
    # streak_at_answer of each (post, member) already answered, before this batch or in it.
    earlier = await uow.answers.earlier_answers(a.submission.answer_key for a in accepted)
    answered = {key: e.streak_at_answer for key, e in earlier.items()}
    chosen = {key: e.choice for key, e in earlier.items()}
    first_time = {a.submission.member_key for a in accepted if a.submission.answer_key not in answered}
    locked = await uow.streaks.get_many(first_time, lock=True)  # read, counted and written back
    stored = {key: _streak(record) for key, record in locked.items()}
    streaks = dict(stored)
    roles: dict[tuple[int, int], tuple[int, ...]] = {}
    writes: list[AnswerWrite] = []
    acks: list[AnswerAck] = []
    for a in accepted:
        submission = a.submission
        edited = submission.answer_key in answered
        unchanged = edited and a.choice is not None and chosen.get(submission.answer_key) == a.choice
        chosen[submission.answer_key] = a.choice
        if not edited:
            answered[submission.answer_key] = _count_day(streaks, submission.member_key, a.post.local_date)
        roles[submission.member_key] = submission.member.role_ids  # the latest roles win
        writes.append(
            AnswerWrite(
                post_id=a.post.id,
                guild_id=a.post.guild_id,
                member_id=submission.member.member_id,
                text=a.text,
                choice=a.choice,
                streak_at_answer=answered[submission.answer_key],
                at=submission.now,
            )
        )
        acks.append(
            AnswerAck(
                edited=edited,
                unchanged=unchanged,
                streak=answered[submission.answer_key],
                reveal_at=a.post.reveal_at,
                kind=a.kind,
            )
        )
    await uow.roles.record_many(roles, accepted[-1].submission.now)
    await uow.answers.upsert_many(writes)
    await uow.streaks.save_many(
        StreakRecord(guild_id, member_id, s.current, s.best, s.last_date)
        for (guild_id, member_id), s in streaks.items()
        if s != stored.get((guild_id, member_id), Streak())
    )
    return acks


def _count_day(streaks: dict[tuple[int, int], Streak], member_key: tuple[int, int], day: date) -> int:
    """Count ``day`` into the member's streak in ``streaks``; the streak this answer earns."""
    after = record_day(streaks.get(member_key, Streak()), day)
    streaks[member_key] = after
    # An answer to an older post than the last one counted adds nothing to the streak.
    return after.current if after.last_date == day else 1
