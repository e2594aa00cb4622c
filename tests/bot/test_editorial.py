"""The bank's editorial fields as members meet them: editor's notes, why a pick is wrong, daily: false."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bot.domain.questions import Choice, KeyPoint, Kind, Question
from bot.exts.daily import embeds as daily_embeds
from bot.exts.practice import embeds as practice_embeds
from bot.exts.quiz import embeds as quiz_embeds
from bot.exts.shared.questions import right_choice
from bot.questionbank.bank import Bank
from bot.questionbank.limits import QUESTION_CAPS
from bot.services.answers import DailyResult
from bot.services.quiz_snapshots import QuizQuestionResult
from tests.sim.harness import advance, assert_within_discord_limits, click, invoke

from .conftest import MakeQotd, Qotd
from .test_daily import posted_question, reveal_of, set_up
from .test_practice import buttons

NOTE = "The seed says listeners run asynchronously; `emit()` calls them **synchronously**, in order."


def _bank(full_bank: Bank, *questions) -> Bank:
    return Bank(questions=tuple(questions), topics=full_bank.topics, groups={})


def _page_texts(q: Qotd) -> str:
    return "\n".join(str(m.embeds[0].to_dict()) for m in q.posts() if m.embeds)


async def test_a_daily_false_question_is_never_posted_but_question_finds_it(make_qotd: MakeQotd, full_bank):
    short = sorted((x for x in full_bank.questions if x.kind is Kind.OPEN), key=lambda x: len(x.full_answer))
    hidden = replace(short[0], daily=False, editor_note=NOTE)
    q = await make_qotd(bank=_bank(full_bank, hidden, *short[1:3]))
    await set_up(q)
    await advance(q.world, timedelta(days=4, hours=9, minutes=1))  # five posts and four reveals

    posted = [m for m in q.posts() if m.embeds and m.embeds[0].title.startswith("Question of the day")]
    assert len(posted) == 5
    assert hidden.prompt[:80] not in _page_texts(q)
    history = await q.services.schedules.history(q.world.guild.id, limit=10)
    assert hidden.id not in {post.question_id for post in history}

    alice = q.world.member("alice")
    found = await invoke(q.world, alice, q.general, "question", query=hidden.id)
    assert hidden.prompt[:80] in found.text
    revealed = await click(q.world, alice, found.messages[0], label="Reveal the answer")
    assert "Editor's note" in revealed.text  # the answer fits one page: the note ends it
    assert NOTE in revealed.text
    assert revealed.text.index(hidden.full_answer[:60]) < revealed.text.index("Editor's note")
    q.check_every_message()


async def test_the_reveal_shows_the_editors_note_and_a_member_sees_why_their_pick_was_wrong(
    make_qotd: MakeQotd, full_bank
):
    mcq = next(x for x in full_bank.questions if x.kind is Kind.MCQ)
    wrong, other = [c.key for c in mcq.choices if c.key != mcq.correct_choice][:2]
    why = f"{wrong} is not it: that option does something else entirely."
    # Only `wrong` says why (the bank may explain every wrong choice of this question).
    choices = tuple(replace(c, why=why if c.key == wrong else "") for c in mcq.choices)
    edited = replace(mcq, editor_note=NOTE, choices=choices)
    q = await make_qotd(bank=_bank(full_bank, edited))
    await set_up(q)
    await advance(q.world, timedelta(hours=9, minutes=1))
    (post,) = q.posts()
    question, _ = await posted_question(q)
    assert question.id == edited.id
    alice, bob, carol = (q.world.member(name) for name in ("alice", "bob", "carol"))
    await click(q.world, alice, post, label=wrong)
    await click(q.world, bob, post, label=mcq.correct_choice)
    await click(q.world, carol, post, label=other)
    assert NOTE not in _page_texts(q)  # nothing of it before the reveal
    assert why not in _page_texts(q)

    await advance(q.world, timedelta(hours=23, minutes=50))  # revealed, and the next day not posted yet
    reveal = reveal_of(q, 1).embeds[0]
    names = [f.name for f in reveal.fields]
    assert reveal.description.endswith(right_choice(question))  # the answer ends the description...
    assert names[0] == "📝 Editor's note"  # ... and the note follows right after the answer it corrects
    assert reveal.fields[0].value == NOTE
    assert why not in str(reveal.to_dict())  # the public reveal does not single out anyone's pick

    alices = await click(q.world, alice, reveal_of(q, 1), label="My result")
    assert f"Why not {wrong}" in alices.text
    assert why in alices.text
    bobs = await click(q.world, bob, reveal_of(q, 1), label="My result")
    assert "Why not" not in bobs.text  # right: nothing to explain
    carols = await click(q.world, carol, reveal_of(q, 1), label="My result")
    assert "Why not" not in carols.text  # the bank does not say why this one is wrong

    full = await click(q.world, alice, reveal_of(q, 1), label="Full answer")
    while buttons(full.messages[0]).get("Next ▶") is False:
        full = await click(q.world, alice, full.messages[0], label="Next ▶")
    assert full.text.rstrip().endswith(NOTE)  # the last page ends with the note
    q.check_every_message()


def _largest(full_bank: Bank) -> Question:
    """A multiple-choice question with every text the bank allows at its cap."""
    caps = QUESTION_CAPS
    mcq = next(x for x in full_bank.questions if x.kind is Kind.MCQ)
    return replace(
        mcq,
        prompt="p" * caps.prompt.chars,
        short_answer="s" * caps.short_answer.chars,
        explanation="e" * caps.explanation.chars,
        editor_note="n" * caps.editor_note.chars,
        choices=tuple(
            Choice(key, "c" * caps.choices.chars, "" if key == "A" else "w" * caps.choice_why.chars)
            for key in "ABCDEFGHIJ"
        ),
        correct_choice="A",
        key_points=tuple(KeyPoint("k" * caps.key_points.chars) for _ in range(caps.key_points.items or 1)),
        follow_ups=tuple("f" * caps.follow_ups.chars for _ in range(caps.follow_ups.items or 1)),
    )


def test_the_reveal_and_a_quiz_result_with_every_text_at_its_cap_fit_discord(full_bank):
    largest = _largest(full_bank)
    reveal = daily_embeds.reveal_embed(
        day_number=999,
        question=largest,
        topic_title="t" * 200,
        answer_count=10**6,
        correct_count=10**5,
        links=daily_embeds.RevealLinks(post="https://discord.com/channels/1/2/3", thread_id=4),
    )
    assert_within_discord_limits(reveal)
    assert "📝 Editor's note" in [f.name for f in reveal.fields]
    mine = daily_embeds.result_embed(
        DailyResult(
            post_id=1,
            question=largest,
            answered=True,
            text=None,
            choice="B",
            correct=False,
            hits=(),
            misses=(),
            points=0,
            streak=3,
            self_grade=None,
        )
    )
    assert_within_discord_limits(mine)
    assert "Why not B" in [f.name for f in mine.fields]
    result = QuizQuestionResult(1, 1, 1, largest, "A", [], None, finished=True)
    shown = quiz_embeds.result_embed(result)
    assert_within_discord_limits(shown)
    assert {"Why not the others", "📝 Editor's note"} <= {f.name for f in shown.fields}
    for page in daily_embeds.full_answer_pages(largest):
        assert_within_discord_limits(daily_embeds.full_answer_embed(largest, [page], 0))
    assert practice_embeds.answer_text(largest).endswith("n" * 100)
