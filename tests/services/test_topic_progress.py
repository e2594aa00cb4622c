"""/topics' numbers: each topic's askable questions in a server's pool beside a member's cards."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.db.records import ReviewCardRecord
from bot.domain.clock import ManualClock
from bot.services.reviews import Reviews, TopicProgress
from tests.db.builders import GUILD, OTHER_GUILD, add_questions, question

T0 = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
ME, YOU = 41, 42


async def test_progress_counts_the_servers_pool_and_the_members_cards_per_topic(uow_factory):
    await add_questions(
        uow_factory,
        question("qa40-00p001", topic="security"),
        question("qa40-00p002", topic="security"),
        question("qa40-00p003", topic="testing"),
        question("qa40-00p004", topic="databases"),
    )
    await add_questions(uow_factory, question(f"g{GUILD}-00p005", topic="security"), guild_id=GUILD)
    await add_questions(
        uow_factory, question(f"g{OTHER_GUILD}-00p006", topic="testing"), guild_id=OTHER_GUILD
    )
    async with uow_factory() as uow:
        # The databases question leaves the bank: no longer askable, but a card on it still counts.
        await uow.questions.retire_missing(
            ["qa40-00p001", "qa40-00p002", "qa40-00p003"], guild_id=None, now=T0
        )
        for qid, gap in (("qa40-00p001", 30), ("qa40-00p003", 3), ("qa40-00p004", 25)):
            await uow.reviews.save_card(
                ReviewCardRecord(GUILD, ME, qid, {}, due=T0 + timedelta(days=gap), last_review=T0)
            )
        await uow.reviews.save_card(ReviewCardRecord(GUILD, YOU, "qa40-00p002", {}, due=T0))
        await uow.commit()
    reviews = Reviews(uow_factory, ManualClock(T0))

    mine = await reviews.progress(GUILD, ME)
    yours_elsewhere = await reviews.progress(OTHER_GUILD, YOU)

    assert mine == {
        "databases": TopicProgress(questions=0, cards=1, mature=1),
        "security": TopicProgress(questions=3, cards=1, mature=1),  # two shared + the server's own
        "testing": TopicProgress(questions=1, cards=1, mature=0),
    }
    assert yours_elsewhere == {
        "security": TopicProgress(questions=2, cards=0, mature=0),
        "testing": TopicProgress(questions=2, cards=0, mature=0),
    }
