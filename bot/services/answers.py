"""Members answering the daily question, and seeing how they did after the reveal.

Answers are written by group commit (:class:`bot.services.group_commit.GroupCommit`):
:meth:`Answers.submit` queues the answer and waits; the answers queued together
(up to ``MAX_BATCH``) are checked and recorded in one unit of work with a handful
of set-based statements (:func:`bot.services.answer_writes.record_batch`), whatever
the number of answers. A lone answer waits for nobody; under load, the answers that
arrive while one batch is written make the next batch. A batch costs six to nine
statements whatever its size; a refused answer (closed, invalid) resolves only its
own caller.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from bot.db.errors import DatabaseBusy
from bot.db.records import AnswerRecord, PostRecord, PostStatus
from bot.db.uow import UnitOfWork, UnitOfWorkFactory
from bot.domain.clock import Clock
from bot.domain.errors import DomainError, QuestionClosed, UnknownPost
from bot.domain.questions import Kind, Question
from bot.services.answer_writes import AnswerAck, Submission, is_open, record_batch
from bot.services.daily_errors import AnswerNotSaved, NotRevealedYet
from bot.services.embargo import embargo_in
from bot.services.errors import TryAgain, busy_means_try_again
from bot.services.group_commit import GroupCommit
from bot.services.members import MemberRef
from bot.services.moderation_results import ReviewInfo, review_info
from bot.services.zones import server_zone

log = logging.getLogger(__name__)

# Answers written in one unit of work at most: a batch's statements stay far below the
# drivers' parameter limits, and one batch holds the write lock for a few milliseconds.
MAX_BATCH = 200


@dataclass(frozen=True, slots=True)
class DailyResult:
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
    self_grade: str | None  # left from self-grading (gone): old answers may carry one
    review: ReviewInfo | None = None  # a moderator's review, asked for or decided
    shared: bool = False  # the member shared it in the day's thread

    @property
    def can_ask_review(self) -> bool:
        """An answered open question can be reviewed and shared (multiple choice is marked exactly)."""
        return self.answered and self.question.kind != Kind.MCQ


async def _post(uow: UnitOfWork, post_id: int, guild_id: int) -> PostRecord:
    """The post, if it is a question post of ``guild_id``: a member reaches only their own server's."""
    post = await uow.posts.get(post_id)
    if post is None or post.question_id is None or post.guild_id != guild_id:
        raise UnknownPost()
    return post


async def _question(uow: UnitOfWork, post: PostRecord) -> Question:
    stored = await uow.questions.get(post.question_id or "")
    if stored is None:
        raise UnknownPost()
    return stored.question


async def _revealed(uow: UnitOfWork, post_id: int, guild_id: int, now: datetime) -> PostRecord:
    """The post of ``guild_id``, once its answers are scored; ``NotRevealedYet`` before."""
    post = await _post(uow, post_id, guild_id)
    if post.scored_at is not None:
        return post
    if post.status == PostStatus.SENT:
        raise NotRevealedYet(max(post.reveal_at, now), await server_zone(uow, post.guild_id))
    raise UnknownPost()  # never sent: there is nothing to reveal


def _result(
    post: PostRecord, question: Question, answer: AnswerRecord | None, review: ReviewInfo | None = None
) -> DailyResult:
    if answer is None:
        return DailyResult(
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
    return DailyResult(
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
        review=review,
        shared=answer.shared_at is not None,
    )


def _error_for(submission: Submission, error: Exception) -> Exception:
    """What a member gets when their answer's batch could not be written.

    A busy database fails the whole batch with ``TryAgain`` (nothing of it is written);
    an answer that fails alone for another reason gets ``AnswerNotSaved`` (the cause
    is logged). A new object for each caller: one exception is raised in one task only.
    """
    if isinstance(error, DatabaseBusy):
        try_again = TryAgain()
        try_again.__cause__ = error
        return try_again
    log.error("an answer to post %s could not be saved", submission.post_id, exc_info=error)
    not_saved = AnswerNotSaved()
    not_saved.__cause__ = error
    return not_saved


class Answers:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        *,
        read_uow_factory: UnitOfWorkFactory | None = None,
    ) -> None:
        self._uow = uow_factory
        # Reads (the form's pre-fill, "My result") never take SQLite's write lock: a burst of
        # members opening the form must not queue behind, or in front of, the answers being written.
        self._read_uow = read_uow_factory or uow_factory
        self._clock = clock
        self._writes: GroupCommit[Submission, AnswerAck] = GroupCommit(
            self._record,
            max_batch=MAX_BATCH,
            name="qotd-answers-writer",
            error_for=_error_for,
            shared_failures=(DatabaseBusy,),
        )

    async def current_answer(self, post_id: int, member: MemberRef) -> str | None:
        """The member's answer so far (text, or the letter chosen), to pre-fill an edit.

        Raises ``QuestionClosed`` once the answer is revealed, ``UnknownPost`` for
        a post of another server.
        """
        now = self._clock.now()
        async with busy_means_try_again(), self._read_uow() as uow:
            post = await _post(uow, post_id, member.guild_id)
            if not is_open(post, now):
                raise QuestionClosed()
            answer = await uow.answers.get(post_id, member.member_id)
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
        return await self._writes.submit(Submission(post_id, member, text, choice, self._clock.now()))

    async def aclose(self) -> None:
        """Wait until every answer submitted so far is written (or has failed).

        For an orderly shutdown: call it before disposing of the engine. Cancelling
        the wait cancels the writer, and the answers it had not written fail with
        ``CancelledError``.
        """
        await self._writes.aclose()

    async def _record(self, batch: list[Submission]) -> list[AnswerAck | DomainError]:
        """Check and write ``batch`` in one unit of work (committed when anything was accepted)."""
        async with self._uow() as uow:
            outcomes = await record_batch(uow, batch)
            if any(isinstance(outcome, AnswerAck) for outcome in outcomes):
                await uow.commit()
        return outcomes

    async def result(self, post_id: int, member: MemberRef) -> DailyResult:
        """The member's result after the reveal (``answered`` False if they did not answer).

        Before the reveal: ``NotRevealedYet``, saying when it is. A post of
        another server: ``UnknownPost``. An old post whose question is posted again and
        not revealed yet (the pool came round): ``TodaysQuestion`` until that reveal,
        since the result and the "Full answer" show its key points and answer.
        """
        now = self._clock.now()
        async with busy_means_try_again(), self._read_uow() as uow:
            post = await _revealed(uow, post_id, member.guild_id, now)
            question = await _question(uow, post)
            (await embargo_in(uow, member.guild_id, now, planned=False)).check(question.id)
            answer = await uow.answers.get(post_id, member.member_id)
            review = None if answer is None else review_info(await uow.moderation.review_of(answer.id))
        return _result(post, question, answer, review)
