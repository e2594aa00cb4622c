"""/quiz start and /quiz stop: a quiz for everyone in a channel, one question at a time.

Discord does not let a command with subcommands run on its own, so the quiz
starts with ``/quiz start`` (next to ``/quiz stop``). The commands validate,
call the quiz service and hand the running quiz to the ``QuizRunner``, which
posts the questions and results on time and resumes quizzes after a restart.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.errors import DomainError, NoActiveQuiz
from bot.domain.quiz import MAX_QUESTIONS, MIN_QUESTIONS
from bot.domain.topics import find_topic
from bot.exts.quiz import embeds
from bot.exts.quiz.components import DYNAMIC_ITEMS, FORM_ID, submit_quiz_form
from bot.exts.quiz.my_result import QuizMyResultButton
from bot.exts.quiz.runner import QuizRunner
from bot.exts.shared.checks import POST_PERMISSIONS, THREAD_PERMISSIONS, is_admin
from bot.exts.shared.choices import DIFFICULTIES
from bot.exts.shared.cooldowns import MemberCooldown
from bot.exts.shared.formatting import plural
from bot.exts.shared.replies import member_ref, send_private
from bot.exts.shared.topics import topic_choices

if TYPE_CHECKING:
    from bot.app import QotdBot

COOLDOWN_SECONDS = 30
KINDS = [
    app_commands.Choice(name="Multiple choice", value="mcq"),
    app_commands.Choice(name="Open answers", value="open"),
]


def missing_here(interaction: discord.Interaction) -> list[str]:
    """The permissions the bot lacks in the channel of ``interaction`` to run a quiz there."""
    wanted = dict(POST_PERMISSIONS)
    if isinstance(interaction.channel, discord.Thread):
        del wanted["send_messages"]
        wanted["send_messages_in_threads"] = THREAD_PERMISSIONS["send_messages_in_threads"]
    have = interaction.app_permissions
    return [name for attr, name in wanted.items() if not getattr(have, attr)]


@app_commands.guild_only()
class QuizCog(commands.GroupCog, group_name="quiz", group_description="Quizzes for everyone in a channel"):
    def __init__(self, bot: QotdBot) -> None:
        self.bot = bot
        self.runner = QuizRunner(bot)
        self._resuming: asyncio.Task[None] | None = None
        super().__init__()
        # Each command has its own wait: stopping right after starting is fine.
        self._start_cooldown = MemberCooldown(1, COOLDOWN_SECONDS)
        self._stop_cooldown = MemberCooldown(1, COOLDOWN_SECONDS)

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*DYNAMIC_ITEMS, QuizMyResultButton)
        self.bot.forms.register(FORM_ID, submit_quiz_form)
        # Quizzes that were running before a restart go on once the bot is connected.
        self._resuming = asyncio.create_task(self.runner.resume(), name="quiz-resume")

    async def cog_unload(self) -> None:
        if self._resuming is not None:
            self._resuming.cancel()
            await asyncio.gather(self._resuming, return_exceptions=True)
        await self.runner.close()
        self.bot.remove_dynamic_items(*DYNAMIC_ITEMS, QuizMyResultButton)
        self.bot.forms.unregister(submit_quiz_form)

    @app_commands.command(name="start", description="Start a quiz for everyone in this channel")
    @app_commands.describe(
        topic="Only questions of this topic area (default: all)",
        difficulty="Only questions of this difficulty (default: any)",
        count=f"How many questions ({MIN_QUESTIONS}-{MAX_QUESTIONS}, default 5)",
        kind="Multiple choice (30 s each, bonus for the fastest) or open answers (2 min each)",
    )
    @app_commands.choices(difficulty=DIFFICULTIES, kind=KINDS)
    async def start(
        self,
        interaction: discord.Interaction,
        topic: str | None = None,
        difficulty: app_commands.Choice[str] | None = None,
        count: app_commands.Range[int, MIN_QUESTIONS, MAX_QUESTIONS] = 5,
        kind: app_commands.Choice[str] | None = None,
    ) -> None:
        """Start a quiz in this channel: everyone answers each question before the time runs out."""
        self._start_cooldown.hit(interaction)
        missing = missing_here(interaction)
        if missing:
            raise DomainError(
                f"I can't run a quiz here: I'm missing **{', '.join(missing)}** in this channel."
            )
        topic_id = find_topic(topic, self.bot.services.bank.topics).id if topic else None
        await interaction.response.defer(ephemeral=True, thinking=True)
        starter = member_ref(interaction)
        quiz = await self.bot.services.quizzes.start(
            starter.guild_id,
            interaction.channel_id,
            starter,
            topic=topic_id,
            difficulty=difficulty.value if difficulty else None,
            count=count,
            kind=kind.value if kind else None,
        )
        self.runner.start(quiz.quiz_id, quiz.channel_id, announce=embeds.start_embed(quiz))
        fewer = f" (only {quiz.question_count} matched)" if quiz.question_count < count else ""
        await send_private(
            interaction,
            f"Your quiz of {plural(quiz.question_count, 'question')}{fewer} is starting. "
            "You (or an admin) can end it early with /quiz stop.",
        )

    @start.autocomplete("topic")
    async def _topics(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return topic_choices(self.bot, current)

    @app_commands.command(name="stop", description="Stop this channel's quiz (its starter or an admin)")
    async def stop(self, interaction: discord.Interaction) -> None:
        """Stop the quiz running in this channel and post the standings so far."""
        self._stop_cooldown.hit(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        quizzes = self.bot.services.quizzes
        running = await quizzes.running_in(interaction.channel_id)
        if running is None:
            raise NoActiveQuiz()
        await quizzes.stop(running.quiz_id, member_ref(interaction), is_admin=is_admin(interaction))
        await self.runner.stop(running.quiz_id, running.channel_id, stopped_by=interaction.user.id)
        await send_private(interaction, "Quiz stopped; the standings so far are posted in the channel.")
