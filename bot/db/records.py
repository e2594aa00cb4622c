"""Plain, frozen results of the repositories (never ORM rows).

They are safe to keep after the unit of work closes: nothing lazy-loads.
Field names mirror the columns of ``bot.db.models``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from bot.domain.questions import Difficulty, Kind, Question
from bot.domain.selection import Candidate


class ScheduleStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"


class PostStatus(StrEnum):
    """``pending`` -> ``sent`` -> ``revealed``; or ``failed`` / ``skipped``."""

    PENDING = "pending"
    SENT = "sent"
    REVEALED = "revealed"
    FAILED = "failed"
    SKIPPED = "skipped"


class QuizStatus(StrEnum):
    RUNNING = "running"
    FINISHED = "finished"
    CANCELLED = "cancelled"


class ScoreSource(StrEnum):
    DAILY = "daily"
    QUIZ = "quiz"
    SELF_GRADE = "self_grade"  # old events from self-grading (gone); nothing writes it now
    REVIEW = "review"  # a daily answer whose base a moderator set


# Questions


@dataclass(frozen=True, slots=True)
class SyncCounts:
    """What a bank sync did: new ids, edited content, identical, un-retired."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    revived: int = 0


@dataclass(frozen=True, slots=True)
class StoredQuestion:
    """A question as stored: who owns it (``None`` = shared bank) and whether it is retired."""

    question: Question
    guild_id: int | None
    retired_at: datetime | None

    @property
    def retired(self) -> bool:
        return self.retired_at is not None


@dataclass(frozen=True, slots=True)
class QuestionSummary:
    """What lists and autocomplete show of a question: no answers, key points or choices."""

    id: str
    kind: Kind
    topic: str
    prompt: str
    retired_at: datetime | None = None
    credit: str | None = None  # who suggested it, for a member's approved suggestion

    @property
    def retired(self) -> bool:
        return self.retired_at is not None


@dataclass(frozen=True, slots=True)
class PoolRow:
    """What question choice needs to know about an askable question."""

    id: str
    topic: str
    difficulty: Difficulty
    kind: Kind
    group: str | None
    daily: bool = True  # False: looked up by /question only, never picked (Question.daily)
    source: str = ""  # the source a server can turn off (bot.domain.sources)

    def candidate(self) -> Candidate:
        """What choosing a question needs of this row."""
        return Candidate(
            self.id, self.topic, str(self.difficulty), str(self.kind), self.group, self.daily, self.source
        )


# Schedules and posts


@dataclass(frozen=True, slots=True)
class ScheduleRecord:
    guild_id: int
    channel_id: int
    post_time: str  # "HH:MM" in ``timezone``
    timezone: str  # IANA name
    reveal_after_minutes: int | None = None  # None: 15 minutes before the next post
    topics: tuple[str, ...] = ()  # empty: every topic
    difficulty: str | None = None
    ping_role_id: int | None = None
    open_thread: bool = False
    status: str = ScheduleStatus.ACTIVE
    paused_reason: str | None = None
    last_error: str | None = None
    last_error_at: datetime | None = None
    next_post_at: datetime | None = None
    next_post_date: date | None = None  # the local date next_post_at posts for
    skip_date: date | None = None
    created_at: datetime | None = None  # set by the repository
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class PostRecord:
    id: int
    guild_id: int
    local_date: date
    day_number: int | None  # None (with question_id) for a day skipped before a question was chosen
    question_id: str | None
    channel_id: int
    status: str
    scheduled_for: datetime
    reveal_at: datetime
    lease_owner: str | None
    lease_expires_at: datetime | None
    nonce: str
    message_id: int | None
    thread_id: int | None
    sent_at: datetime | None
    revealed_at: datetime | None
    reveal_message_id: int | None
    answer_count: int
    error: str | None
    created_at: datetime
    updated_at: datetime
    failures: int = 0  # transient failures of the current step (send, then reveal)
    scored_at: datetime | None = None  # when the reveal scored the answers (once)
    send_claimed_at: datetime | None = None  # the send's first hand-out: a message may exist since
    reveal_claimed_at: datetime | None = None  # the reveal's first hand-out


# Answers and scores


@dataclass(frozen=True, slots=True)
class AnswerRecord:
    id: int
    post_id: int
    guild_id: int
    member_id: int
    choice: str | None
    text: str | None
    streak_at_answer: int
    created_at: datetime
    updated_at: datetime
    points: int | None
    coverage: float | None
    hits: tuple[str, ...] | None
    misses: tuple[str, ...] | None
    correct: bool | None
    self_grade: str | None
    shared_at: datetime | None = None
    best_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class AnswerResult:
    """The reveal's verdict on one answer (by ``AnswerRecord.id``)."""

    answer_id: int
    points: int
    correct: bool
    coverage: float | None = None
    hits: tuple[str, ...] = ()
    misses: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ScoreEventIn:
    """Points to record; ``points`` is never negative."""

    guild_id: int
    member_id: int
    occurred_at: datetime
    points: int
    source: str  # ScoreSource
    topic: str
    correct: bool
    question_id: str | None = None
    post_id: int | None = None
    quiz_id: int | None = None
    coverage: float | None = None  # an open answer's share of key points covered; None for multiple choice


@dataclass(frozen=True, slots=True)
class TotalRow:
    member_id: int
    points: int
    answers: int
    correct: int  # multiple-choice answers right
    reached_at: datetime
    open_answers: int = 0  # open answers, and the sum of their key-point shares
    coverage: float = 0.0


@dataclass(frozen=True, slots=True)
class BoardKey:
    """Where a row stands on a leaderboard: the board's order, so a page can start after it."""

    points: int
    reached_at: datetime
    member_id: int


@dataclass(frozen=True, slots=True)
class RankRow:
    """A member's place: ``rank`` is 1-based among ``total`` ranked members."""

    member_id: int
    rank: int
    total: int
    points: int
    answers: int
    correct: int
    reached_at: datetime
    open_answers: int = 0
    coverage: float = 0.0


@dataclass(frozen=True, slots=True)
class DayPoints:
    day: date
    points: int


@dataclass(frozen=True, slots=True)
class TopicAccuracy:
    topic: str
    answers: int
    correct: int  # multiple-choice answers right
    points: int
    open_answers: int = 0
    coverage: float = 0.0  # the sum of the open answers' key-point shares


@dataclass(frozen=True, slots=True)
class StreakRecord:
    guild_id: int
    member_id: int
    current: int = 0
    best: int = 0
    last_date: date | None = None


# Quizzes


@dataclass(frozen=True, slots=True)
class QuizRecord:
    id: int
    guild_id: int
    channel_id: int
    thread_id: int | None
    started_by: int
    question_ids: tuple[str, ...]
    position: int
    window_seconds: int
    status: str
    state: Mapping[str, Any]  # the domain's quiz state, as it was saved
    started_at: datetime
    updated_at: datetime
    finished_at: datetime | None


@dataclass(frozen=True, slots=True)
class QuizAnswerRecord:
    quiz_id: int
    position: int
    question_id: str
    guild_id: int
    member_id: int
    choice: str | None
    text: str | None
    answered_at: datetime
    points: int | None
    correct: bool | None


@dataclass(frozen=True, slots=True)
class QuizAnswerResult:
    member_id: int
    points: int
    correct: bool


# Reviews and preferences


@dataclass(frozen=True, slots=True)
class ReviewCardRecord:
    guild_id: int
    member_id: int
    question_id: str
    card: Mapping[str, Any]  # FSRS card state, as the domain serialized it
    due: datetime
    last_review: datetime | None = None


@dataclass(frozen=True, slots=True)
class DueMember:
    """A member with cards due, and whether (and when) they get the daily review DM."""

    guild_id: int
    member_id: int
    due_count: int
    review_dm: bool
    last_review_dm_on: date | None


@dataclass(frozen=True, slots=True)
class MemberPrefs:
    guild_id: int
    member_id: int
    review_dm: bool
    last_review_dm_on: date | None  # the last local date whose reminder went out (or was let pass)
    review_dm_time: str | None = None  # "HH:MM" on the server's clock; None: its post time
