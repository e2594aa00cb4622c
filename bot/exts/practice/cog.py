"""/practice, /review and /question: private study with spaced repetition, and looking questions up.

Everything here is private (ephemeral) except a question a member chooses to
share. Each command validates its options, calls the services and renders;
the buttons that carry a run on live in ``components`` and ``lookup``.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain import limits
from bot.domain.errors import DomainError, echo
from bot.domain.pages import truncate
from bot.domain.questions import Difficulty
from bot.domain.short_ids import is_server_id
from bot.domain.topics import find_topic
from bot.exts.practice.components import SESSION_ITEMS, Screen, next_screen
from bot.exts.practice.lookup import LOOKUP_ITEMS, lookup_screen
from bot.exts.practice.reminders import ReminderRound, RemindersOffButton, reminders_text
from bot.exts.practice.state import Mode, Session
from bot.exts.shared.buttons import DynamicItems
from bot.exts.shared.choices import DIFFICULTIES
from bot.exts.shared.replies import member_ref, send_private
from bot.exts.shared.topics import topic_choices

if TYPE_CHECKING:
    from bot.app import QotdBot

DYNAMIC_ITEMS: DynamicItems = (
    *SESSION_ITEMS,
    *LOOKUP_ITEMS,
    RemindersOffButton,
)
SWITCH = [app_commands.Choice(name="on", value="on"), app_commands.Choice(name="off", value="off")]


async def show_private(interaction: discord.Interaction, screen: Screen) -> None:
    await send_private(interaction, screen.content, embed=screen.embed, view=screen.view)


class PracticeCog(commands.Cog):
    """Private practice, reviews of due cards with an optional daily reminder, and question lookup."""

    def __init__(self, bot: QotdBot) -> None:
        self.bot = bot
        self.reminders = ReminderRound(bot)
        self.alarm = bot.make_alarm(self.send_reminders)

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*DYNAMIC_ITEMS)
        self.alarm.start()

    async def cog_unload(self) -> None:
        await self.alarm.stop()
        self.bot.remove_dynamic_items(*DYNAMIC_ITEMS)

    async def send_reminders(self) -> datetime | None:
        """The alarm's wake: send the review reminders that are due."""
        return await self.reminders()

    @app_commands.command(
        name="practice", description="Practise on your own: a private question, then rate your recall"
    )
    @app_commands.describe(
        topic="Only this topic area (default: any)", difficulty="Only this difficulty (default: any)"
    )
    @app_commands.choices(difficulty=DIFFICULTIES)
    @app_commands.guild_only()
    async def practice(
        self,
        interaction: discord.Interaction,
        topic: str | None = None,
        difficulty: app_commands.Choice[str] | None = None,
    ) -> None:
        """Practise privately; how well you remembered decides when a question comes back in /review."""
        number = find_topic(topic, self.bot.services.bank.topics).number if topic else 0
        session = Session(Mode.PRACTICE, number, Difficulty(difficulty.value) if difficulty else None)
        await show_private(interaction, await next_screen(interaction, session))

    @practice.autocomplete("topic")
    async def _topics(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return topic_choices(self.bot, current)

    @app_commands.command(name="review", description="Go through your review cards that are due, privately")
    @app_commands.describe(
        reminders="Turn the daily direct message about due reviews on or off instead",
        time="When the reminder comes, server time, e.g. 08:00 (default: when the question is posted)",
    )
    @app_commands.choices(reminders=SWITCH)
    @app_commands.guild_only()
    async def review(
        self,
        interaction: discord.Interaction,
        reminders: app_commands.Choice[str] | None = None,
        time: app_commands.Range[str, 1, 20] | None = None,
    ) -> None:
        """Review the questions that are due again; or turn the daily reminder DM on or off, at a time you pick."""
        if reminders is None and time is None:
            await show_private(interaction, await next_screen(interaction, Session(Mode.REVIEW)))
            return
        on = reminders is None or reminders.value == "on"  # a time alone turns them on
        settings = await self.bot.services.reviews.set_reminders(member_ref(interaction), on, time)
        await send_private(interaction, reminders_text(settings))

    @app_commands.command(
        name="question", description="Look up a question from the bank; the answer stays hidden until you ask"
    )
    @app_commands.describe(query="Words from the question (pick one from the list as you type)")
    @app_commands.guild_only()
    async def question(
        self, interaction: discord.Interaction, query: app_commands.Range[str, 1, 200]
    ) -> None:
        """Find a question by its text and see it privately, with its answer one click away.

        Today's question is refused until its reveal (``TodaysQuestion``): it is answered, not looked up.
        """
        services = self.bot.services
        guild_id = member_ref(interaction).guild_id
        own = is_server_id(query, guild_id)  # this server's question, by the id /bank list shows
        found = services.bank.get(query) or (
            None if own else next(iter(services.bank.search(query, limit=1)), None)
        )
        if found is None and not own:
            raise DomainError(f"No question matches {echo(query)}; pick one from the list as you type.")
        question = await services.practice.question(guild_id, found.id if found else query)
        await show_private(interaction, lookup_screen(interaction, question))

    @question.autocomplete("query")
    async def _questions(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None:
            return []
        services = self.bot.services
        embargo = await services.practice.embargo(interaction.guild_id)
        # Asked for a few more than fit, so leaving today's question (and its group) out still fills the list.
        found = services.bank.search(current, limit=limits.AUTOCOMPLETE_CHOICES + len(embargo.question_ids))
        return [
            app_commands.Choice(
                name=truncate(" ".join(q.prompt.split()) or q.id, limits.CHOICE_NAME), value=q.id
            )
            for q in found
            if not embargo.covers(q.id)
        ][: limits.AUTOCOMPLETE_CHOICES]
