"""Revealing a claimed post: score its answers once, and say what the reveal shows.

Called by :meth:`~bot.services.daily.DailyPosts.claim_reveals` inside the unit of work
that claims the posts, so the scoring and the claim commit together.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.db.records import AnswerRecord, PostRecord, ScoreEventIn, ScoreSource
from bot.db.uow import UnitOfWork
from bot.domain.questions import Kind, Question
from bot.services.daily_scoring import counts_at, verdict
from bot.services.daily_sends import RevealToSend
from bot.services.leaderboards import add_score_events
from bot.services.zones import zone_of


async def score_and_reveal(uow: UnitOfWork, posts: Sequence[PostRecord], now: datetime) -> list[RevealToSend]:
    """What to show for each claimed post; the first claim of a post scores its answers."""
    questions = await questions_of(uow, posts)
    schedules = await uow.schedules.get_many(p.guild_id for p in posts)
    reveals = []
    for post in posts:
        question = questions[post.id]
        answers = await uow.answers.list_for_post(post.id)
        if post.scored_at is None and await uow.posts.mark_scored(post.id, len(answers), now):
            answers = await _score(uow, post, question, answers, zone_of(schedules.get(post.guild_id)))
        reveals.append(_reveal(post, question, answers))
    return reveals


def day_number(post: PostRecord) -> int:
    """The post's day number (every post handed out has one)."""
    if post.day_number is None:  # only skipped days have none, and they are never handed out
        raise ValueError(f"post {post.id} has no day number")
    return post.day_number


async def questions_of(uow: UnitOfWork, posts: Sequence[PostRecord]) -> dict[int, Question]:
    """Each post's question, by post id (retired questions included: they were chosen)."""
    stored = await uow.questions.get_many(p.question_id for p in posts if p.question_id)
    return {p.id: stored[p.question_id].question for p in posts if p.question_id in stored}


async def _score(
    uow: UnitOfWork, post: PostRecord, question: Question, answers: list[AnswerRecord], zone: ZoneInfo
) -> list[AnswerRecord]:
    """Score every answer to ``post`` and write the points; the answers as now stored.

    Points count on the question's own date in the server's zone (``counts_at``),
    whenever the reveal scores them.
    """
    if not answers:
        return answers
    verdicts = [(answer, verdict(question, answer)) for answer in answers]
    await uow.answers.set_results(v.result(answer.id) for answer, v in verdicts)
    events = [
        ScoreEventIn(
            guild_id=post.guild_id,
            member_id=answer.member_id,
            occurred_at=counts_at(post, zone),
            points=v.score.points,
            source=ScoreSource.DAILY,
            topic=question.topic,
            correct=v.correct,
            question_id=question.id,
            post_id=post.id,
            coverage=v.coverage_share,
        )
        for answer, v in verdicts
    ]
    await add_score_events(uow, zone, events)
    return await uow.answers.list_for_post(post.id)


def _reveal(post: PostRecord, question: Question, answers: list[AnswerRecord]) -> RevealToSend:
    return RevealToSend(
        post_id=post.id,
        guild_id=post.guild_id,
        channel_id=post.channel_id,
        message_id=post.message_id,
        thread_id=post.thread_id,
        local_date=post.local_date,
        day_number=day_number(post),
        question=question,
        reveal_at=post.reveal_at,
        answer_count=len(answers),
        correct_count=sum(1 for a in answers if a.correct) if question.kind == Kind.MCQ else None,
        earlier_attempt_at=post.reveal_claimed_at,  # as read before this claim
    )
