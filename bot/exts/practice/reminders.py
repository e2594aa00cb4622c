"""The daily review reminder: one direct message per server-local day to members who asked for it.

The services say who is due a reminder (opted in, their reminder time come, cards
due that day, not reminded on the server's today); this module only sends and reports back. A member whose
DMs are closed (Discord's 50007) or whose account is gone is marked reminded
like anyone else, so the bot does not knock again until tomorrow; a transient
failure is left unmarked and retried on the next wake.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING

import discord

from bot.exts.practice import embeds
from bot.exts.shared.buttons import CustomId, StatefulButton, number
from bot.exts.shared.context import services_of
from bot.exts.shared.formatting import ts
from bot.exts.shared.pacer import Pacer
from bot.exts.shared.replies import NO_PINGS, replies_errors

if TYPE_CHECKING:
    from bot.app import QotdBot
    from bot.services.reviews import ReminderSettings, ReminderToSend

log = logging.getLogger(__name__)

CANNOT_DM = 50007
REMINDERS_OFF_ID = CustomId("srs:remind-off", guild=number(r"[0-9]{1,20}"))


class RemindersOffButton(StatefulButton, custom_id=REMINDERS_OFF_ID):
    """Under each reminder DM: stop the reminders from that server, in one click."""

    guild: int

    label = "Stop these reminders"
    emoji = "🔕"

    @replies_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        # Pressed in a DM: the server comes from the button, the member is whoever pressed it.
        await services_of(interaction).reviews.stop_reminders(self.guild, interaction.user.id)
        guild = interaction.client.get_guild(self.guild)
        where = f"**{discord.utils.escape_markdown(guild.name)}**" if guild else "that server"
        await interaction.response.edit_message(
            content=f"🔕 Review reminders from {where} are off. Turn them back on there with "
            "`/review reminders:on`.",
            view=None,
        )


def reminders_text(settings: ReminderSettings) -> str:
    """What ``/review reminders`` says: on or off, and when the next one comes."""
    if not settings.on:
        return "🔕 Reminders off: no more review DMs from this server."
    which = ", when the question of the day is posted" if settings.post_time else ""
    when = f"at **{settings.at}** server time ({settings.timezone}{which})"
    text = (
        f"🔔 Reminders on: one direct message {when}, on days when you have reviews due here, "
        "never more than one a day."
    )
    if settings.next_at is not None:
        text += f" Next: {ts(settings.next_at, 'F')} ({ts(settings.next_at, 'R')}), if reviews are due then."
    if not settings.picked:
        text += " Pick another time with `/review reminders:on time:08:00`."
    return text + " If your DMs from server members are closed, it can't arrive."


def reminder_view(guild_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(RemindersOffButton(guild_id))
    return view


class ReminderRound:
    """Sends the review reminders that are due; the alarm calls it on every wake."""

    def __init__(self, bot: QotdBot) -> None:
        self._bot = bot
        # Each reminder is up to two requests (open the DM, send): half the posting rate.
        self._pacer = Pacer(bot.settings.post_rate_per_second / 2)

    def _ours(self, guild_id: int) -> bool:
        """Whether this process serves the server (with a fleet of processes, each DMs for its shards)."""
        shards = self._bot.shard_filters()
        return shards is None or any((guild_id >> 22) % count == shard for shard, count in shards)

    async def __call__(self) -> datetime | None:
        """One round; returns None: reminders have no exact instant, the alarm's tick is enough."""
        if not self._bot.is_ready():
            return None  # servers are not known yet; the next tick sends
        reviews = self._bot.services.reviews
        for reminder in await reviews.reminders_due():
            if not self._ours(reminder.guild_id):
                continue
            guild = self._bot.get_guild(reminder.guild_id)
            if guild is not None:
                await self._pacer.wait()
                if not await self._send(reminder, guild):
                    continue  # transient: try again on the next wake
            # Sent, refused for good, or the bot left that server: not again today.
            await reviews.mark_reminded(reminder.guild_id, reminder.member_id, reminder.day)
        return None

    async def _send(self, reminder: ReminderToSend, guild: discord.Guild) -> bool:
        """DM one reminder; False only when trying again later may work."""
        try:
            channel = await self._bot.create_dm(discord.Object(reminder.member_id))
            await channel.send(
                embeds.reminder_text(
                    guild.name, reminder.due_count, reminder.first_due, self._bot.services.clock.now()
                ),
                view=reminder_view(guild.id),
                allowed_mentions=NO_PINGS,
            )
        except (discord.Forbidden, discord.NotFound) as exc:
            reason = "their DMs are closed" if exc.code == CANNOT_DM else f"Discord said {exc.code}"
            log.info(
                "review reminder to member %s of guild %s not sent: %s", reminder.member_id, guild.id, reason
            )
        except discord.HTTPException as exc:
            log.warning(
                "review reminder to member %s failed (%s); retrying later", reminder.member_id, exc.status
            )
            return False
        return True
