"""Every private reply fits Discord's limits, however long the text a rule or an upload produced."""

from __future__ import annotations

import discord

from bot.domain import limits
from bot.domain.errors import InvalidImport
from bot.exts.shared.replies import ERROR_COLOUR, error_text, fit_embed, fit_embeds
from tests.sim.harness import assert_within_discord_limits


def test_an_error_reply_with_a_huge_reason_is_cut_with_a_visible_ellipsis():
    error = InvalidImport(
        "the numbering declares 40 questions; found 3976: " + "Q-1 appears 100 times; " * 400
    )
    embed = fit_embed(discord.Embed(description=error_text(error), colour=ERROR_COLOUR))

    assert_within_discord_limits(embed)
    assert embed.description is not None
    assert limits.EMBED_DESCRIPTION - 20 < len(embed.description) <= limits.EMBED_DESCRIPTION
    assert embed.description.endswith("…")
    assert embed.description.startswith("I couldn't import that file: the numbering declares 40 questions")


def test_every_part_of_an_embed_is_cut_to_its_limit_and_the_whole_to_6000():
    embed = discord.Embed(title="T" * 300, description="d" * 5000)
    for i in range(30):
        embed.add_field(name="n" * 300, value=f"{i} " + "v" * 2000, inline=False)
    embed.set_footer(text="f" * 3000)
    embed.set_author(name="a" * 300)

    fitted = fit_embed(embed)

    assert_within_discord_limits(fitted)
    assert len(fitted) <= limits.EMBED_TOTAL
    assert len(fitted.fields) == limits.EMBED_FIELDS
    assert fitted.title is not None
    assert fitted.title.endswith("…")
    assert fitted.footer.text is not None
    assert fitted.footer.text.endswith("…")
    assert fitted.fields[0].value is not None
    assert fitted.fields[0].value.startswith("0 v")  # the first fields keep their text longest
    assert len(embed.description or "") == 5000  # the original is left as it was


def test_a_small_embed_is_left_as_it_is_and_several_share_the_6000():
    small = discord.Embed(title="Import preview", description="Found **3 questions**.")
    small.add_field(name="1. open", value="What is a closure?")
    assert fit_embed(small).to_dict() == small.to_dict()

    many = fit_embeds([discord.Embed(description="x" * 4000) for _ in range(3)])

    assert sum(len(e) for e in many) <= limits.EMBED_TOTAL
    assert_within_discord_limits(many)
