"""Members answering the daily question, and seeing how they did after the reveal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.db.records import AnswerRecord, PostRecord, PostStatus, StreakRecord
from bot.db.uow import UnitOfWork, UnitOfWorkFactory
from bot.domain.clock import Clock
from bot.domain.errors import QuestionClosed, UnknownPost
from bot.domain.questions import Kind, Question
from bot.domain.scoring import SelfGrade, validate_answer, validate_choice
from bot.domain.streaks import Streak, record_day
from bot.services.daily_errors import NothingToGrade, NotRevealedYet, NotSelfGradable
from bot.services.daily_scoring import self_graded
from bot.services.errors import busy_means_try_again
from bot.services.leaderboards import period_keys
from bot.services.members import MemberRef
from bot.services.planning import zone_of


@dataclass(frozen=True, slots=True)
class AnswerAck:
    edited: bool  # True when this replaced the member's earlier answer
    streak: int  # the member's streak counting this day
    reveal_at: datetime  # answers can be changed until then
    kind: Kind


@dataclass(frozen=True, slots=True)
class ResultView:
    """How a member did on a revealed daily question (the model answer is in ``question``)."""

    post_id: int
    question: Question
    answered: bool
    text: str | None  # exactly as typed
    choice: str | None
    correct: bool | None
    hits: tuple[str, ...]  # key points covered
    misses: tuple[str, ...]
    points: int
    streak: int  # the streak the member had with this answer (0 without one)
    self_grade: str | None  # SelfGrade, once given

    @property
    def can_self_grade(self) -> bool:
        return self.answered and self.question.kind != Kind.MCQ


def _is_open(post: PostRecord, now: datetime) -> bool:
    return post.status == PostStatus.SENT and post.scored_at is None and now < post.reveal_at


async def _post(uow: UnitOfWork, post_id: int, *, lock: bool = False) -> PostRecord:
    post = await uow.posts.get(post_id, lock=lock)
    if post is None or post.question_id is None:
        raise UnknownPost()
    return post


async def _question(uow: UnitOfWork, post: PostRecord) -> Question:
    stored = await uow.questions.get(post.question_id or "")
    if stored is None:
        raise UnknownPost()
    return stored.question


async def _zone(uow: UnitOfWork, guild_id: int) -> ZoneInfo:
    return zone_of(await uow.schedules.get(guild_id))


async def _revealed(uow: UnitOfWork, post_id: int, now: datetime) -> PostRecord:
    """The post, once its answers are scored; ``NotRevealedYet`` before."""
    post = await _post(uow, post_id)
    if post.scored_at is not None:
        return post
    if post.status == PostStatus.SENT:
        raise NotRevealedYet(max(post.reveal_at, now), await _zone(uow, post.guild_id))
    raise UnknownPost()  # never sent: there is nothing to reveal


def _result(post: PostRecord, question: Question, answer: AnswerRecord | None) -> ResultView:
    if answer is None:
        return ResultView(
            post_id=post.id,
            question=question,
            answered=False,
            text=None,
            choice=None,
            correct=None,
            hits=(),
            misses=(),
            points=0,
            streak=0,
            self_grade=None,
        )
    return ResultView(
        post_id=post.id,
        question=question,
        answered=True,
        text=answer.text,
        choice=answer.choice,
        correct=answer.correct,
        hits=answer.hits or (),
        misses=answer.misses or (),
        points=answer.points or 0,
        streak=answer.streak_at_answer,
        self_grade=answer.self_grade,
    )


def _streak(record: StreakRecord | None) -> Streak:
    if record is None:
        return Streak()
    return Streak(current=record.current, best=record.best, last_date=record.last_date)


class Answers:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow_factory
        self._clock = clock

    async def current_answer(self, post_id: int, member_id: int) -> str | None:
        """The member's answer so far (text, or the letter chosen), to pre-fill an edit.

        Raises ``QuestionClosed`` once the answer is revealed.
        """
        now = self._clock.now()
        async with busy_means_try_again(), self._uow() as uow:
            post = await _post(uow, post_id)
            if not _is_open(post, now):
                raise QuestionClosed()
            answer = await uow.answers.get(post_id, member_id)
        if answer is None:
            return None
        return answer.text if answer.text is not None else answer.choice

    async def submit(
        self, post_id: int, member: MemberRef, *, text: str | None = None, choice: str | None = None
    ) -> AnswerAck:
        """Answer (or change the answer to) a daily question until its reveal.

        Open and scenario questions take ``text`` (stored exactly as typed; at most
        4,000 characters, not blank); multiple choice takes ``choice`` (a letter on
        offer). The first answer extends the member's streak on the post's local
        date; an edit changes neither the streak nor the time of the first answer.
        """
        now = self._clock.now()
        async with busy_means_try_again(), self._uow() as uow:
            # The share lock keeps the reveal from scoring this post until the answer is in.
            post = await _post(uow, post_id, lock=True)
            if post.guild_id != member.guild_id:
                raise UnknownPost()
            if not _is_open(post, now):
                raise QuestionClosed()
            question = await _question(uow, post)
            if question.kind == Kind.MCQ:
                choice, text = validate_choice(question, choice or ""), None
            else:
                validate_answer(text or "")  # checks length and blankness; the text is kept as typed
                choice = None
            await uow.roles.record(member.guild_id, member.member_id, member.role_ids, now)
            earlier = await uow.answers.get(post_id, member.member_id)
            if earlier is None:
                streak = await self._extend_streak(uow, member, post)
            else:
                streak = earlier.streak_at_answer
            await uow.answers.upsert(
                post_id,
                post.guild_id,
                member.member_id,
                text=text,
                choice=choice,
                streak_at_answer=streak,
                now=now,
            )
            await uow.commit()
        return AnswerAck(
            edited=earlier is not None, streak=streak, reveal_at=post.reveal_at, kind=question.kind
        )

    @staticmethod
    async def _extend_streak(uow: UnitOfWork, member: MemberRef, post: PostRecord) -> int:
        """Count the post's local date into the member's streak; the streak this answer earns."""
        before = _streak(await uow.streaks.get(member.guild_id, member.member_id))
        after = record_day(before, post.local_date)
        if after != before:
            await uow.streaks.save(
                StreakRecord(member.guild_id, member.member_id, after.current, after.best, after.last_date)
            )
        # An answer to an older post than the last one counted adds nothing to the streak.
        return after.current if after.last_date == post.local_date else 1

    async def result(self, post_id: int, member_id: int) -> ResultView:
        """The member's result after the reveal (``answered`` False if they did not answer).

        Before the reveal: ``NotRevealedYet``, saying when it is.
        """
        now = self._clock.now()
        async with busy_means_try_again(), self._uow() as uow:
            post = await _revealed(uow, post_id, now)
            question = await _question(uow, post)
            answer = await uow.answers.get(post_id, member_id)
        return _result(post, question, answer)

    async def self_grade(self, post_id: int, member_id: int, grade: SelfGrade) -> ResultView:
        """Grade one's own open answer after the reveal: it replaces the key-point score.

        The answer's points, its score event and the running totals change by the
        same difference in one transaction (totals stay the sum of the events).
        The grade can be changed; multiple choice cannot be self-graded.
        """
        now = self._clock.now()
        async with busy_means_try_again(), self._uow() as uow:
            post = await _revealed(uow, post_id, now)
            question = await _question(uow, post)
            if question.kind == Kind.MCQ:
                raise NotSelfGradable()
            answer = await uow.answers.get(post_id, member_id)
            if answer is None or answer.points is None:
                raise NothingToGrade()
            graded = self_graded(question, answer, SelfGrade(grade))
            answer = await uow.answers.regrade(
                answer,
                grade=str(SelfGrade(grade)),
                points=graded.score.points,
                correct=graded.correct,
                topic=question.topic,
                period_starts=period_keys(post.reveal_at, await _zone(uow, post.guild_id)),
                now=now,
            )
            await uow.commit()
        return _result(post, question, answer)
