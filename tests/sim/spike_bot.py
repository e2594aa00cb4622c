"""A tiny bot with exactly the Discord features qotd-bot uses, to verify simcord against.

It is not the real bot: state lives in a ``SpikeStore`` (a stand-in for the
database, shared across restarts) and the rules are trivial. What matters is
that each discord.py feature is used the way the real bot will use it:

- ``/qotd setup`` (str, int, channel, role options; autocomplete on ``timezone``;
  Manage Server checked in code), ``/qotd status`` (deferred + follow-up),
  ``/qotd upload`` (attachment option), ``/qotd chart`` (PNG reply rendered in a
  worker thread), ``/qotd remind`` (a DM, which may be refused), ``/qotd boom``
  (an unhandled error), ``/help`` (a public embed);
- a daily post sent by a background alarm reading an injected clock, with
  ``allowed_mentions``, a ``nonce`` (discord.py adds ``enforce_nonce``), a thread, and a persistent
  ``DynamicItem`` button whose callback opens a modal with a pre-filled default.

``set_up`` and ``first_post`` at the end drive it from tests.
"""

from __future__ import annotations

import asyncio
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

import discord
import simcord
import yaml
from discord import app_commands
from discord.ext import commands

from bot.domain.clock import Clock
from bot.scheduler import LoopAlarm

from .harness import Reply, World, advance, invoke, last_bot_message


@dataclass
class Schedule:
    channel_id: int
    post_time: str  # "HH:MM" in ``timezone``
    timezone: str
    reveal_after_minutes: int | None
    ping_role_id: int | None
    next_post_at: datetime  # aware UTC


@dataclass
class Post:
    id: int
    guild_id: int
    channel_id: int
    local_date: date
    message_id: int | None = None
    thread_id: int | None = None


@dataclass
class SpikeStore:
    """What the real bot keeps in its database; survives a bot restart."""

    schedules: dict[int, Schedule] = field(default_factory=dict)
    posts: dict[int, Post] = field(default_factory=dict)
    answers: dict[tuple[int, int], str] = field(default_factory=dict)
    failures: list[tuple[int, int]] = field(default_factory=list)  # (guild_id, discord error code)
    removed_guilds: list[int] = field(default_factory=list)
    wakes: int = 0

    def next_post_id(self) -> int:
        return len(self.posts) + 1


def next_occurrence(post_time: str, zone: str, after: datetime) -> datetime:
    """The first instant strictly after ``after`` when it is ``post_time`` in ``zone``."""
    tz = ZoneInfo(zone)
    hour, minute = (int(part) for part in post_time.split(":"))
    local_day = after.astimezone(tz).date()
    while True:
        candidate = datetime.combine(local_day, time(hour, minute), tzinfo=tz).astimezone(ZoneInfo("UTC"))
        if candidate > after:
            return candidate
        local_day += timedelta(days=1)


def post_nonce(guild_id: int, local_date: date) -> str:
    """Discord nonces are at most 25 characters; the same post always gets the same one."""
    return f"{guild_id % 10**12}{local_date:%Y%m%d}"


def render_chart_png(values: list[int]) -> bytes:
    """Blocking matplotlib render, run in a worker thread like the real chart."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(2, 1), dpi=50)
    axes = figure.subplots()
    axes.bar([str(i) for i in range(len(values))], values)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


class AnswerButton(discord.ui.DynamicItem[discord.ui.Button], template=r"qotd:answer:(?P<post_id>[0-9]+)"):
    """The persistent "Answer" button on a daily post; its state is the post id."""

    def __init__(self, post_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Answer", style=discord.ButtonStyle.primary, custom_id=f"qotd:answer:{post_id}"
            )
        )
        self.post_id = post_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: Any, /
    ) -> AnswerButton:
        return cls(int(match["post_id"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        bot = interaction.client
        assert isinstance(bot, SpikeBot)
        previous = bot.store.answers.get((self.post_id, interaction.user.id))
        await interaction.response.send_modal(AnswerModal(bot.store, self.post_id, previous))


class AnswerModal(discord.ui.Modal):
    def __init__(self, store: SpikeStore, post_id: int, previous: str | None) -> None:
        super().__init__(title=f"Your answer to #{post_id}", custom_id=f"qotd:answer-modal:{post_id}")
        self.store = store
        self.post_id = post_id
        self.answer: discord.ui.TextInput[AnswerModal] = discord.ui.TextInput(
            label="Answer",
            custom_id="answer",
            style=discord.TextStyle.paragraph,
            default=previous or "My answer: ",
            max_length=4000,
        )
        self.add_item(self.answer)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        self.store.answers[(self.post_id, interaction.user.id)] = self.answer.value
        await interaction.response.send_message(
            f"Saved your answer to #{self.post_id} ({len(self.answer.value)} characters).", ephemeral=True
        )


class QotdGroup(app_commands.Group):
    def __init__(self, bot: SpikeBot) -> None:
        super().__init__(name="qotd", description="Question of the day")
        self.bot = bot

    @app_commands.command(name="setup", description="Post a question every day")
    @app_commands.describe(time="HH:MM", reveal_after="minutes until the answer is shown")
    async def setup(
        self,
        interaction: discord.Interaction,
        channel: discord.TextChannel,
        time: str,
        timezone: str,
        reveal_after: app_commands.Range[int, 1, 1440] | None = None,
        ping_role: discord.Role | None = None,
    ) -> None:
        if not interaction.permissions.manage_guild:
            await interaction.response.send_message("You need the Manage Server permission.", ephemeral=True)
            return
        assert interaction.guild is not None
        mine = channel.permissions_for(interaction.guild.me)
        missing = [
            name
            for name in ("view_channel", "send_messages", "embed_links", "create_public_threads")
            if not getattr(mine, name)
        ]
        if missing:
            await interaction.response.send_message(
                f"I can't post in {channel.mention}: missing {', '.join(missing)}.", ephemeral=True
            )
            return
        schedule = Schedule(
            channel_id=channel.id,
            post_time=time,
            timezone=timezone,
            reveal_after_minutes=reveal_after,
            ping_role_id=ping_role.id if ping_role else None,
            next_post_at=next_occurrence(time, timezone, self.bot.clock.now()),
        )
        self.bot.store.schedules[interaction.guild.id] = schedule
        self.bot.alarm.wake_at(schedule.next_post_at)
        embed = discord.Embed(title="Daily question scheduled", description=f"In {channel.mention}")
        embed.add_field(name="Time", value=f"{time} ({timezone})")
        embed.add_field(name="Reveal after", value=f"{reveal_after or 'default'} min")
        embed.add_field(name="Ping", value=ping_role.mention if ping_role else "nobody")
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @setup.autocomplete("timezone")
    async def timezone_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        wanted = current.casefold()
        names = sorted(name for name in available_timezones() if wanted in name.casefold())
        return [app_commands.Choice(name=name, value=name) for name in names[:25]]

    @app_commands.command(name="status", description="Show the schedule")
    async def status(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        assert interaction.guild is not None
        schedule = self.bot.store.schedules.get(interaction.guild.id)
        text = (
            "Not set up." if schedule is None else f"Next post at {schedule.next_post_at:%Y-%m-%d %H:%M} UTC"
        )
        await interaction.followup.send(embed=discord.Embed(title="Status", description=text), ephemeral=True)

    @app_commands.command(name="upload", description="Add questions from a .md or .yaml file")
    async def upload(self, interaction: discord.Interaction, file: discord.Attachment) -> None:
        data = await file.read()
        if file.filename.endswith((".yaml", ".yml")):
            count = len(yaml.safe_load(data.decode("utf-8")) or [])
        else:
            count = sum(1 for line in data.decode("utf-8").splitlines() if line.startswith("## "))
        await interaction.response.send_message(
            f"Read {count} questions from {file.filename} ({file.size} bytes).", ephemeral=True
        )

    @app_commands.command(name="chart", description="Answers per day")
    async def chart(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer()
        png = await asyncio.to_thread(render_chart_png, [3, 1, 4, 1, 5])
        await interaction.followup.send("Answers per day", file=discord.File(io.BytesIO(png), "chart.png"))

    @app_commands.command(name="remind", description="DM me the question")
    async def remind(self, interaction: discord.Interaction) -> None:
        try:
            await interaction.user.send("Today's question is waiting for you.")
        except discord.Forbidden as error:
            await interaction.response.send_message(
                f"I can't DM you (Discord error {error.code}).", ephemeral=True
            )
            return
        await interaction.response.send_message("Sent you a DM.", ephemeral=True)

    @app_commands.command(name="boom", description="Fails on purpose")
    async def boom(self, interaction: discord.Interaction) -> None:
        raise RuntimeError("boom")


class SpikeBot(commands.Bot):
    def __init__(self, store: SpikeStore, clock: Clock, *, tick: timedelta = timedelta(minutes=1)) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=discord.Intents.default(),
            # Nobody is pinged unless a send says so explicitly (the daily post's role).
            allowed_mentions=discord.AllowedMentions.none(),
        )
        self.store = store
        self.clock = clock
        self.alarm = LoopAlarm(self.reconcile, clock, tick=tick)
        self.tree.add_command(QotdGroup(self))
        self.tree.add_command(app_commands.Command(name="help", description="How this works", callback=_help))

    async def setup_hook(self) -> None:
        self.add_dynamic_items(AnswerButton)
        self.alarm.start()

    async def close(self) -> None:
        await self.alarm.stop()
        await super().close()

    async def on_guild_remove(self, guild: discord.Guild) -> None:
        self.store.removed_guilds.append(guild.id)

    async def reconcile(self) -> datetime | None:
        """Send every due post; return the next instant something is due."""
        self.store.wakes += 1
        now = self.clock.now()
        for guild_id, schedule in list(self.store.schedules.items()):
            if schedule.next_post_at <= now:
                local_date = schedule.next_post_at.astimezone(ZoneInfo(schedule.timezone)).date()
                schedule.next_post_at = next_occurrence(schedule.post_time, schedule.timezone, now)
                await self.send_post(guild_id, schedule, local_date)
        upcoming = [s.next_post_at for s in self.store.schedules.values()]
        return min(upcoming) if upcoming else None

    async def send_post(self, guild_id: int, schedule: Schedule, local_date: date) -> None:
        post = Post(self.store.next_post_id(), guild_id, schedule.channel_id, local_date)
        self.store.posts[post.id] = post
        channel = self.get_partial_messageable(schedule.channel_id, guild_id=guild_id)
        ping = f"<@&{schedule.ping_role_id}> " if schedule.ping_role_id else ""
        view = discord.ui.View(timeout=None)
        view.add_item(AnswerButton(post.id))
        try:
            message = await channel.send(
                f"{ping}Question of the day #{post.id} for {local_date:%Y-%m-%d}",
                embed=discord.Embed(title="What does the event loop do?"),
                view=view,
                allowed_mentions=discord.AllowedMentions(
                    everyone=False,
                    users=False,
                    roles=[discord.Object(schedule.ping_role_id)] if schedule.ping_role_id else False,
                ),
                # discord.py 2.7 has no enforce_nonce argument: any nonce is sent
                # with "enforce_nonce": true.
                nonce=post_nonce(guild_id, local_date),
            )
            post.message_id = message.id
            thread = await message.create_thread(name=f"Answers {local_date:%Y-%m-%d}")
            post.thread_id = thread.id
        except discord.HTTPException as error:
            self.store.failures.append((guild_id, error.code))


async def _help(interaction: discord.Interaction) -> None:
    embed = discord.Embed(title="qotd help", description="A question every day. Press Answer to reply.")
    await interaction.response.send_message(embed=embed)


# ------------------------------------------------------------- driving the spike in tests


async def set_up(
    world: World[Any],
    *,
    member: simcord.MemberActor | None = None,
    time: str = "09:00",
    timezone: str = "UTC",
    **options: Any,
) -> Reply:
    """``/qotd setup channel:#qotd`` in #general, as the admin unless ``member`` is given."""
    return await invoke(
        world,
        member or world.admin,
        world.channels["general"],
        "qotd setup",
        channel=world.channels["qotd"],
        time=time,
        timezone=timezone,
        **options,
    )


async def first_post(world: World[Any], **options: Any) -> discord.Message:
    """Schedule 09:00 UTC from the start of time, advance to it, return the post."""
    await set_up(world, **options)
    await advance(world, timedelta(hours=9))
    return last_bot_message(world, world.channels["qotd"])
