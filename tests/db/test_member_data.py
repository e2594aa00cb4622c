"""Per-member data: streaks, preferences, review cards, quizzes, and forgetting a member."""

from __future__ import annotations

from datetime import date, timedelta

from bot.db.records import (
    DueMember,
    MemberPrefs,
    QuizAnswerResult,
    QuizStatus,
    ReviewCardRecord,
    ScoreEventIn,
    StreakRecord,
)

from .builders import CHANNEL, GUILD, OTHER_GUILD, T0, add_questions, create_post, question

ME, YOU = 501, 502
PERIODS = {"day": T0.date(), "all": date(1970, 1, 1)}


async def test_streaks_are_saved_per_server(uow_factory):
    async with uow_factory() as uow:
        assert await uow.streaks.get(GUILD, ME) is None
        await uow.streaks.save(StreakRecord(GUILD, ME, current=1, best=1, last_date=date(2026, 3, 1)))
        await uow.streaks.save(StreakRecord(GUILD, ME, current=2, best=2, last_date=date(2026, 3, 2)))
        await uow.streaks.save(StreakRecord(OTHER_GUILD, ME, current=7, best=9, last_date=date(2026, 3, 2)))
        await uow.commit()
    async with uow_factory() as uow:
        here = await uow.streaks.get(GUILD, ME)
    assert here == StreakRecord(GUILD, ME, current=2, best=2, last_date=date(2026, 3, 2))


async def test_preferences_default_to_no_dm_and_remember_changes(uow_factory):
    async with uow_factory() as uow:
        default = await uow.prefs.get(GUILD, ME)
        await uow.prefs.set_review_dm(GUILD, ME, True)
        await uow.prefs.set_last_review_dm_on(GUILD, ME, date(2026, 3, 2))
        await uow.prefs.set_last_review_dm_on(GUILD, YOU, date(2026, 3, 2))
        await uow.commit()
    async with uow_factory() as uow:
        mine = await uow.prefs.get(GUILD, ME)
        yours = await uow.prefs.get(GUILD, YOU)
    assert default == MemberPrefs(GUILD, ME, review_dm=False, last_review_dm_on=None)
    assert mine == MemberPrefs(GUILD, ME, review_dm=True, last_review_dm_on=date(2026, 3, 2))
    assert yours == MemberPrefs(GUILD, YOU, review_dm=False, last_review_dm_on=date(2026, 3, 2))


async def test_review_cards_come_due_in_order_and_feed_the_daily_dm(uow_factory):
    await add_questions(uow_factory, *(question(f"qa40-00000{i}") for i in range(1, 5)))
    async with uow_factory() as uow:
        for i, hours in enumerate([-5, -1, 0, 3], start=1):
            await uow.reviews.save_card(
                ReviewCardRecord(
                    GUILD,
                    ME,
                    f"qa40-00000{i}",
                    card={"state": 2, "stability": 1.5},
                    due=T0 + timedelta(hours=hours),
                )
            )
        await uow.reviews.save_card(ReviewCardRecord(GUILD, YOU, "qa40-000001", card={"state": 1}, due=T0))
        await uow.reviews.save_card(
            ReviewCardRecord(
                GUILD,
                ME,
                "qa40-000002",
                card={"state": 2, "reps": 2},
                due=T0 - timedelta(hours=2),
                last_review=T0,
            )
        )
        await uow.prefs.set_review_dm(GUILD, ME, True)
        await uow.commit()
    async with uow_factory() as uow:
        due = await uow.reviews.due(GUILD, ME, T0, limit=2)
        count = await uow.reviews.count_due(GUILD, ME, T0)
        card = await uow.reviews.get_card(GUILD, ME, "qa40-000002")
        members = await uow.reviews.members_with_due(T0)
    assert [c.question_id for c in due] == ["qa40-000001", "qa40-000002"]
    assert count == 3
    assert card == ReviewCardRecord(
        GUILD, ME, "qa40-000002", card={"state": 2, "reps": 2}, due=T0 - timedelta(hours=2), last_review=T0
    )
    assert members == [
        DueMember(GUILD, ME, due_count=3, review_dm=True, last_review_dm_on=None),
        DueMember(GUILD, YOU, due_count=1, review_dm=False, last_review_dm_on=None),
    ]


async def test_a_quiz_is_resumable_and_takes_one_answer_per_member_per_question(uow_factory):
    later = T0 + timedelta(seconds=30)
    async with uow_factory() as uow:
        quiz = await uow.quizzes.create(
            guild_id=GUILD,
            channel_id=CHANNEL,
            started_by=ME,
            question_ids=["qa40-000001", "qa40-000002"],
            window_seconds=20,
            state={"scores": {str(ME): 0}},
            now=T0,
        )
        first = await uow.quizzes.record_answer(
            quiz.id, 0, question_id="qa40-000001", guild_id=GUILD, member_id=ME, choice="A", now=T0
        )
        again = await uow.quizzes.record_answer(
            quiz.id, 0, question_id="qa40-000001", guild_id=GUILD, member_id=ME, choice="B", now=later
        )
        await uow.quizzes.record_answer(
            quiz.id, 0, question_id="qa40-000001", guild_id=GUILD, member_id=YOU, text="b", now=later
        )
        await uow.quizzes.set_results(
            quiz.id, 0, [QuizAnswerResult(ME, 10, True), QuizAnswerResult(YOU, 0, False)]
        )
        await uow.quizzes.save_state(quiz.id, position=1, state={"scores": {str(ME): 10}}, now=later)
        await uow.commit()
    assert first
    assert not again

    # After a restart: the running quiz is found with its saved state.
    async with uow_factory() as uow:
        [resumed] = await uow.quizzes.unfinished()
        in_channel = await uow.quizzes.active_for_channel(CHANNEL)
        answers = await uow.quizzes.answers(quiz.id, 0)
        await uow.quizzes.save_state(
            quiz.id, position=2, state={"done": True}, now=later, status=QuizStatus.FINISHED
        )
        await uow.commit()
    assert resumed == in_channel
    assert (resumed.position, resumed.state, resumed.question_ids) == (
        1,
        {"scores": {str(ME): 10}},
        ("qa40-000001", "qa40-000002"),
    )
    assert [(a.member_id, a.choice, a.text, a.points, a.correct) for a in answers] == [
        (ME, "A", None, 10, True),
        (YOU, None, "b", 0, False),
    ]
    async with uow_factory() as uow:
        finished = await uow.quizzes.get(quiz.id)
        none_running = await uow.quizzes.unfinished()
        no_quiz = await uow.quizzes.active_for_channel(CHANNEL)
    assert finished is not None
    assert finished.status == QuizStatus.FINISHED
    assert finished.finished_at == later
    assert none_running == []
    assert no_quiz is None


async def test_forgetting_a_member_removes_their_data_and_leaves_everyone_else(uow_factory):
    await add_questions(uow_factory)
    async with uow_factory() as uow:
        post = await create_post(uow)
        other_post = await create_post(uow, guild_id=OTHER_GUILD)
        for guild_id, post_id in [(GUILD, post.id), (OTHER_GUILD, other_post.id)]:
            for member, points in [(ME, 5), (YOU, 3)]:
                await uow.answers.upsert(post_id, guild_id, member, text="x", streak_at_answer=0, now=T0)
                await uow.scores.add(
                    ScoreEventIn(
                        guild_id, member, T0, points, "daily", "node-core-runtime", True, post_id=post_id
                    ),
                    PERIODS,
                )
                await uow.streaks.save(StreakRecord(guild_id, member, 1, 1, T0.date()))
                await uow.roles.record(guild_id, member, [77], T0)
                await uow.reviews.save_card(
                    ReviewCardRecord(guild_id, member, "qa40-000001", card={}, due=T0)
                )
                await uow.prefs.set_review_dm(guild_id, member, True)
        quiz = await uow.quizzes.create(
            guild_id=GUILD,
            channel_id=CHANNEL,
            started_by=YOU,
            question_ids=["qa40-000001"],
            window_seconds=20,
            state={},
            now=T0,
        )
        await uow.quizzes.record_answer(
            quiz.id, 0, question_id="qa40-000001", guild_id=GUILD, member_id=ME, now=T0
        )
        await uow.commit()

    async with uow_factory() as uow:
        counts = await uow.members.forget(ME, GUILD)
        await uow.commit()
    assert counts == {
        "answers": 1,
        "quiz_answers": 1,
        "score_events": 1,
        "score_totals": 4,  # day and all, for all topics and for the topic
        "streaks": 1,
        "roles": 1,
        "review_cards": 1,
        "prefs": 1,
        "pause_reasons": 0,
    }
    async with uow_factory() as uow:
        board = await uow.scores.top(GUILD, "all", PERIODS["all"])
        your_rank = await uow.scores.rank_of(GUILD, YOU, "all", PERIODS["all"])
        my_other_server = await uow.scores.top(OTHER_GUILD, "all", PERIODS["all"])
        my_answer = await uow.answers.get(post.id, ME)
        your_answer = await uow.answers.get(post.id, YOU)
    assert [(r.member_id, r.points) for r in board] == [(YOU, 3)]
    assert your_rank is not None
    assert (your_rank.rank, your_rank.total) == (1, 1)
    assert [r.member_id for r in my_other_server] == [ME, YOU]
    assert my_answer is None
    assert your_answer is not None

    async with uow_factory() as uow:
        everywhere = await uow.members.forget(ME)
        await uow.commit()
    assert everywhere["answers"] == 1
    assert everywhere["score_totals"] == 4
    assert everywhere["quiz_answers"] == 0
