"""Channel quizzes as members play them: timed questions, one answer each, results, standings, restarts."""

from datetime import UTC, datetime, timedelta

import discord
import pytest

from bot.domain.periods import Period
from bot.domain.questions import Kind, Question
from bot.domain.scoring import QUIZ_CORRECT, QUIZ_FASTEST_BONUS
from bot.exts.quiz import embeds
from bot.questionbank.bank import Bank
from bot.services.quiz_snapshots import QuizMemberResult, QuizQuestionResult, QuizStanding, QuizStandings
from tests.sim.harness import (
    advance,
    assert_within_discord_limits,
    bot_messages,
    choices,
    click,
    invoke,
    submit,
)

from .conftest import MakeQotd, Qotd, subset

MCQ_WINDOW = timedelta(seconds=30)
OPEN_WINDOW = timedelta(seconds=120)


def two_mcqs(bank: Bank) -> Bank:
    """Two multiple-choice questions a quiz may ask together (not near-duplicates of each other)."""
    picked: list[Question] = []
    for question in bank.questions:
        if question.kind is Kind.MCQ and all(
            question.group is None or question.group != p.group for p in picked
        ):
            picked.append(question)
    ids = {p.id for p in picked[:2]}
    return subset(bank, lambda x: x.id in ids)


@pytest.fixture
def mcq_bank(full_bank: Bank) -> Bank:
    return two_mcqs(full_bank)


@pytest.fixture
def open_question(full_bank: Bank) -> Question:
    return next(x for x in full_bank.questions if x.kind is Kind.OPEN and len(x.key_points) >= 2)


def quiz_posts(q: Qotd) -> list[discord.Message]:
    return bot_messages(q.world, q.general)


def titled(q: Qotd, title: str) -> discord.Message:
    (message,) = [m for m in quiz_posts(q) if m.embeds and m.embeds[0].title == title]
    return message


def asked(q: Qotd, message: discord.Message) -> Question:
    """The bank question a quiz post shows (as a member reads it: by its prompt)."""
    (question,) = [x for x in q.services.bank.questions if x.prompt in (message.embeds[0].description or "")]
    return question


def text_of(message: discord.Message) -> str:
    embed = message.embeds[0]
    parts = [embed.title or "", embed.description or "", embed.footer.text or ""]
    return "\n".join(parts + [f"{f.name}\n{f.value}" for f in embed.fields])


def buttons(message: discord.Message) -> list[discord.ui.Button]:
    view = discord.ui.View.from_message(message)
    return [item for item in view.children if isinstance(item, discord.ui.Button)]


def refreshed(q: Qotd, message: discord.Message) -> discord.Message:
    return next(m for m in quiz_posts(q) if m.id == message.id)


def wrong_choice(question: Question) -> str:
    return next(c.key for c in question.choices if c.key != question.correct_choice)


async def test_a_multiple_choice_quiz_rewards_the_fastest_right_answer_and_ends_with_standings(
    make_qotd: MakeQotd, mcq_bank: Bank
):
    q = await make_qotd(bank=mcq_bank)
    alice, bob, carol = (q.world.member(n) for n in ("alice", "bob", "carol"))
    started_at = q.world.clock.now()

    started = await invoke(q.world, alice, q.general, "quiz start", kind="mcq", count=2)
    assert started.ephemeral
    assert "2 questions" in started.text
    intro, first = quiz_posts(q)
    assert intro.embeds[0].title == "Quiz time!"
    assert f"<@{alice.id}> started a quiz of 2 questions" in intro.embeds[0].description
    assert first.embeds[0].title == "Quiz question 1 of 2"
    closes = int((started_at + MCQ_WINDOW).timestamp())
    assert f"<t:{closes}:R>" in text_of(first)  # a relative timestamp each member sees in their own zone
    one = asked(q, first)
    assert [b.label for b in buttons(first)] == [c.key for c in one.choices]

    await advance(q.world, timedelta(seconds=3))
    ack = await click(q.world, alice, first, label=one.correct_choice)
    assert ack.ephemeral
    assert f"You answered **{one.correct_choice}**" in ack.text
    await advance(q.world, timedelta(seconds=4))
    await click(q.world, bob, first, label=one.correct_choice)
    await advance(q.world, timedelta(seconds=2))
    await click(q.world, carol, first, label=wrong_choice(one))
    again = await click(q.world, alice, first, label=wrong_choice(one))
    assert again.ephemeral
    assert "already answered" in again.text
    assert len(quiz_posts(q)) == 2  # nothing about the answers in the channel while the window is open

    await advance(q.world, MCQ_WINDOW - timedelta(seconds=9))
    result = titled(q, "Question 1 of 2: time's up")
    shown = text_of(result)
    assert f"**{one.correct_choice})**" in shown
    assert "3 answers, 2 right" in shown
    assert f"✅ <@{alice.id}> +{QUIZ_CORRECT + QUIZ_FASTEST_BONUS} ⚡ fastest" in shown
    assert f"✅ <@{bob.id}> +{QUIZ_CORRECT}\n" in shown
    assert f"❌ <@{carol.id}>" in shown
    assert f"⚡ <@{alice.id}> earns the {QUIZ_FASTEST_BONUS}-point bonus" in shown
    # How those points were made, under the result.
    assert f"Points: {QUIZ_CORRECT} for the right letter, {QUIZ_FASTEST_BONUS} more for the fastest." in shown
    assert all(b.disabled for b in buttons(refreshed(q, first)))

    # Question 2 follows at once. Discord refuses to close its buttons, so a late click reaches the bot.
    second = titled(q, "Quiz question 2 of 2")
    two = asked(q, second)
    assert two.id != one.id
    q.world.env.inject_error(
        "PATCH", f"/channels/{q.general.id}/messages/{second.id}", status=403, code=50013, times=1
    )
    await advance(q.world, timedelta(seconds=5))
    await click(q.world, bob, second, label=two.correct_choice)
    await advance(q.world, MCQ_WINDOW)
    late = await click(q.world, carol, second, label=two.correct_choice)
    assert late.ephemeral
    assert "closed" in late.text

    standings = titled(q, "Quiz over: final standings")
    assert standings.embeds[0].description.splitlines() == [
        f"🥇 <@{bob.id}>: {QUIZ_CORRECT * 2 + QUIZ_FASTEST_BONUS} points",
        f"🥈 <@{alice.id}>: {QUIZ_CORRECT + QUIZ_FASTEST_BONUS} points",
        f"🥉 <@{carol.id}>: 0 points",
    ]
    board = await q.services.leaderboards.board(q.world.guild.id, Period.ALL, viewer_id=carol.id)
    assert [(r.member_id, r.points, r.correct) for r in board.rows] == [
        (bob.id, 25, 2),
        (alice.id, 15, 1),
        (carol.id, 0, 0),
    ]
    # The quiz is over: the channel is free, and nothing else is posted.
    await advance(q.world, timedelta(minutes=5))
    assert len(quiz_posts(q)) == 6
    assert await q.services.quizzes.running_in(q.general.id) is None
    q.check_every_message()


async def test_open_questions_are_answered_in_a_form_and_scored_by_key_points(
    make_qotd: MakeQotd, full_bank: Bank, open_question: Question
):
    q = await make_qotd(bank=subset(full_bank, lambda x: x.id == open_question.id))
    alice, bob, carol = (q.world.member(n) for n in ("alice", "bob", "carol"))
    await invoke(q.world, bob, q.general, "quiz start", count=3)
    post = titled(q, "Quiz question 1 of 1")  # fewer questions than asked: the pool has one
    assert [b.label for b in buttons(post)] == ["Answer"]

    shown = await click(q.world, alice, post, label="Answer")
    assert shown.modal is not None
    assert shown.modal.custom_id.startswith("quiz:form:")
    good = ". ".join(p.point for p in open_question.key_points)
    ack = await submit(q.world, alice, shown, {"answer": good})
    assert ack.ephemeral
    assert "Got your answer to question 1" in ack.text
    await advance(q.world, timedelta(seconds=20))
    weak = await click(q.world, carol, post, label="Answer")
    await submit(q.world, carol, weak, {"answer": "No idea, to be honest."})
    second_try = await click(q.world, alice, post, label="Answer")
    refused = await submit(q.world, alice, second_try, {"answer": "Let me add something."})
    assert "already answered" in refused.text

    slow = await click(q.world, bob, post, label="Answer")  # opened in time, sent too late
    await advance(q.world, OPEN_WINDOW)
    too_late = await submit(q.world, bob, slow, {"answer": good})
    assert too_late.ephemeral
    assert "closed" in too_late.text

    result = text_of(titled(q, "Question 1 of 1: time's up"))
    assert open_question.key_points[0].point[:60] in result
    assert f"<@{alice.id}>: 100% of the key points covered, +{QUIZ_CORRECT}" in result
    assert f"<@{carol.id}>: 0% of the key points covered, +0" in result
    assert "2 answers, 50% of the key points covered on average" in result  # never "1 right"
    assert " right" not in result.replace("Right answer", "")
    assert f"Points: up to {QUIZ_CORRECT}, by the share of the key points covered." in result
    assert f"<@{bob.id}>" not in result
    assert "fastest" not in result.lower()  # no speed bonus for open answers
    # Which key points each member covered is theirs alone: "My result" under the result, privately.
    closed = titled(q, "Question 1 of 1: time's up")
    carols = await click(q.world, carol, closed, label="My result")
    assert carols.ephemeral
    assert "Key points covered 0 of" in carols.text
    assert "No idea, to be honest." in carols.text
    assert open_question.key_points[0].point[:60] in carols.text  # among the ones missed
    alices = await click(q.world, alice, closed, label="My result")
    assert "Key points you covered" in alices.text
    assert "Key points you missed" not in alices.text
    bobs = await click(q.world, bob, closed, label="My result")
    assert "didn't answer" in bobs.text
    standings = titled(q, "Quiz over: final standings").embeds[0].description
    assert standings.splitlines()[0] == f"🥇 <@{alice.id}>: {QUIZ_CORRECT} points"
    q.check_every_message()


async def test_one_quiz_per_channel_and_only_its_starter_or_an_admin_stops_it(
    make_qotd: MakeQotd, mcq_bank: Bank
):
    q = await make_qotd(bank=mcq_bank)
    alice, bob, carol = (q.world.member(n) for n in ("alice", "bob", "carol"))
    topics = await choices(q.world, alice, q.general, "quiz start", "topic", "node")
    assert topics
    assert all("node" in c.value for c in topics)
    unknown = await invoke(q.world, carol, q.general, "quiz start", topic="underwater basket weaving")
    assert "There is no topic" in unknown.text
    assert quiz_posts(q) == []

    elsewhere = await invoke(q.world, bob, q.qotd_channel, "quiz start", count=1)
    assert "is starting" in elsewhere.text
    await invoke(q.world, alice, q.general, "quiz start")  # another channel is free
    first = titled(q, "Quiz question 1 of 2")
    second_quiz = await invoke(q.world, q.world.admin, q.general, "quiz start")
    assert second_quiz.ephemeral
    assert "already running" in second_quiz.text

    await advance(q.world, timedelta(seconds=5))
    await click(q.world, carol, first, label=asked(q, first).correct_choice)
    not_hers = await invoke(q.world, bob, q.general, "quiz stop")
    assert not_hers.ephemeral
    assert "Only the member who started this quiz or an admin" in not_hers.text
    stopped = await invoke(q.world, alice, q.general, "quiz stop")
    assert stopped.ephemeral
    assert "Quiz stopped" in stopped.text
    standings = titled(q, "Quiz stopped: standings so far")
    assert f"<@{alice.id}> stopped the quiz" in standings.embeds[0].description
    assert "Nobody scored" in standings.embeds[0].description  # the open question is not scored
    assert all(b.disabled for b in buttons(refreshed(q, first)))

    by_admin = await invoke(q.world, q.world.admin, q.qotd_channel, "quiz stop")  # Bob's quiz, by an admin
    assert "Quiz stopped" in by_admin.text
    assert await q.services.quizzes.running_in(q.qotd_channel.id) is None

    count = len(quiz_posts(q))
    await advance(q.world, timedelta(minutes=2))
    assert len(quiz_posts(q)) == count  # its timer is gone: no result, no next question
    nothing = await invoke(q.world, carol, q.general, "quiz stop")
    assert "no quiz running" in nothing.text
    q.check_every_message()


async def test_a_restart_mid_quiz_resumes_it_and_the_old_buttons_still_work(
    make_qotd: MakeQotd, mcq_bank: Bank
):
    q = await make_qotd(bank=mcq_bank)
    alice, bob = q.world.member("alice"), q.world.member("bob")
    await invoke(q.world, alice, q.general, "quiz start", count=2)
    first = titled(q, "Quiz question 1 of 2")
    one = asked(q, first)
    await advance(q.world, timedelta(seconds=4))
    await click(q.world, alice, first, label=wrong_choice(one))

    await q.restart()

    await advance(q.world, timedelta(seconds=4))
    after = await click(q.world, bob, first, label=one.correct_choice)  # a button posted before the restart
    assert after.ephemeral
    assert f"You answered **{one.correct_choice}**" in after.text
    assert len(quiz_posts(q)) == 2  # the open question was picked up, not posted again

    await advance(q.world, MCQ_WINDOW)
    result = text_of(titled(q, "Question 1 of 2: time's up"))
    assert f"❌ <@{alice.id}>" in result
    assert f"⚡ <@{bob.id}> earns the {QUIZ_FASTEST_BONUS}-point bonus" in result
    assert all(b.disabled for b in buttons(refreshed(q, first)))  # the resumed quiz closed the old post
    second = titled(q, "Quiz question 2 of 2")
    await click(q.world, alice, second, label=asked(q, second).correct_choice)
    await advance(q.world, MCQ_WINDOW)
    standings = titled(q, "Quiz over: final standings").embeds[0].description
    assert standings.splitlines() == [
        f"🥇 <@{bob.id}>: {QUIZ_CORRECT + QUIZ_FASTEST_BONUS} points",
        f"🥈 <@{alice.id}>: {QUIZ_CORRECT + QUIZ_FASTEST_BONUS} points",
    ]
    assert len(quiz_posts(q)) == 6  # intro, 2 questions, 2 results, standings: nothing doubled
    q.check_every_message()


async def test_a_quiz_does_not_start_where_the_bot_cannot_post_its_questions(
    make_qotd: MakeQotd, mcq_bank: Bank
):
    q = await make_qotd(
        bank=mcq_bank, bot_overwrites={"general": discord.PermissionOverwrite(embed_links=False)}
    )
    refused = await invoke(q.world, q.world.member("alice"), q.general, "quiz start")
    assert refused.ephemeral
    assert "Embed Links" in refused.text
    assert quiz_posts(q) == []
    assert await q.services.quizzes.running_in(q.general.id) is None


def test_results_and_standings_of_a_crowded_quiz_fit_in_one_message(mcq_bank: Bank):
    question = next(x for x in mcq_bank.questions if x.kind is Kind.MCQ)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    crowd = [
        QuizMemberResult(10**17 + i, i % 2 == 0, 10 if i % 2 == 0 else 0, None, start + timedelta(seconds=i))
        for i in range(300)
    ]
    result = QuizQuestionResult(1, 1, 1, question, question.correct_choice, crowd, crowd[0].member_id, True)
    standings = QuizStandings(
        1, [QuizStanding(i + 1, 10**17 + i, 300 - i) for i in range(300)], "finished", 1, 1
    )

    shown = embeds.result_embed(result)
    final = embeds.standings_embed(standings)
    assert_within_discord_limits(shown)  # two messages: each within the limits
    assert_within_discord_limits(final)
    answers = next(f.value for f in shown.fields if f.name == "300 answers, 150 right")
    assert answers.startswith(f"✅ <@{10**17}> +10 ⚡ fastest")
    assert answers.splitlines()[-1].startswith("… and ")
    assert final.description.splitlines()[-1].startswith("… and ")


async def test_a_window_that_ran_out_while_the_bot_was_down_closes_as_soon_as_it_is_back(
    make_qotd: MakeQotd, mcq_bank: Bank
):
    q = await make_qotd(bank=mcq_bank)
    alice = q.world.member("alice")
    await invoke(q.world, alice, q.general, "quiz start", count=2)
    first = titled(q, "Quiz question 1 of 2")
    await click(q.world, alice, first, label=asked(q, first).correct_choice)

    await q.bot.close()  # the process dies; Discord and the clock go on without it
    await advance(q.world, timedelta(minutes=5))
    assert len(quiz_posts(q)) == 2
    back = q.world.clock.now()
    await q.restart()

    result = text_of(titled(q, "Question 1 of 2: time's up"))
    assert f"✅ <@{alice.id}> +{QUIZ_CORRECT + QUIZ_FASTEST_BONUS} ⚡ fastest" in result
    assert all(b.disabled for b in buttons(refreshed(q, first)))
    second = titled(q, "Quiz question 2 of 2")  # the next question gets its full window from now
    assert f"<t:{int((back + MCQ_WINDOW).timestamp())}:R>" in text_of(second)
    await advance(q.world, MCQ_WINDOW)
    assert titled(q, "Quiz over: final standings").embeds[0].description.splitlines() == [
        f"🥇 <@{alice.id}>: {QUIZ_CORRECT + QUIZ_FASTEST_BONUS} points"
    ]
    q.check_every_message()
