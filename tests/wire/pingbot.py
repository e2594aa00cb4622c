"""A small, real discord.py bot used to prove the emulator, and a helper to run it against one.

Commands: ``/ping`` (answers "pong"), ``/slow`` (defers, edits @original, follows up), ``/late``
(answers only after sleeping, to miss the deadline), ``/ask`` (buttons: one opens a modal whose
submission is answered ephemerally, one edits the message), ``/retract`` (reads, edits and deletes through the
interaction webhook), ``/topic`` (autocompletes),
``/echo`` (repeats its options). Run as a module it starts the
bot with ``DISCORD_TOKEN`` (for the subprocess tests, through ``emulator.launch``).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from collections.abc import AsyncIterator
from typing import Protocol

import discord
from discord import app_commands
from discord.ext import commands

from .emulator import point_discord_at


class AnswerModal(discord.ui.Modal, title="Your answer"):
    answer: discord.ui.TextInput[AnswerModal] = discord.ui.TextInput(
        label="Answer", custom_id="answer", max_length=200
    )

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"recorded: {self.answer.value}", ephemeral=True)


class AnswerView(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.button(label="Answer", custom_id="qotd:answer", style=discord.ButtonStyle.primary)
    async def answer(self, interaction: discord.Interaction, button: discord.ui.Button[AnswerView]) -> None:
        await interaction.response.send_modal(AnswerModal())

    @discord.ui.button(label="Close", custom_id="qotd:close", style=discord.ButtonStyle.secondary)
    async def close(self, interaction: discord.Interaction, button: discord.ui.Button[AnswerView]) -> None:
        for item in self.children:
            if isinstance(item, discord.ui.Button):
                item.disabled = True
        content = f"{interaction.message.content if interaction.message else ''} (closed)"
        await interaction.response.edit_message(content=content, view=self)


class PingBot(commands.Bot):
    def __init__(self, *, sync: bool = True, **options: object) -> None:
        options.setdefault("guild_ready_timeout", 0.05)
        super().__init__(command_prefix=commands.when_mentioned, intents=discord.Intents.default(), **options)
        self.sync_on_start = sync
        self.errors: list[Exception] = []  # what the commands caught from discord.py
        self.resumed = asyncio.Event()
        self._add_commands()

    async def setup_hook(self) -> None:
        self.add_view(AnswerView())
        if self.sync_on_start:
            await self.tree.sync()

    async def on_resumed(self) -> None:
        self.resumed.set()

    def _add_commands(self) -> None:
        @self.tree.command(name="ping", description="Is the bot alive?")
        async def ping(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("pong")

        @self.tree.command(name="slow", description="Think first, answer later")
        async def slow(interaction: discord.Interaction, seconds: float = 0.2) -> None:
            await interaction.response.defer(thinking=True)
            await asyncio.sleep(seconds)
            await interaction.edit_original_response(content=f"thought for {seconds}s")
            await interaction.followup.send("and one more thing")

        @self.tree.command(name="late", description="Answers after the deadline")
        async def late(interaction: discord.Interaction, seconds: float) -> None:
            await asyncio.sleep(seconds)
            try:
                await interaction.response.send_message("too late?")
            except discord.HTTPException as error:
                self.errors.append(error)

        @self.tree.command(name="ask", description="Post a question with an answer button")
        async def ask(interaction: discord.Interaction, question: str) -> None:
            await interaction.response.send_message(question, view=AnswerView())

        @self.tree.command(name="retract", description="Answer, correct, take back")
        async def retract(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("first try")
            original = await interaction.original_response()
            correction = await interaction.followup.send("draft", wait=True)
            await correction.edit(content="corrected")
            await original.delete()

        @self.tree.command(name="topic", description="Pick a topic")
        async def topic(interaction: discord.Interaction, name: str) -> None:
            await interaction.response.send_message(f"topic: {name}")

        @topic.autocomplete("name")
        async def topic_names(
            interaction: discord.Interaction, current: str
        ) -> list[app_commands.Choice[str]]:
            names = ["python", "postgres", "networking", "pytest"]
            return [app_commands.Choice(name=n, value=n) for n in names if n.startswith(current)]

        @self.tree.command(name="echo", description="Repeat the options")
        @app_commands.describe(text="what to say", times="how often", who="whom to name")
        async def echo(
            interaction: discord.Interaction, text: str, times: int = 1, who: discord.Member | None = None
        ) -> None:
            name = who.display_name if who else "nobody"
            await interaction.response.send_message(f"{text * times} for {name}")


class Target(Protocol):
    """An ``Emulator`` or a ``RemoteEmulator``."""

    base_url: str
    token: str

    @property
    def gateway_url(self) -> str: ...


@contextlib.asynccontextmanager
async def running_bot(
    target: Target, bot: commands.Bot, *, ready_within: float = 20.0
) -> AsyncIterator[commands.Bot]:
    """Start ``bot`` against an emulator and wait for ``on_ready``; close it on exit."""
    with point_discord_at(target.base_url, target.gateway_url):
        task = asyncio.create_task(bot.start(target.token), name="pingbot")
        try:
            deadline = time.monotonic() + ready_within
            while not bot.is_ready():
                if task.done():
                    task.result()  # raises what stopped the bot
                    raise RuntimeError("the bot stopped before it was ready")
                if time.monotonic() > deadline:
                    raise TimeoutError(f"the bot was not ready within {ready_within}s")
                await asyncio.sleep(0.01)
            yield bot
        finally:
            await bot.close()
            with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                await asyncio.wait_for(task, 10.0)


def main() -> None:
    bot = PingBot()
    asyncio.run(bot.start(os.environ["DISCORD_TOKEN"]))


if __name__ == "__main__":
    main()
