"""/question's buttons: reveal the answer privately, or share the question (never the answer) in the channel.

Sharing lets a member start a discussion about a question they looked up; the
shared message carries its own "Reveal the answer" button, so everyone who
wants the answer gets it privately and nobody has it spoiled. It posts
publicly, so each member may share once per ``SHARE_COOLDOWN`` seconds.
"""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.questions import Question
from bot.exts.practice import embeds
from bot.exts.practice.components import Screen, answer_screen, question_named
from bot.exts.practice.state import QUESTION_ID, Mode, Session
from bot.exts.shared.buttons import CustomId, DynamicItems, StatefulButton
from bot.exts.shared.context import services_of
from bot.exts.shared.replies import NO_PINGS, replies_errors, send_private

SHARE_COOLDOWN = 30.0
LOOKUP = Session(Mode.LOOKUP)
REVEAL_ID = CustomId("srs:reveal", question_id=QUESTION_ID)
SHARE_ID = CustomId("srs:share", question_id=QUESTION_ID)
LOOKUP_HINT = "Only you see this. Reveal the answer when you're ready, or share the question to discuss it."

_shares: commands.CooldownMapping[discord.Interaction] = commands.CooldownMapping.from_cooldown(
    1, SHARE_COOLDOWN, lambda interaction: (interaction.guild_id, interaction.user.id)
)


def lookup_screen(interaction: discord.Interaction, question: Question) -> Screen:
    """A looked-up question, private, with Reveal and Share."""
    embed = embeds.question_embed(
        question,
        title="Question",
        topic_title=services_of(interaction).bank.topic_title(question.topic),
        hint=LOOKUP_HINT,
    )
    view = discord.ui.View(timeout=None)
    view.add_item(RevealButton(question.id))
    view.add_item(ShareButton(question.id))
    return Screen(embed, view)


class RevealButton(StatefulButton, custom_id=REVEAL_ID):
    question_id: str

    label = "Reveal the answer"
    style = discord.ButtonStyle.success
    emoji = "📖"

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        # A new private message: the lookup (or the shared post) keeps its buttons.
        screen = answer_screen(await question_named(interaction, self.question_id), LOOKUP)
        await send_private(interaction, embed=screen.embed, view=screen.view)


class ShareButton(StatefulButton, custom_id=SHARE_ID):
    question_id: str

    label = "Share in channel"
    emoji = "📣"

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        bucket = _shares.get_bucket(interaction)
        retry_after = bucket.update_rate_limit() if bucket is not None else None
        if retry_after is not None and bucket is not None:
            raise app_commands.CommandOnCooldown(bucket, retry_after)
        question = await question_named(interaction, self.question_id)
        embed = embeds.question_embed(
            question,
            title="Question shared for discussion",
            topic_title=services_of(interaction).bank.topic_title(question.topic),
            hint="Reveal the answer privately with the button; discuss below.",
        )
        embed.add_field(name="Shared by", value=interaction.user.mention)  # embeds never ping
        view = discord.ui.View(timeout=None)
        view.add_item(RevealButton(question.id))
        await interaction.response.send_message(embed=embed, view=view, allowed_mentions=NO_PINGS)


LOOKUP_ITEMS: DynamicItems = (RevealButton, ShareButton)
