"""/help: what the bot does, what members can do, and how points work."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.scoring import SCORING_RULES
from bot.exts.shared.replies import send_private

if TYPE_CHECKING:
    from bot.app import QotdBot

ABOUT = (
    "Every day at your server's local time I post an interview question. Answer it privately with the "
    "button under the post (or pick a letter); nobody sees your answer before the reveal. Later I reveal the "
    "model answer, and **My result** tells you which key points you hit and missed and how your points were "
    "made. Think the grade missed something? **Ask for a review** there; **Share my answer** posts your "
    "answer in the day's thread (only when you press it).\n\n"
    "Between daily questions: `/quiz start` runs a timed quiz for the whole channel, `/practice` and "
    "`/review` drill you privately with spaced repetition, and `/leaderboard`, `/rank`, `/streak` and "
    "`/stats` show how everyone is doing."
)
ADMIN = (
    "`/qotd setup` picks the channel, time and time zone; `/qotd status` shows the next post and any problem; "
    "`/qotd pause`, `resume`, `skip`, `post-now`, `preview`, `history`. Admin commands need Manage Server.\n"
    "Moderators (Manage Messages, or the `reviewer_role` of `/qotd setup`): `/moderate reviews` lists the "
    "answers members asked to have reviewed (set or keep the score, with a reason; mark a best answer), "
    "`/moderate best-answer` posts a member's answer to the latest question in its thread, and "
    "`/moderate suggestions` (or `/bank suggestions`) approves, edits or rejects the questions members "
    "suggest with `/suggest`."
)


def help_embed(member_commands: list[tuple[str, str]]) -> discord.Embed:
    embed = discord.Embed(
        title="Question of the day: how it works", description=ABOUT, colour=discord.Colour.blurple()
    )
    if member_commands:
        embed.add_field(
            name="Commands for everyone",
            value="\n".join(f"`/{name}`: {text}" for name, text in member_commands)[:1024],
            inline=False,
        )
    embed.add_field(name="Points", value=SCORING_RULES[:1024], inline=False)
    embed.add_field(name="For admins and moderators", value=ADMIN, inline=False)
    return embed


class Help(commands.Cog):
    def __init__(self, bot: QotdBot) -> None:
        self.bot = bot

    def _member_commands(self) -> list[tuple[str, str]]:
        out = []
        for command in self.bot.tree.get_commands():
            if isinstance(command, app_commands.Command) and command.default_permissions is None:
                out.append((command.name, command.description))
            elif isinstance(command, app_commands.Group) and command.default_permissions is None:
                out.extend((f"{command.name} {sub.name}", sub.description) for sub in command.commands)
        return sorted(out)

    @app_commands.command(name="help", description="What this bot does, your commands, and how scoring works")
    async def help(self, interaction: discord.Interaction) -> None:
        """Show what the bot does and how scoring works."""
        await send_private(interaction, embed=help_embed(self._member_commands()))
