"""A stored daily answer's score, by the rules of ``bot.domain.scoring``.

Shared by the reveal (which scores every answer once) and by a moderator's
review (which replaces an open answer's base score afterwards).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from bot.db.records import AnswerRecord, AnswerResult, PostRecord
from bot.db.uow import UnitOfWork
from bot.domain.questions import Kind, Question
from bot.domain.schedule import local_date
from bot.domain.scoring import OPEN_MAX, Score, score_mcq, score_open, with_base
from bot.services.leaderboards import period_keys


def counts_at(post: PostRecord, zone: ZoneInfo) -> datetime:
    """When a daily question's points count: on the question's own local date in the server's ``zone``.

    The reveal scores on a later day (by default shortly before the next post), yet an
    answer given on Sunday belongs on Sunday's board and in Sunday's bar of /stats. So the
    score events carry the post's time; should the server's zone have changed since (that
    time then falls on another local date), noon of the post's date instead.
    """
    if local_date(post.scheduled_for, zone) == post.local_date:
        return post.scheduled_for
    return datetime.combine(post.local_date, time(12), tzinfo=zone).astimezone(UTC)


async def counted_periods(
    uow: UnitOfWork, answer: AnswerRecord, post: PostRecord, zone: ZoneInfo
) -> dict[str, date]:
    """The running totals a scored daily answer counts in: those of its score event's day.

    Events scored before points moved to the question's own day keep their reveal's day.
    """
    return period_keys(await uow.answers.counted_at(answer) or counts_at(post, zone), zone)


def open_answer_correct(base: int) -> bool:
    """An open answer counts as correct (accuracy statistics) when it earned at least half the base."""
    return 2 * base >= OPEN_MAX


@dataclass(frozen=True, slots=True)
class Verdict:
    score: Score
    correct: bool

    @property
    def coverage_share(self) -> float | None:
        """The share of key points covered, as the ledger keeps it ("key points covered"); None for MCQ.

        A moderator's review sets it to the reviewed base's share of ``OPEN_MAX``.
        """
        if self.score.coverage is None:
            return None
        return self.score.base / OPEN_MAX

    def result(self, answer_id: int) -> AnswerResult:
        """The verdict as the answers table stores it."""
        coverage = self.score.coverage
        return AnswerResult(
            answer_id=answer_id,
            points=self.score.points,
            correct=self.correct,
            coverage=None if coverage is None else coverage.ratio,
            hits=() if coverage is None else coverage.hits,
            misses=() if coverage is None else coverage.misses,
        )


def verdict(question: Question, answer: AnswerRecord) -> Verdict:
    """The reveal's score for ``answer``, with the streak the member had when answering."""
    if question.kind == Kind.MCQ:
        score = score_mcq(answer.choice or "", question.correct_choice or "", answer.streak_at_answer)
        return Verdict(score, bool(score.correct))
    score = score_open(answer.text or "", question, answer.streak_at_answer)
    return Verdict(score, open_answer_correct(score.base))


def reviewed(question: Question, answer: AnswerRecord, base: int) -> Verdict:
    """``answer``'s score with the base a moderator set (participation and streak kept)."""
    score = with_base(verdict(question, answer).score, base)
    return Verdict(score, open_answer_correct(score.base))
