"""Every message the bot can send, built by its real builders from representative data.

Each ``Sample`` is what one message holds (content, embeds, components), named
by where members meet it. The data is what a busy server has: real snowflakes,
a four-digit day number, long member names' worth of mentions, and the
longest questions of the committed bank (by total length, and the longest of
each kind). ``tests/bot/test_message_snapshots.py`` checks them and keeps their
text under ``tests/snapshots/messages/``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import cast
from zoneinfo import ZoneInfo

import discord

from bot.db.records import QuestionSummary
from bot.db.repositories.suggestions import SuggestionRecord
from bot.domain.errors import DomainError
from bot.domain.periods import Period
from bot.domain.questions import Kind, Question
from bot.domain.review import Recall
from bot.exts.admin import embeds as admin
from bot.exts.admin import reviews as queue
from bot.exts.daily import components as daily_views
from bot.exts.daily import embeds as daily
from bot.exts.daily.result_actions import SELF_GRADE_GONE, result_view
from bot.exts.help.cog import help_embed
from bot.exts.leaderboards import embeds as boards
from bot.exts.leaderboards.components import OWN_COPY, board_view
from bot.exts.leaderboards.query import BoardQuery
from bot.exts.practice import components as practice_views
from bot.exts.practice import embeds as practice
from bot.exts.practice.lookup import lookup_screen
from bot.exts.practice.reminders import reminder_view, reminders_text
from bot.exts.practice.state import Mode, Session
from bot.exts.privacy import embeds as privacy
from bot.exts.privacy.components import confirm_view
from bot.exts.quiz import embeds as quiz
from bot.exts.quiz.components import question_view
from bot.exts.quiz.my_result import my_result_view
from bot.exts.server_bank import embeds as bank_embeds
from bot.exts.server_bank.components import list_page
from bot.exts.server_bank.preview import outcome_embed, preview_embed, preview_view
from bot.exts.shared.answer_posts import BEST_HEADING, SHARED_HEADING, answer_message
from bot.exts.shared.formatting import message_link
from bot.exts.shared.replies import error_text
from bot.exts.suggestions import form as suggestion_form
from bot.exts.suggestions import review as suggestion_review
from bot.questionbank.bank import Bank, load_bank
from bot.questionbank.upload import SkippedLines
from bot.services.answers import DailyResult
from bot.services.leaderboards import (
    Board,
    BoardRow,
    MemberRank,
    MemberStats,
    StatsTotals,
    StreakSummary,
    TopicAccuracyRow,
)
from bot.services.moderation_results import AnswerToPost, Decision, QueueItem, QueuePage, ReviewInfo
from bot.services.quiz_snapshots import (
    QuizMemberResult,
    QuizQuestion,
    QuizQuestionResult,
    QuizSnapshot,
    QuizStanding,
    QuizStandings,
)
from bot.services.reviews import ReminderSettings, TopicProgress
from bot.services.schedules import HistoryPage, PostSummary, ScheduleStatusReport, ScheduleSummary, Upcoming
from bot.services.server_questions import ImportPreview, ImportResult
from bot.services.suggestions import SuggestionPage, Verdict

CONTENT = Path(__file__).resolve().parents[2] / "content"
NOW = datetime(2026, 1, 8, 9, 30, tzinfo=UTC)
GUILD = 1456074443980800002
CHANNEL = 1456074443980800006
THREAD = 1456092060057600009
ROLE = 1456074443980800020
MEMBERS = [1456074443980800011 + 7 * i for i in range(30)]  # real-looking snowflakes
ME = MEMBERS[12]
DAY = 1234  # a four-digit day number: the longest a server meets for years
POST = 98765
SERVER_ID = f"g{GUILD}-45a6b9"  # a server question's id as the database keeps it
LONG_ANSWER = "I'd start with the event loop: " + "callbacks wait in queues, microtasks drain first. " * 60


@dataclass(frozen=True)
class Sample:
    """One message as the bot sends it; ``known`` names a flaw another branch fixes (an xfail)."""

    name: str
    content: str | None = None
    embeds: list[discord.Embed] = field(default_factory=list)
    view: discord.ui.View | None = None
    known: str | None = None


@cache
def bank() -> Bank:
    return load_bank(CONTENT / "bank")


def size(q: Question) -> int:
    """A question's length: every text of it a member may be shown."""
    texts = [q.prompt, q.short_answer, q.full_answer, q.explanation or "", q.editor_note, *q.follow_ups]
    texts += [c.text + c.why for c in q.choices] + [s.prompt + s.expected for s in q.steps]
    return sum(map(len, texts)) + sum(len(k.point) for k in q.key_points)


def longest(kind: Kind | None = None) -> Question:
    return max((q for q in bank().questions if kind is None or q.kind is kind), key=size)


def title_of(topic: str) -> str:
    return bank().topic_title(topic)


def _stand_in() -> discord.Interaction:
    """The little of an interaction the screen builders read: the bank, for topic titles."""
    return cast(discord.Interaction, SimpleNamespace(client=SimpleNamespace(services=SimpleNamespace(bank=bank()))))


def schedule(*, paused: bool = False) -> ScheduleSummary:
    return ScheduleSummary(
        guild_id=GUILD,
        channel_id=CHANNEL,
        post_time="09:30",
        timezone="Europe/Berlin",
        reveal_after_minutes=None,
        topics=tuple(t.id for t in bank().topics[:3]),
        difficulty="hard",
        ping_role_id=ROLE,
        open_thread=True,
        paused=paused,
        paused_reason="I can't post in <#1456074443980800006>: I'm missing Send Messages there."
        if paused
        else None,
        next_post_date=None if paused else date(2026, 1, 9),
        next_post_at=None if paused else NOW + timedelta(days=1),
        next_reveal_at=None if paused else NOW + timedelta(days=1, hours=23, minutes=45),
        skip_date=None,
    )


def admin_samples() -> Iterator[Sample]:
    active = schedule()
    status = ScheduleStatusReport(
        active, "Discord was unavailable; the post was sent on the second try.", NOW, 84, 61, DAY
    )
    yield Sample("qotd status", embeds=[admin.status_embed(active, title_of, status)])
    yield Sample("qotd status paused", embeds=[admin.status_embed(schedule(paused=True), title_of)])
    coming = [longest(), longest(Kind.MCQ), longest(Kind.OPEN)]
    berlin = ZoneInfo("Europe/Berlin")
    upcoming = [
        Upcoming(q, datetime(2026, 1, 8 + i, 9, 30, tzinfo=berlin), date(2026, 1, 8))
        for i, q in enumerate(coming)
    ]
    yield Sample("qotd preview", embeds=admin.preview_embeds(upcoming, title_of))
    posts = [
        PostSummary(
            POST - i,
            DAY - i,
            date(2026, 1, 8) - timedelta(days=i),
            q.id,
            q.prompt,
            CHANNEL,
            1456092060057600000 + i,
            status,
            17 - i,
            None,
            NOW - timedelta(days=i),
            NOW + timedelta(hours=23, minutes=45) - timedelta(days=i),
        )
        for i, (q, status) in enumerate(zip(coming, ("sent", "revealed", "revealed"), strict=True))
    ]
    skipped = PostSummary(
        POST - 3,
        None,
        date(2026, 1, 5),
        None,
        None,
        CHANNEL,
        None,
        "skipped",
        0,
        "Skipped by an admin.",
        NOW - timedelta(days=3),
        NOW - timedelta(days=2, minutes=15),
    )
    history = HistoryPage([*posts, skipped], 0, 12, NOW)
    yield Sample("qotd history", embeds=[admin.history_embed(GUILD, history)])


def review(status: str = "changed") -> ReviewInfo:
    return ReviewInfo(
        status,
        "I covered the microtask queue in my second paragraph.",
        MEMBERS[1],
        NOW,
        4,
        4,
        8,
        "The answer explains the microtask queue in other words; it counts.",
    )


def daily_samples() -> Iterator[Sample]:
    reveal_at = NOW + timedelta(hours=8)
    for q in (longest(), longest(Kind.MCQ)):
        kind = q.kind.value
        yield Sample(
            f"daily post {kind}",
            embeds=[
                daily.post_embed(
                    day_number=DAY, question=q, topic_title=title_of(q.topic), reveal_at=reveal_at
                )
            ],
            view=daily_views.post_view(POST, q),
        )
        yield Sample(
            f"daily post {kind} closed",
            embeds=[
                daily.post_embed(
                    day_number=DAY,
                    question=q,
                    topic_title=title_of(q.topic),
                    reveal_at=reveal_at,
                    reveal_link=message_link(GUILD, CHANNEL, 1456092060057600042),
                )
            ],
            view=daily_views.post_view(POST, q, closed=True),
        )
        correct = 567 if q.kind is Kind.MCQ else None
        links = daily.RevealLinks(message_link(GUILD, CHANNEL, 1456092060057600000), THREAD)
        yield Sample(
            f"daily reveal {kind}",
            embeds=[
                daily.reveal_embed(
                    day_number=DAY,
                    question=q,
                    topic_title=title_of(q.topic),
                    answer_count=1234,
                    correct_count=correct,
                    links=links,
                )
            ],
            view=daily_views.reveal_view(POST, q),
        )
    q = longest()
    pages = daily.full_answer_pages(q)
    for page in range(len(pages)):
        yield Sample(
            f"daily full answer page {page + 1}",
            embeds=[daily.full_answer_embed(q, pages, page)],
            view=daily_views.page_view(POST, page, len(pages)),
        )
    open_q = longest(Kind.OPEN)
    points = [p.point for p in open_q.key_points]
    hit, missed = tuple(points[:2]), tuple(points[2:])
    mine = DailyResult(POST, open_q, True, LONG_ANSWER, None, None, hit, missed, 12, 4, None, review())
    yield Sample(
        "daily my result open", embeds=[daily.result_embed(mine)], view=result_view(POST, mine)
    )
    asked = replace(mine, review=review("open"), shared=True)
    yield Sample(
        "daily my result review asked",
        embeds=[daily.result_embed(asked)],
        view=result_view(POST, asked),
    )
    mcq = longest(Kind.MCQ)
    wrong = next(c.key for c in mcq.choices if c.key != mcq.correct_choice)
    chose = DailyResult(POST, mcq, True, None, wrong, False, (), (), 1, 1, None)
    yield Sample(
        "daily my result mcq wrong",
        embeds=[daily.result_embed(chose)],
        view=result_view(POST, chose),
    )
    missed = DailyResult(POST, mcq, False, None, None, None, (), (), 0, 0, None)
    yield Sample("daily my result not answered", embeds=[daily.result_embed(missed)])
    yield Sample("daily old self-grade button", content=SELF_GRADE_GONE)
    shared = AnswerToPost(1, ME, CHANNEL, THREAD, DAY, open_q.prompt, LONG_ANSWER * 2)
    yield Sample("daily shared answer", content=answer_message(shared, SHARED_HEADING))
    yield Sample("moderate best answer", content=answer_message(shared, BEST_HEADING))


def board_row(rank: int, member: int, points: int, answers: int = 12, correct: int = 7) -> BoardRow:
    """A row of answers of both kinds: a third of them open, covering 65 % of their key points."""
    open_answers = answers // 3
    return BoardRow(rank, member, points, answers, correct, NOW, open_answers, 0.65 * open_answers)


def leaderboard_samples() -> Iterator[Sample]:
    rows = [board_row(11 + i, MEMBERS[i], 240 - 7 * i) for i in range(10)]
    week = Board(
        rows,
        1234,
        1,
        124,
        board_row(873, ME, 3, 1, 0),
        Period.WEEK,
        date(2026, 1, 5),
        "This week (Mon 5 Jan – Sun 11 Jan)",
        None,
        None,
    )
    query = BoardQuery(Period.WEEK, ME)
    topics = bank().topics
    yield Sample(
        "leaderboard page 2",
        embeds=[boards.board_embed(week, caller_id=ME, topic_title=None)],
        view=board_view(query, week, topics),
    )
    topic = topics[5]
    narrowed = replace(
        week, rows=rows[:3], total=3, page=0, pages=1, viewer_row=None, topic=topic.id, role_id=ROLE
    )
    by_scope = replace(query, topic=BoardQuery.topic_token(topic), role_id=ROLE)
    yield Sample(
        "leaderboard topic and role",
        embeds=[boards.board_embed(narrowed, caller_id=ME, topic_title=topic.title)],
        view=board_view(by_scope, narrowed, topics),
    )
    empty = replace(
        week,
        rows=[],
        total=0,
        page=0,
        pages=1,
        viewer_row=None,
        period=Period.DAY,
        period_label="Today (Thu 8 Jan)",
    )
    yield Sample(
        "leaderboard empty",
        embeds=[boards.board_embed(empty, caller_id=ME, topic_title=None)],
        view=board_view(replace(query, period=Period.DAY), empty, topics),
    )
    yield Sample(
        "leaderboard private copy",
        content=OWN_COPY,
        embeds=[boards.board_embed(week, caller_id=ME, topic_title=None)],
        view=board_view(query, week, topics),
    )
    ranked = MemberRank(
        14,
        205,
        1234,
        [board_row(12, MEMBERS[1], 214), board_row(13, MEMBERS[2], 209)],
        [board_row(15, MEMBERS[3], 201)],
        Period.ALL,
        "All time",
    )
    yield Sample("rank", embeds=[boards.rank_embed(ranked, member_id=ME, is_self=True)])
    yield Sample("rank someone else", embeds=[boards.rank_embed(ranked, member_id=MEMBERS[4], is_self=False)])
    yield Sample(
        "rank unranked",
        embeds=[
            boards.rank_embed(
                MemberRank(None, 0, 1234, [], [], Period.ALL, "All time"), member_id=ME, is_self=True
            )
        ],
    )
    yield Sample(
        "streak",
        embeds=[boards.streak_embed(StreakSummary(0, 41, date(2026, 1, 6)), member_id=ME, is_self=True)],
    )
    yield Sample(
        "streak none",
        embeds=[boards.streak_embed(StreakSummary(0, 0, None), member_id=MEMBERS[4], is_self=False)],
    )
    days = [(date(2026, 1, 8) - timedelta(days=29 - i), (i * 7) % 17) for i in range(30)]
    accuracy = [TopicAccuracyRow(t.id, 9 + i, 4, 3, 1.7) for i, t in enumerate(topics)]
    stats = MemberStats(days, accuracy, StatsTotals(2345, 310, 160, 14, 1234, 120, 71.5))
    yield Sample(
        "stats",
        embeds=boards.stats_embeds(stats, member_id=ME, is_self=True, topic_title=title_of, charts=True),
    )
    nothing = MemberStats([(d, 0) for d, _ in days], [], StatsTotals(0, 0, 0, None, 1234))
    yield Sample(
        "stats nothing yet",
        embeds=boards.stats_embeds(
            nothing, member_id=MEMBERS[4], is_self=False, topic_title=title_of, charts=False
        ),
    )
    progress = {t.id: TopicProgress(40 + i, 12, 5) for i, t in enumerate(topics)} | {
        "kubernetes-operations": TopicProgress(3, 0, 0)
    }
    yield Sample("topics", embeds=[boards.topics_embed(topics, progress)])


def practice_samples() -> Iterator[Sample]:
    interaction = _stand_in()
    q = longest()
    for session, due in ((Session(Mode.PRACTICE, step=12), None), (Session(Mode.REVIEW, step=3), 31)):
        screen = practice_views.question_screen(
            interaction,
            q,
            session,
            due_left=due,
            note=practice.outcome_note(Recall.GOOD, NOW + timedelta(days=3), NOW),
        )
        yield Sample(
            f"{session.mode.name.lower()} question",
            content=screen.content,
            embeds=[screen.embed],
            view=screen.view,
        )
    for page in range(len(practice.answer_pages(q))):
        screen = practice_views.answer_screen(q, Session(Mode.REVIEW, step=3), page)
        yield Sample(f"review answer page {page + 1}", embeds=[screen.embed], view=screen.view)
    looked_up = lookup_screen(interaction, longest(Kind.MCQ))
    yield Sample("question lookup", embeds=[looked_up.embed], view=looked_up.view)
    answer = practice_views.answer_screen(longest(Kind.MCQ), Session(Mode.LOOKUP))
    yield Sample("question lookup answer", embeds=[answer.embed], view=answer.view)
    yield Sample("review nothing due", embeds=[practice.nothing_due_embed(NOW + timedelta(hours=5))])
    yield Sample("review no cards", embeds=[practice.nothing_due_embed(None)])
    yield Sample(
        "review reminder DM",
        content=practice.reminder_text("Node *Backend* Study Group", 7, NOW + timedelta(hours=3), NOW),
        view=reminder_view(GUILD),
    )
    at_post_time = ReminderSettings(True, "09:30", "Europe/Berlin", False, True, NOW + timedelta(days=1))
    yield Sample("review reminders on", content=reminders_text(at_post_time))
    picked = replace(
        at_post_time, at="07:05", picked=True, post_time=False, next_at=NOW + timedelta(hours=21)
    )
    yield Sample("review reminders on at a time", content=reminders_text(picked))
    yield Sample("review reminders off", content=reminders_text(replace(picked, on=False, next_at=None)))


def privacy_samples() -> Iterator[Sample]:
    yield Sample("forget-me confirm", embeds=[privacy.confirmation_embed()], view=confirm_view(ME))
    kinds = ("answers", "quiz_answers", "score_events", "score_totals", "streaks", "roles", "review_cards")
    counts = dict.fromkeys(kinds, 25) | {"answers": 1, "prefs": 1, "quiz_sessions": 2, "pause_reasons": 1}
    yield Sample("forget-me done", embeds=[privacy.summary_embed(counts)], view=confirm_view(ME, closed=True))
    yield Sample("forget-me nothing", embeds=[privacy.summary_embed({})])


def quiz_samples() -> Iterator[Sample]:
    started = QuizSnapshot(
        7,
        GUILD,
        CHANNEL,
        ME,
        "running",
        10,
        0,
        None,
        NOW,
        "topic Node.js Core and Runtime Fundamentals, difficulty hard",
    )
    yield Sample("quiz start", embeds=[quiz.start_embed(started)])
    for q in (longest(Kind.MCQ), longest()):
        asked = QuizQuestion(7, q, 10, 10, NOW + timedelta(seconds=60))
        yield Sample(
            f"quiz question {q.kind.value}",
            embeds=[quiz.question_embed(asked, title_of(q.topic))],
            view=question_view(7, 10, q),
        )
    mcq = longest(Kind.MCQ)
    answers = [
        QuizMemberResult(m, i % 3 != 0, 15 if i == 1 else 10 * (i % 3 != 0), None, NOW)
        for i, m in enumerate(MEMBERS)
    ]
    result = QuizQuestionResult(7, 10, 10, mcq, mcq.correct_choice, answers, MEMBERS[1], True)
    yield Sample(
        "quiz result mcq", embeds=[quiz.result_embed(result)], view=my_result_view(7, 10, mcq).get("view")
    )
    open_q = longest()
    covered = [QuizMemberResult(m, i % 2 == 0, 6, 0.6, NOW) for i, m in enumerate(MEMBERS[:12])]
    open_result = QuizQuestionResult(7, 4, 10, open_q, None, covered, None, False)
    yield Sample(
        "quiz result open",
        embeds=[quiz.result_embed(open_result)],
        view=my_result_view(7, 4, open_q).get("view"),
    )
    nobody = replace(open_result, results=[])
    yield Sample("quiz result nobody", embeds=[quiz.result_embed(nobody)])
    standings = QuizStandings(
        7, [QuizStanding(i + 1, m, 100 - 3 * i) for i, m in enumerate(MEMBERS)], "finished", 10, 10
    )
    yield Sample("quiz standings", embeds=[quiz.standings_embed(standings)])
    yield Sample(
        "quiz stopped",
        embeds=[quiz.standings_embed(replace(standings, rows=[], questions_done=3), stopped_by=MEMBERS[2])],
    )


def bank_samples() -> Iterator[Sample]:
    sample = [longest(), longest(Kind.MCQ), longest(Kind.OPEN)]
    skipped = [
        SkippedLines((3 + 10 * i, 9 + 10 * i), "a heading with no question under it") for i in range(40)
    ]
    left_out = [f"Q{i}: the answer is missing" for i in range(30)]
    preview = ImportPreview(
        "t0k3n",
        GUILD,
        "our-interview-notes_v2 (final).md",
        tuple(sample),
        skipped,
        left_out,
        ("Repaired PDF-extraction damage in questions 1-7 (49 places)",),
        NOW + timedelta(minutes=15),
    )
    yield Sample(
        "bank import preview",
        embeds=[preview_embed(preview, 0, title_of)],
        view=preview_view(preview, 0),
    )
    yield Sample(
        "bank import added",
        embeds=[
            outcome_embed(
                ImportResult(
                    "our-interview-notes_v2 (final).md", 40, 12, 5, {"open": 40, "mcq": 15, "scenario": 2}
                )
            )
        ],
    )
    own = [
        QuestionSummary(f"g{GUILD}-{i:06x}", Kind.OPEN, bank().topics[i % 9].id, longest().prompt)
        for i in range(23)
    ]
    listed, pages = list_page(_stand_in(), own, 1)
    yield Sample("bank list", embeds=[listed], view=pages)
    yield Sample("bank list empty", embeds=[bank_embeds.list_embed([], 0, title_of)])
    yield Sample("bank export", content=bank_embeds.export_note(23))


def moderation_samples() -> Iterator[Sample]:
    q = longest(Kind.OPEN)
    points = [p.point for p in q.key_points]
    note = "Please look at my second paragraph. " * 20
    item = QueueItem(
        5, 9, POST, ME, DAY, q, LONG_ANSWER, 6, 4, tuple(points[:2]), tuple(points[2:]), note, NOW
    )
    page = QueuePage(item, 2, 17)
    yield Sample("moderate reviews", embeds=[queue.queue_embed(page)], view=queue.queue_view(page))
    empty = QueuePage(None, 0, 0)
    yield Sample("moderate reviews empty", embeds=[queue.queue_embed(empty)])
    guild = cast(discord.Guild, SimpleNamespace(name="Node Backend Study Group"))
    for changed in (True, False):
        decision = Decision(
            ME,
            GUILD,
            q.prompt,
            changed,
            4,
            8 if changed else 4,
            6,
            10 if changed else 6,
            "It covers the point in other words. " * 30,
        )
        yield Sample(
            f"moderate decision DM {'changed' if changed else 'kept'}",
            content=queue.decision_text(decision, guild),
        )


def other_samples() -> Iterator[Sample]:
    commands = [
        ("question", "Look up a question"),
        ("leaderboard", "Who has the most points"),
        ("stats", "Your chart"),
    ]
    yield Sample("help", embeds=[help_embed(commands)])
    yield Sample("error: a rule", content=error_text(DomainError("There is no topic “basket weaving”.")))


def suggestion_samples() -> Iterator[Sample]:
    """A member's suggestion as moderators review it, the member's DM, and a refused form given back."""
    longest_prompt = longest().prompt[:300]
    record = SuggestionRecord(
        7,
        GUILD,
        MEMBERS[0],
        "alice",
        "pending",
        bank().topics[0].id,
        longest_prompt,
        "A" * 1500,
        tuple(f"key point {i} " + "x" * 180 for i in range(6)),
        NOW,
        None,
        None,
        None,
        None,
        None,
    )
    page = SuggestionPage(record, 0, 3)
    yield Sample(
        "suggestions queue",
        embeds=[suggestion_review.queue_embed(page, title_of)],
        view=suggestion_review.queue_view(page),
    )
    yield Sample(
        "suggestions queue empty",
        embeds=[suggestion_review.queue_embed(SuggestionPage(None, 0, 0), title_of)],
    )
    guild = cast(discord.Guild, SimpleNamespace(name="Backend study group"))
    approved = Verdict(
        GUILD, MEMBERS[0], "alice", longest_prompt, approved=True, question_id=f"g{GUILD}-0000a1"
    )
    yield Sample("suggestion approved dm", content=suggestion_review.verdict_dm(approved, guild))
    rejected = Verdict(GUILD, MEMBERS[0], "alice", longest_prompt, approved=False, reason="R" * 400)
    yield Sample("suggestion rejected dm", content=suggestion_review.verdict_dm(rejected, guild))
    values = dict.fromkeys(suggestion_form.FIELDS, "W" * 1500)
    yield Sample(
        "suggestion given back", content=suggestion_form.given_back(values, "Your question is too short.")
    )


CATALOGUE: tuple[Callable[[], Iterator[Sample]], ...] = (
    admin_samples,
    daily_samples,
    leaderboard_samples,
    practice_samples,
    privacy_samples,
    quiz_samples,
    bank_samples,
    moderation_samples,
    suggestion_samples,
    other_samples,
)


@cache
def samples() -> tuple[Sample, ...]:
    found = [s for make in CATALOGUE for s in make()]
    names = [s.name for s in found]
    assert len(names) == len(set(names)), "two samples share a name"
    return tuple(found)
