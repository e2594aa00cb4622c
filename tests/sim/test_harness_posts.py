"""The daily post sent by a background task: mentions, nonce, thread, its button and modal."""

from __future__ import annotations

import discord
import pytest

from .harness import (
    World,
    assert_no_pings,
    click,
    pinged_role_ids,
    sent_payloads,
    submit,
    thread_of,
)
from .spike_bot import SpikeBot, SpikeStore, first_post, post_nonce


async def test_post_pings_nobody_by_default(world: World[SpikeBot], spike: SpikeBot) -> None:
    post = await first_post(world)
    assert post.content == "Question of the day #1 for 2026-01-01"
    assert post.embeds[0].title == "What does the event loop do?"
    assert_no_pings(world, post)


async def test_post_pings_only_the_chosen_role(world: World[SpikeBot], spike: SpikeBot) -> None:
    daily = world.guild.create_role("Daily")
    post = await first_post(world, ping_role=daily)
    assert post.content.startswith(f"{daily.mention} Question of the day #1")
    assert pinged_role_ids(world, post) == [daily.id]
    assert_no_pings(world, post, allowed_roles=[daily])
    with pytest.raises(AssertionError, match="allows roles"):
        assert_no_pings(world, post)


async def test_post_is_sent_with_a_nonce(world: World[SpikeBot], spike: SpikeBot) -> None:
    await first_post(world)
    (payload,) = sent_payloads(world, world.channels["qotd"])
    assert payload["nonce"] == post_nonce(world.guild.id, world.clock.now().date())
    assert payload["enforce_nonce"] is True
    assert len(payload["nonce"]) <= 25


async def test_simcord_does_not_deduplicate_nonces(world: World[SpikeBot], spike: SpikeBot) -> None:
    """simcord-only: Discord would return the first message again; simcord posts twice."""
    channel = spike.get_channel(world.channels["qotd"].id)
    assert isinstance(channel, discord.TextChannel)
    first = await channel.send("once", nonce="same-nonce")
    second = await channel.send("once", nonce="same-nonce")
    assert first.id != second.id
    assert second.nonce is None  # the nonce is not echoed back either


async def test_post_opens_a_thread(world: World[SpikeBot], spike: SpikeBot, store: SpikeStore) -> None:
    post = await first_post(world)
    thread = thread_of(world, post)
    assert thread.name == "Answers 2026-01-01"
    assert thread.is_thread
    assert store.posts[1].thread_id == thread.id == post.id
    # simcord also adds a "started a thread" system message, authored by the bot, to the channel.
    last = world.channels["qotd"].last_message
    assert last is not None
    assert last.type == discord.MessageType.thread_created


async def test_answer_button_opens_a_modal_with_a_default(world: World[SpikeBot], spike: SpikeBot) -> None:
    post = await first_post(world)
    alice = world.member("alice")

    shown = await click(world, alice, post, label="Answer")
    assert shown.callback_types == [9]  # MODAL
    form = shown.modal
    assert form is not None
    assert (form.custom_id, form.title) == ("qotd:answer-modal:1", "Your answer to #1")
    field = form.fields["answer"]
    assert (field.label, field.paragraph, field.default, field.max_length) == (
        "Answer",
        True,
        "My answer: ",
        4000,
    )

    # A member who keeps the pre-filled text submits the default itself.
    done = await submit(world, alice, shown, {"answer": field.default + "it schedules callbacks"})
    assert done.ephemeral
    assert done.content == "Saved your answer to #1 (33 characters)."

    # Next time the modal is pre-filled with what they answered.
    again = await click(world, alice, post, label="Answer")
    assert again.modal is not None
    assert again.modal.fields["answer"].default == "My answer: it schedules callbacks"


async def test_each_member_gets_their_own_modal(
    world: World[SpikeBot], spike: SpikeBot, store: SpikeStore
) -> None:
    post = await first_post(world)
    for member, text in ((world.member("alice"), "a"), (world.member("bob"), "b")):
        shown = await click(world, member, post, custom_id="qotd:answer:1")
        await submit(world, member, shown, {"answer": text})
    assert store.answers == {(1, world.member("alice").id): "a", (1, world.member("bob").id): "b"}
