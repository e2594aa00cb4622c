"""The reveal tells the whole story, and the closed post points to it (issue 13), as members read them."""

from __future__ import annotations

from datetime import timedelta

from bot.domain.questions import Kind
from bot.exts.shared.formatting import message_link
from tests.sim.harness import advance, click, thread_of

from .conftest import MakeQotd, only_kind
from .test_daily import buttons, first_post, refreshed, reveal_of


def _text(message) -> str:
    """Everything a member reads in a message's embeds: title, description, fields, footer."""
    parts = []
    for embed in message.embeds:
        parts += [embed.title or "", embed.description or "", embed.footer.text or ""]
        parts += [f"{field.name}\n{field.value}" for field in embed.fields]
    return "\n".join(parts)


async def test_the_reveal_restates_the_question_links_post_and_thread_and_the_post_says_it_is_closed(
    make_qotd: MakeQotd, full_bank
):
    q = await make_qotd(bank=only_kind(full_bank, Kind.OPEN))
    post, question = await first_post(q, thread=True)
    assert "Press Answer to reply privately" in _text(post)
    await click(q.world, q.world.member("alice"), post, label="Answer")

    await advance(q.world, timedelta(hours=24))
    reveal = reveal_of(q, 1)
    shown = _text(reveal)
    assert reveal.embeds[0].title == "Answer to question #1"
    # The question itself, with its topic, before the answer.
    topic = q.bot.services.bank.topic_title(question.topic)
    assert f"**The question** · {topic}" in shown
    assert shown.index(" ".join(question.prompt.split()[:8])) < shown.index(question.short_answer[:60])
    # Links to the post and to its discussion thread.
    thread = thread_of(q.world, post)
    links = next(f.value for f in reveal.embeds[0].fields if f.name == "Links")
    assert f"[Go to the question]({message_link(q.world.guild.id, post.channel.id, post.id)})" in links
    assert f"<#{thread.id}>" in links

    closed = refreshed(q, post)
    closed_text = _text(closed)
    assert all(b.disabled for b in buttons(closed))
    assert "Press Answer to reply privately" not in closed_text
    assert "you can edit your answer until the reveal" not in closed_text
    assert "Answers are closed" in closed_text
    assert f"[see the answer]({reveal.jump_url})" in closed_text
    assert question.prompt[:80] in closed.embeds[0].description  # still the question, as it was asked
    q.check_every_message()


async def test_a_multiple_choice_reveal_shows_the_right_choice_once(make_qotd: MakeQotd, full_bank):
    q = await make_qotd(bank=only_kind(full_bank, Kind.MCQ))
    post, question = await first_post(q)
    alice = q.world.member("alice")
    right = question.correct_choice
    first = await click(q.world, alice, post, label=right)
    assert f"You chose **{right}**" in first.text
    again = await click(q.world, alice, post, label=right)
    assert f"You already chose **{right}**" in again.text
    assert "Changed your choice" not in again.text
    other = next(c.key for c in question.choices if c.key != right)
    changed = await click(q.world, alice, post, label=other)
    assert f"Changed your choice to **{other}**" in changed.text

    await advance(q.world, timedelta(hours=24))
    shown = _text(reveal_of(q, 1))
    choice = question.choice(right)
    assert choice is not None
    assert shown.count(f"**{right})**") == 1  # the right option once, not again in a field
    assert shown.count(choice.text) == 1
    assert "Correct answer: " not in shown  # no "Correct answer: C) ..." line repeating the choice
    assert "**Correct answer**" in shown
    q.check_every_message()
