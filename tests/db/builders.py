"""Small builders for the storage tests: questions, schedules, posts at fixed instants."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.db.records import PostRecord, ScheduleRecord
from bot.db.uow import UnitOfWork, UnitOfWorkFactory
from bot.domain.questions import Choice, Difficulty, KeyPoint, Kind, Question, SourceRef

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday
GUILD = 1_100_000_000_000_000_001
OTHER_GUILD = 2_200_000_000_000_000_002
CHANNEL = 3_300_000_000_000_000_003


def question(qid: str = "qa40-000001", **changes: object) -> Question:
    fields: dict[str, object] = {
        "id": qid,
        "kind": Kind.OPEN,
        "prompt": f"What does {qid} ask?",
        "short_answer": "A short answer.",
        "full_answer": "A **full** answer.\n\n```js\nconsole.log(1)\n```",
        "topic": "node-core-runtime",
        "difficulty": Difficulty.MEDIUM,
        "key_points": (KeyPoint("event loop"), KeyPoint("libuv")),
        "tags": ("node",),
        "source": SourceRef(file="qa40.md", first_line=3, last_line=9),
    }
    fields.update(changes)
    points = fields["key_points"]
    assert isinstance(points, tuple)
    fields["key_points"] = tuple(p if isinstance(p, KeyPoint) else KeyPoint(str(p)) for p in points)
    return Question(**fields)  # type: ignore[arg-type]


def mcq(qid: str, **changes: object) -> Question:
    return question(
        qid,
        kind=Kind.MCQ,
        choices=(Choice("A", "one"), Choice("B", "two")),
        correct_choice="B",
        explanation="Two, because.",
        **changes,
    )


def schedule(guild_id: int = GUILD, **changes: object) -> ScheduleRecord:
    fields: dict[str, object] = {
        "guild_id": guild_id,
        "channel_id": CHANNEL,
        "post_time": "09:00",
        "timezone": "Europe/Berlin",
        "topics": ("node-core-runtime",),
        "next_post_at": T0,
    }
    fields.update(changes)
    return ScheduleRecord(**fields)  # type: ignore[arg-type]


async def add_questions(
    uow_factory: UnitOfWorkFactory, *questions: Question, guild_id: int | None = None
) -> None:
    async with uow_factory() as uow:
        await uow.questions.upsert_many(questions or (question(),), guild_id=guild_id, now=T0)
        await uow.commit()


async def create_post(
    uow: UnitOfWork,
    *,
    guild_id: int = GUILD,
    day: date = date(2026, 3, 2),
    question_id: str = "qa40-000001",
    scheduled_for: datetime = T0,
    reveal_after: timedelta = timedelta(hours=23),
) -> PostRecord:
    post = await uow.posts.create_pending(
        guild_id=guild_id,
        local_date=day,
        day_number=await uow.posts.next_day_number(guild_id),
        question_id=question_id,
        channel_id=CHANNEL,
        scheduled_for=scheduled_for,
        reveal_at=scheduled_for + reveal_after,
        nonce=f"{guild_id}-{day.isoformat()}",
        now=scheduled_for,
    )
    assert post is not None
    return post
