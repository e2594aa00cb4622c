"""Member suggestions through the service: limits, moderators' decisions, forget-me (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import re
from datetime import timedelta

import pytest

from bot.domain.clock import ManualClock
from bot.domain.errors import DomainError
from bot.domain.questions import KeyPoint, Kind, Topic
from bot.domain.suggestions import PENDING_MAX, AlreadyDecided, SuggestionGone, TooManyPending
from bot.domain.topics import UnknownTopic
from bot.services.members import MemberRef
from bot.services.moderation import Moderation, Moderator, NotAModerator
from bot.services.privacy import Privacy
from bot.services.server_questions import ServerQuestions
from bot.services.suggestions import Suggestions
from bot.settings import PROJECT_ROOT
from tests.db.builders import GUILD, OTHER_GUILD, T0

TOPICS = (
    Topic("node-core-runtime", 1, "Node.js Core and Runtime"),
    Topic("databases", 2, "Databases and ORMs"),
)
ALICE = MemberRef(GUILD, 51)
BOB = MemberRef(GUILD, 52)
MOD = Moderator(MemberRef(GUILD, 99), manage_messages=True)
REVIEWER_ROLE = 777
ANSWER = "It runs queued callbacks one at a time, so a slow callback delays every other one."


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


@pytest.fixture
def suggestions(uow_factory, clock) -> Suggestions:
    return Suggestions(uow_factory, clock, TOPICS)


def own_bank(uow_factory, clock) -> ServerQuestions:
    return ServerQuestions(uow_factory, clock, PROJECT_ROOT / "content", reader=None)  # type: ignore[arg-type]


async def suggest(
    suggestions: Suggestions, member: MemberRef = ALICE, n: int = 1, *, points: str = "", name="alice"
):
    draft = suggestions.draft(f"What does the event loop do ({n})?", ANSWER, points, "node-core-runtime")
    return await suggestions.suggest(member, name, draft)


@pytest.mark.parametrize(
    ("prompt", "answer", "points", "topic", "says"),
    [
        ("Why?", ANSWER, "", "1", "The question is too short (4 characters); write at least 10"),
        ("x" * 301 + "?", ANSWER, "", "1", "The question is 302 characters long; the limit is 300."),
        ("What is a closure?", "A function.", "", "1", "The answer is too short (11 characters)"),
        (
            "What is a closure?",
            "y" * 1501,
            "",
            "1",
            "The answer is 1,501 characters long; the limit is 1,500.",
        ),
        ("What is a closure?", ANSWER, "\n".join("p" * 5 for _ in range(7)), "1", "at most 6 key points"),
        ("What is a closure?", ANSWER, "z" * 201, "1", "Key point 1 is 201 characters long"),
        ("What is a\x00 closure?", ANSWER, "", "1", "invisible control characters"),
    ],
)
async def test_a_draft_breaking_a_rule_is_refused_with_what_to_change(
    suggestions, prompt, answer, points, topic, says
):
    with pytest.raises(DomainError) as refused:
        suggestions.draft(prompt, answer, points, topic)
    assert says in str(refused.value)


def test_a_topic_that_is_not_one_of_the_bots_is_refused_with_the_list(suggestions):
    with pytest.raises(
        UnknownTopic, match=re.escape("There is no topic `cooking`. Pick from: 1. Node.js Core")
    ):
        suggestions.draft("What is a closure?", ANSWER, "", "cooking")


async def test_the_text_is_kept_as_typed_and_the_topic_found_from_a_title(suggestions, uow_factory):
    draft = suggestions.draft(
        "  What is *libuv*? <@123>  ", ANSWER, "one point\n\n  two  \n", "databases and orms"
    )
    await suggestions.suggest(ALICE, "Alice\n the\tGreat", draft)

    page = await suggestions.queue(MOD, 0)

    assert page.item is not None
    assert (page.item.prompt, page.item.key_points, page.item.topic) == (
        "  What is *libuv*? <@123>  ",
        ("one point", "  two  "),
        "databases",
    )
    assert page.item.author_name == "Alice the Great"  # one line of plain text


async def test_a_member_may_have_three_waiting_per_server_and_a_decision_frees_a_place(suggestions):
    for n in range(PENDING_MAX):
        submitted = await suggest(suggestions, n=n)
        assert submitted.pending == n + 1
    with pytest.raises(TooManyPending, match="You already have 3 suggestions waiting"):
        await suggest(suggestions, n=9)
    await suggest(suggestions, BOB)  # others are not held back
    await suggest(suggestions, MemberRef(OTHER_GUILD, ALICE.member_id))  # nor is she elsewhere

    first = await suggestions.queue(MOD, 0)
    assert first.item is not None
    await suggestions.reject(first.item.id, MOD, "")
    assert (await suggest(suggestions, n=10)).pending == PENDING_MAX


async def test_the_limit_holds_when_a_member_sends_several_at_once(suggestions):
    results = await asyncio.gather(*(suggest(suggestions, n=n) for n in range(6)), return_exceptions=True)

    refused = [r for r in results if isinstance(r, TooManyPending)]
    assert len(refused) == 6 - PENDING_MAX
    assert (await suggestions.queue(MOD, 0)).total == PENDING_MAX


async def test_an_approved_suggestion_joins_the_servers_bank_credited_to_the_member(
    suggestions, uow_factory, clock
):
    await suggest(suggestions, n=1)
    await suggest(suggestions, n=2, points="one callback at a time\na slow callback blocks the rest")
    page = await suggestions.queue(MOD, 1)
    assert (page.page, page.total) == (1, 2)
    assert page.item is not None

    verdict = await suggestions.approve(page.item.id, MOD)

    assert (verdict.approved, verdict.member_id, verdict.author_name) == (True, ALICE.member_id, "alice")
    bank = own_bank(uow_factory, clock)
    (added,) = await bank.list(GUILD)
    assert added.id == verdict.question_id
    assert added.id.startswith(f"g{GUILD}-")
    assert (added.kind, added.topic, added.prompt, added.full_answer) == (
        Kind.OPEN,
        "node-core-runtime",
        "What does the event loop do (2)?",
        ANSWER,
    )
    assert added.key_points == (
        KeyPoint("one callback at a time"),
        KeyPoint("a slow callback blocks the rest"),
    )
    assert added.short_answer == ANSWER
    assert added.extra == {}  # the credit is the suggestion's, not the question's
    assert [s.credit for s in await bank.summaries(GUILD)] == ["alice"]
    assert (await suggestions.queue(MOD, 0)).total == 1
    with pytest.raises(AlreadyDecided, match="already approved"):
        await suggestions.reject(page.item.id, MOD, "too late")


async def test_without_key_points_they_are_drawn_from_the_answer(suggestions, uow_factory, clock):
    await suggest(suggestions)
    item = (await suggestions.queue(MOD, 0)).item
    assert item is not None

    await suggestions.approve(item.id, MOD)

    (added,) = await own_bank(uow_factory, clock).list(GUILD)
    assert added.key_points
    assert all(k.derived for k in added.key_points)


async def test_a_moderator_edits_a_suggestion_before_approving_it(suggestions, uow_factory, clock):
    await suggest(suggestions)
    item = (await suggestions.queue(MOD, 0)).item
    assert item is not None
    clock.advance(timedelta(minutes=5))
    better = suggestions.draft("What does the Node.js event loop do?", ANSWER, "runs callbacks in turn", "2")

    edited = await suggestions.edit(item.id, MOD, better)

    assert edited.item is not None
    assert (edited.item.prompt, edited.item.topic, edited.item.status) == (
        "What does the Node.js event loop do?",
        "databases",
        "pending",
    )
    assert edited.item.edited_at == T0 + timedelta(minutes=5)
    await suggestions.approve(item.id, MOD)
    (added,) = await own_bank(uow_factory, clock).list(GUILD)
    assert (added.prompt, added.topic) == (better.prompt, "databases")
    assert [s.credit for s in await own_bank(uow_factory, clock).summaries(GUILD)] == ["alice"]


async def test_a_rejection_keeps_its_reason_and_adds_nothing(suggestions, uow_factory, clock):
    await suggest(suggestions)
    item = (await suggestions.queue(MOD, 0)).item
    assert item is not None
    with pytest.raises(DomainError, match="at most 500 characters"):
        await suggestions.reject(item.id, MOD, "no " * 200)

    verdict = await suggestions.reject(item.id, MOD, "We already ask this one.")

    assert (verdict.approved, verdict.reason, verdict.question_id) == (
        False,
        "We already ask this one.",
        None,
    )
    assert await own_bank(uow_factory, clock).list(GUILD) == []
    assert (await suggestions.queue(MOD, 0)).item is None
    with pytest.raises(AlreadyDecided, match="already rejected"):
        await suggestions.approve(item.id, MOD)


async def test_only_moderators_decide_and_only_in_their_own_server(suggestions, uow_factory, clock):
    await suggest(suggestions)
    item = (await suggestions.queue(MOD, 0)).item
    assert item is not None
    member = Moderator(MemberRef(GUILD, 60, (REVIEWER_ROLE,)), manage_messages=False)
    with pytest.raises(NotAModerator):
        await suggestions.queue(member, 0)
    with pytest.raises(NotAModerator):
        await suggestions.approve(item.id, member)
    elsewhere = Moderator(MemberRef(OTHER_GUILD, 99), manage_messages=True)
    with pytest.raises(SuggestionGone):
        await suggestions.approve(item.id, elsewhere)
    assert (await suggestions.queue(elsewhere, 0)).total == 0

    await Moderation(uow_factory, clock).set_reviewer_role(GUILD, REVIEWER_ROLE)  # as /moderate reviews
    assert (await suggestions.approve(item.id, member)).approved


async def test_forget_me_deletes_waiting_and_rejected_suggestions_and_uncredits_approved_questions(
    suggestions, uow_factory, clock
):
    for n in range(3):
        await suggest(suggestions, n=n)
    await suggest(suggestions, BOB, name="bob")
    queue = [(await suggestions.queue(MOD, i)).item for i in range(4)]
    approved, rejected, _, bobs = (s.id for s in queue if s is not None)
    await suggestions.approve(approved, MOD)
    await suggestions.reject(rejected, MOD, "")
    await suggestions.approve(bobs, MOD)
    bank = own_bank(uow_factory, clock)
    kept = next(x for x in await bank.summaries(GUILD) if x.credit == "alice")
    await bank.remove(GUILD, kept.id)  # never posted: deleted; a posted one would be retired

    report = await Privacy(uow_factory, clock).forget(ALICE.member_id, GUILD)

    assert (report.counts["suggestions"], report.counts["suggestion_credits"]) == (2, 0)
    assert [s.credit for s in await bank.summaries(GUILD)] == ["bob"]
    assert (await suggestions.queue(MOD, 0)).total == 0


async def test_an_approved_question_stays_without_the_name_even_once_retired(suggestions, uow_factory, clock):
    await suggest(suggestions)
    item = (await suggestions.queue(MOD, 0)).item
    assert item is not None
    verdict = await suggestions.approve(item.id, MOD)
    async with uow_factory() as uow:  # as if it had been posted and then taken out of the pool
        await uow.questions.retire_missing([], guild_id=GUILD, now=T0)
        await uow.commit()

    report = await Privacy(uow_factory, clock).forget(ALICE.member_id, None)

    assert (report.counts["suggestions"], report.counts["suggestion_credits"]) == (0, 1)
    async with uow_factory() as uow:
        (listed,) = await uow.questions.owned_summaries(GUILD)
    assert (listed.id, listed.prompt, listed.credit) == (verdict.question_id, item.prompt, None)
    assert listed.retired
