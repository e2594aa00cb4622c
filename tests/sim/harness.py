"""The simcord harness: build a simulated Discord, run a bot in it, drive it like a member.

Everything here is verified by ``tests/sim/test_harness_*.py``; the guide is
``docs/testing-with-simcord.md``. Typical use::

    world = await build_world(channels=("general", "qotd"), members=("alice", "bob"))
    bot = await start_bot(world, lambda: create_bot(settings, clock=world.clock))
    reply = await invoke(world, world.admin, world.channels["general"], "qotd setup", ...)
    await advance(world, timedelta(hours=9))          # the daily post fires
    post = last_bot_message(world, world.channels["qotd"])
    shown = await click(world, world.member("alice"), post, label="Answer")
    done = await submit(world, world.member("alice"), shown, {"answer": "..."})
    await stop_bot(world)

A few helpers reach into ``env.backend`` (simcord documents it as importable but
not public API) because simcord has no public verb for them: the bot user's id
and name, reading the stored ``allowed_mentions`` of a message, deleting a
channel, changing the bot's permissions after the world is built, removing the
bot from a guild. Apart from the bot user, they sit in one section below so a
simcord upgrade breaks them in one place; the tests here would show it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Generic, TypeVar

import discord
import simcord
from discord import app_commands
from simcord.backend.models import Overwrite
from simcord.enums import OverwriteType

from bot.domain import limits

BotT = TypeVar("BotT", bound=discord.Client)
MessageLike = discord.Message | simcord.ResponseMessage
MakeWorld = Callable[..., Awaitable["World[Any]"]]
"""The type of a fixture that builds worlds on demand and stops their bots at teardown."""

# ----------------------------------------------------------------------------- time


class SimClock:
    """A ``bot.domain.clock.Clock`` that follows simcord's virtual time.

    simcord's clock starts at 2026-01-01 00:00 UTC and only moves when the test
    calls ``env.advance_time`` (see ``advance``). ``start`` shifts what the bot
    sees (e.g. to a day before a DST change) without advancing simcord, so
    ``clock.now() - start`` always equals the virtual time elapsed. Message
    timestamps and snowflakes keep simcord's own epoch.
    """

    def __init__(self, env: simcord.Env, *, start: datetime | None = None) -> None:
        if start is not None and start.utcoffset() is None:
            raise ValueError("SimClock start must be timezone-aware")
        self._env = env
        self._offset = (start - env.now()) if start is not None else timedelta(0)

    def now(self) -> datetime:
        """The current virtual instant, aware UTC."""
        return (self._env.now() + self._offset).astimezone(UTC)


async def advance(world: World[Any], delta: timedelta, *, step: timedelta = timedelta(hours=1)) -> None:
    """Move virtual time forward by ``delta``, letting the bot's timers fire on the way.

    simcord gives one ``advance_time`` call the env's ``settle_timeout`` of real
    time (5 s by default) for everything the bot does on the way, so long spans
    go in ``step``-sized calls, each with its own budget. Only waits simcord
    recognizes are fast-forwarded (a plain ``asyncio.sleep``, ``discord.ext.tasks``,
    view timeouts, ``Client.wait_for``); see the guide's "Background loops".
    """
    if delta < timedelta(0):
        raise ValueError("time only moves forward")
    remaining = delta
    while remaining > timedelta(0):
        chunk = min(step, remaining)
        await world.env.advance_time(chunk.total_seconds())
        remaining -= chunk


async def advance_to(world: World[Any], instant: datetime, *, step: timedelta = timedelta(hours=1)) -> None:
    """Advance until ``world.clock.now()`` reaches ``instant`` (aware)."""
    await advance(world, max(instant - world.clock.now(), timedelta(0)), step=step)


# ---------------------------------------------------------------------------- world


@dataclass
class World(Generic[BotT]):
    """A simulated Discord with one guild, plus the running bot (if any)."""

    env: simcord.Env
    guild: simcord.GuildHandle
    channels: dict[str, simcord.ChannelHandle]
    admin: simcord.MemberActor
    members: list[simcord.MemberActor]
    bot_role: simcord.RoleHandle
    clock: SimClock
    bot: BotT | None = None
    _running: bool = field(default=False, repr=False)

    @property
    def bot_member(self) -> discord.Member:
        """The bot as a member of the guild, from the bot's own cache (needs a running bot)."""
        me = self.guild.me
        if me is None:
            raise RuntimeError("the bot is not running or not in the guild")
        return me

    def member(self, name: str) -> simcord.MemberActor:
        """A plain member (or the admin) by user name."""
        for actor in (self.admin, *self.members):
            if actor.name == name:
                return actor
        raise KeyError(name)


def new_env(*, settle_timeout: float = 5.0) -> simcord.Env:
    """An empty simulated Discord, not started: ``build_world`` fills it, ``start_bot`` runs it.

    ``settle_timeout`` is the real time simcord waits for the bot to finish
    reacting to one action (and for one ``advance_time`` call); start-up always
    gets 5 s.
    """
    # Env needs a client to exist; the real bot replaces it in start_bot().
    return simcord.Env(discord.Client(intents=discord.Intents.default()), settle_timeout=settle_timeout)


async def build_world(
    *,
    guild_name: str = "Test Guild",
    guild_id: int | None = None,
    channels: Sequence[str] = ("general", "qotd"),
    members: Sequence[str] = ("alice", "bob"),
    admin: str = "admin",
    bot_overwrites: Mapping[str, discord.PermissionOverwrite] | None = None,
    clock_start: datetime | None = None,
    env: simcord.Env | None = None,
    settle_timeout: float = 5.0,
) -> World[Any]:
    """Build the world before any bot runs: one guild, text channels, an admin and members.

    ``admin`` gets a role with Manage Server; ``members`` get nothing beyond
    @everyone (view, send, read history, use slash commands). The bot joins every
    guild automatically with a managed role holding every permission except
    Administrator; ``bot_overwrites`` maps a channel name to an overwrite for
    that role (e.g. ``discord.PermissionOverwrite(send_messages=False)``).
    ``guild_id`` pins the id, to match a bot that syncs commands to one guild.
    ``env`` is a fresh ``new_env()`` (made here with ``settle_timeout`` if not
    given); pass one from a fixture so simcord's pytest plugin attaches its
    transcript to failing tests.
    """
    env = env if env is not None else new_env(settle_timeout=settle_timeout)
    guild = env.create_guild(guild_name, id=guild_id)
    bot_role = guild.roles[env.backend.bot_user.name]
    overwrites = dict(bot_overwrites or {})
    unknown = set(overwrites) - set(channels)
    if unknown:
        raise ValueError(f"bot_overwrites for unknown channels: {sorted(unknown)}")
    made = {
        name: guild.create_text_channel(
            name, overwrites={bot_role: overwrites[name]} if name in overwrites else None
        )
        for name in channels
    }
    managers = guild.create_role("Server Managers", permissions=discord.Permissions(manage_guild=True))
    admin_actor = guild.add_member(env.create_user(admin), roles=[managers])
    member_actors = [guild.add_member(env.create_user(name)) for name in members]
    return World(
        env=env,
        guild=guild,
        channels=made,
        admin=admin_actor,
        members=member_actors,
        bot_role=bot_role,
        clock=SimClock(env, start=clock_start),
    )


# ---------------------------------------------------------------------- bot lifecycle


async def start_bot(world: World[Any], factory: Callable[[], BotT], *, sync: bool = True) -> BotT:
    """Build the bot with ``factory`` and log it in to the simulated Discord.

    Runs ``setup_hook`` and READY, then (``sync``) ``bot.tree.sync()`` so slash
    commands can be invoked (simcord refuses unsynced commands, as Discord does).
    If a bot is already running this is ``restart_bot``.
    """
    if world._running:
        return await restart_bot(world, factory, sync=sync)
    bot = factory()
    world.env.bot = bot  # replaces build_world's placeholder client before anything ran
    await world.env.start()
    world.bot = bot
    world._running = True
    if sync:
        await _sync(world, bot)
    return bot


async def restart_bot(world: World[Any], factory: Callable[[], BotT], *, sync: bool = True) -> BotT:
    """Close the running bot and start a NEW instance against the same simulated state.

    Messages, components, channels and members persist; only the bot process
    "restarts". Persistent views and ``DynamicItem``s must be re-registered by
    the new bot (in ``setup_hook``) for old buttons to keep working.
    """
    if not world._running:
        return await start_bot(world, factory, sync=sync)
    await _close(world)
    bot = factory()
    await world.env.restart_bot(bot)
    world.bot = bot
    if sync:
        await _sync(world, bot)
    return bot


async def stop_bot(world: World[Any], *, check_errors: bool = True) -> None:
    """Close the bot (``bot.close()``: its own cleanup runs) and detach it from simcord.

    With ``check_errors`` any error the bot raised and the test never inspected
    (through ``world.env.errors`` or ``simcord.assert_error``) fails here, as the
    simcord pytest fixture does.
    """
    if not world._running:
        return
    await _close(world)
    await world.env.shutdown()
    world._running = False
    if check_errors:
        # The cursor simcord's own pytest fixture uses: errors the test has not inspected.
        unseen = world.env.errors_since(world.env._errors_acknowledged)
        if unseen:
            raise BaseExceptionGroup(
                f"the bot raised {len(unseen)} error(s) the test did not inspect", unseen
            )


async def _close(world: World[Any]) -> None:
    bot = world.bot
    if bot is not None and not bot.is_closed():
        # No settle afterwards: shutdown cancels whatever the bot left running.
        await bot.close()


async def _sync(world: World[Any], bot: discord.Client) -> None:
    tree = getattr(bot, "tree", None)
    if tree is None:
        return
    await tree.sync()
    guild = discord.Object(world.guild.id)
    if tree.get_commands(guild=guild):  # commands registered for the dev guild only
        await tree.sync(guild=guild)
    await world.env.settle()


# ------------------------------------------------------------------- acting as members


@dataclass(frozen=True)
class ModalField:
    """One text input of a modal, as the member sees it."""

    custom_id: str
    label: str | None
    paragraph: bool
    default: str | None
    required: bool
    min_length: int | None
    max_length: int | None
    placeholder: str | None


@dataclass(frozen=True)
class ModalForm:
    """A modal the bot opened."""

    custom_id: str
    title: str
    fields: dict[str, ModalField]


@dataclass(frozen=True)
class Reply:
    """What the bot did in answer to one interaction, whatever its kind.

    ``requests`` are the REST calls the bot made while handling it (from
    ``env.http_requests``), which is how ``deferred`` can tell a deferral that a
    follow-up already completed: simcord's own ``InteractionResult.deferred`` is
    only true while the member still sees "thinking...".
    """

    raw: simcord.InteractionResult
    requests: tuple[simcord.HttpLogEntry, ...] = ()

    @property
    def acknowledged(self) -> bool:
        return self.raw.acknowledged

    @property
    def callback_types(self) -> list[int]:
        """Interaction callback types sent, in order (4 message, 5/6 defer, 7 update, 9 modal)."""
        return [
            entry.json["type"]
            for entry in self.requests
            if entry.method == "POST" and entry.path.endswith("/callback") and isinstance(entry.json, dict)
        ]

    @property
    def deferred(self) -> bool:
        """The bot deferred first (callback 5 or 6), whether or not it has followed up since."""
        return any(kind in (5, 6) for kind in self.callback_types)

    @property
    def pending(self) -> bool:
        """Still deferred with nothing sent: the member sees "thinking..." for ever."""
        return self.raw.deferred

    @property
    def ephemeral(self) -> bool:
        """True when the first response (or the deferral) is visible to the member only."""
        return self.raw.ephemeral

    @property
    def messages(self) -> list[simcord.ResponseMessage]:
        """The response message (if any) then the follow-ups, oldest first."""
        first = self.raw.response
        return ([first] if first is not None else []) + self.raw.followups

    @property
    def content(self) -> str:
        return "\n".join(message.content for message in self.messages if message.content)

    @property
    def embeds(self) -> list[discord.Embed]:
        return [embed for message in self.messages for embed in message.embeds]

    @property
    def files(self) -> list[discord.Attachment]:
        return [attachment for message in self.messages for attachment in message.attachments]

    @property
    def text(self) -> str:
        """Content plus every embed's title, description, fields and footer: for ``in`` checks."""
        parts = [self.content]
        for embed in self.embeds:
            parts += [embed.title or "", embed.description or "", embed.footer.text or ""]
            parts += [f"{f.name}\n{f.value}" for f in embed.fields]
        return "\n".join(part for part in parts if part)

    @property
    def modal(self) -> ModalForm | None:
        payload = self.raw.modal
        return None if payload is None else _modal_form(payload)


async def invoke(
    world: World[Any],
    member: simcord.MemberActor,
    channel: simcord.ChannelHandle,
    command: str,
    /,
    **options: Any,
) -> Reply:
    """Run a slash command (``"qotd setup"`` for a group) as ``member``.

    Option values: ``str``/``int``/``bool`` as is, ``ChannelHandle``,
    ``RoleHandle``, ``MemberActor`` for entities, ``(filename, bytes)`` for an
    attachment. Leave optional options out rather than passing ``None``.
    """
    start = _require_running(world)
    return _checked(world, await member.slash(channel, command, **options), start)


async def choices(
    world: World[Any],
    member: simcord.MemberActor,
    channel: simcord.ChannelHandle,
    command: str,
    option: str,
    typed: str,
    /,
    **filled: Any,
) -> list[app_commands.Choice[Any]]:
    """The autocomplete choices the bot offers while ``member`` types ``typed`` into ``option``."""
    _require_running(world)
    offered = await member.autocomplete(channel, command, option, typed, **filled)
    return [app_commands.Choice(name=choice["name"], value=choice["value"]) for choice in offered]


async def click(
    world: World[Any],
    member: simcord.MemberActor,
    message: MessageLike,
    *,
    label: str | None = None,
    custom_id: str | None = None,
) -> Reply:
    """Press a button (by visible label or exact custom_id) on a message the member can see."""
    start = _require_running(world)
    return _checked(world, await member.click(message, label=label, custom_id=custom_id), start)


async def select(
    world: World[Any],
    member: simcord.MemberActor,
    message: MessageLike,
    values: Sequence[Any],
    *,
    custom_id: str | None = None,
) -> Reply:
    """Choose ``values`` in a select menu of a message (strings, or role/member/channel handles)."""
    start = _require_running(world)
    return _checked(world, await member.select(message, values, custom_id=custom_id), start)


async def submit(
    world: World[Any], member: simcord.MemberActor, shown: Reply, values: Mapping[str, str]
) -> Reply:
    """Submit the modal ``shown`` opened, keyed by each input's custom_id.

    Inputs left out are submitted empty, not with their default: pass
    ``shown.modal.fields[id].default`` to keep what the bot pre-filled.
    """
    start = _require_running(world)
    return _checked(world, await member.submit_modal(shown.raw, dict(values)), start)


def _require_running(world: World[Any]) -> int:
    """Fail clearly when no bot runs; return where this action's REST calls will start."""
    if not world._running:
        raise RuntimeError("no bot is running in this world: call start_bot() first")
    return len(world.env.http_requests)


def _checked(world: World[Any], result: simcord.InteractionResult, start: int) -> Reply:
    reply = Reply(result, tuple(world.env.http_requests[start:]))
    for message in reply.messages:
        assert_within_discord_limits(message)
    if result.modal is not None:
        problems = _modal_problems(result.modal)
        if problems:
            raise AssertionError("over Discord's limits: " + "; ".join(problems))
    return reply


def _modal_form(payload: Mapping[str, Any]) -> ModalForm:
    fields: dict[str, ModalField] = {}
    for row in payload.get("components") or []:
        # discord.py 2.7 wraps inputs in an action row (legacy) or a Label (type 18).
        if row.get("type") == 18:
            inputs, label = [row.get("component") or {}], row.get("label")
        else:
            inputs, label = row.get("components") or [], None
        for item in inputs:
            if item.get("type") != 4:
                continue
            fields[item["custom_id"]] = ModalField(
                custom_id=item["custom_id"],
                label=item.get("label") or label,
                paragraph=item.get("style") == discord.TextStyle.paragraph.value,
                default=item.get("value"),
                required=item.get("required", True),
                min_length=item.get("min_length"),
                max_length=item.get("max_length"),
                placeholder=item.get("placeholder"),
            )
    return ModalForm(custom_id=payload["custom_id"], title=payload["title"], fields=fields)


# ------------------------------------------------------------------------- reading


def bot_messages(world: World[Any], channel: simcord.ChannelHandle) -> list[discord.Message]:
    """Every message the bot posted in ``channel`` (or a thread/DM handle), oldest first.

    System messages are left out: simcord adds a "started a thread" message
    (``MessageType.thread_created``) authored by the bot when it opens a thread.
    """
    bot_id = world.env.backend.bot_user.id
    return [
        message for message in channel.history() if message.author.id == bot_id and not message.is_system()
    ]


def last_bot_message(world: World[Any], channel: simcord.ChannelHandle) -> discord.Message:
    posted = bot_messages(world, channel)
    if not posted:
        raise AssertionError(f"the bot posted nothing in {channel.name!r}")
    return posted[-1]


def dm_messages(world: World[Any], member: simcord.MemberActor) -> list[discord.Message]:
    """What the bot sent ``member`` by DM, oldest first."""
    return bot_messages(world, member.user.dm_channel)


def thread_of(world: World[Any], message: discord.Message) -> simcord.ChannelHandle:
    """The thread started from ``message`` (its id is the message id, as on Discord)."""
    for handle in world.guild.channels.values():
        for thread in handle.threads:
            if thread.id == message.id:
                return thread
    raise AssertionError(f"no thread was started from message {message.id}")


def sent_payloads(world: World[Any], channel: simcord.ChannelHandle) -> list[dict[str, Any]]:
    """The JSON bodies the bot POSTed to ``channel``'s messages route, oldest first.

    This is where ``nonce`` and ``enforce_nonce`` can be read: simcord accepts
    them but neither stores them on the message nor deduplicates by nonce.
    """
    path = f"/channels/{channel.id}/messages"
    return [entry.json for entry in world.env.http_requests if entry.method == "POST" and entry.path == path]


# ----------------------------------------------------- simcord internals, kept in one place


def _stored(world: World[Any], message: MessageLike) -> Any:
    channel_id = message.channel_id if isinstance(message, simcord.ResponseMessage) else message.channel.id
    return world.env.backend.get_message(channel_id, message.id)


def assert_no_pings(
    world: World[Any], message: MessageLike, *, allowed_roles: Iterable[int | simcord.RoleHandle] = ()
) -> None:
    """Assert ``message`` notifies nobody, except the roles explicitly allowed.

    Checks the ``allowed_mentions`` the bot sent (no ``parse`` of everyone, users
    or roles; no role ids beyond ``allowed_roles``; no reply ping) and who
    simcord computed was actually pinged.
    """
    stored = _stored(world, message)
    allowed = {role if isinstance(role, int) else role.id for role in allowed_roles}
    policy = stored.allowed_mentions
    problems = []
    if policy.everyone:
        problems.append("allowed_mentions lets @everyone/@here through")
    if policy.users is None:
        problems.append("allowed_mentions parses user mentions")
    elif policy.users:
        problems.append(f"allowed_mentions allows users {sorted(policy.users)}")
    if policy.roles is None:
        problems.append("allowed_mentions parses role mentions")
    elif not set(policy.roles) <= allowed:
        problems.append(f"allowed_mentions allows roles {sorted(set(policy.roles) - allowed)}")
    if stored.reference is not None and policy.replied_user:
        problems.append("the reply pings its author")
    pinged_roles = set(stored.ping_role_ids) - allowed
    if stored.ping_user_ids or pinged_roles or stored.mention_everyone:
        problems.append(
            f"pinged users={stored.ping_user_ids} roles={sorted(pinged_roles)} "
            f"everyone={stored.mention_everyone}"
        )
    if problems:
        raise AssertionError(f"message {message.id} pings: " + "; ".join(problems))


def pinged_role_ids(world: World[Any], message: MessageLike) -> list[int]:
    """Role ids the message actually notified (mentioned, allowed and mentionable)."""
    return list(_stored(world, message).ping_role_ids)


async def delete_channel(world: World[Any], name: str) -> None:
    """Delete a channel as a server admin would (the bot receives CHANNEL_DELETE)."""
    handle = world.channels.pop(name)
    world.env.backend.delete_channel(handle.id)
    await world.env.settle()


async def set_bot_permissions(world: World[Any], name: str, overwrite: discord.PermissionOverwrite) -> None:
    """Replace the bot's member overwrite on a channel now (the bot receives CHANNEL_UPDATE)."""
    allow, deny = overwrite.pair()
    target = world.env.backend.bot_user.id
    world.env.backend.set_overwrite(
        world.channels[name].id, Overwrite(target, OverwriteType.MEMBER, allow.value, deny.value)
    )
    await world.env.settle()


async def remove_bot_from_guild(world: World[Any]) -> None:
    """The bot is kicked (or the guild deleted): the bot receives GUILD_DELETE."""
    world.env.backend.remove_guild(world.guild.id)
    await world.env.settle()


def close_dms(world: World[Any], member: simcord.MemberActor) -> None:
    """From now on the bot's DMs to ``member`` fail with 403 / 50007, as with closed DMs."""
    world.env.inject_error(
        "POST",
        f"/channels/{member.user.dm_channel.id}/messages",
        status=403,
        code=50007,
        message="Cannot send messages to this user",
        times=None,
    )


# --------------------------------------------------------------------- Discord's limits

Checkable = MessageLike | str | discord.Embed | Sequence[discord.Embed] | discord.ui.View | discord.ui.Modal


def assert_within_discord_limits(item: Checkable) -> None:
    """Assert a message, its content, embeds, a view or a modal fits Discord's limits.

    simcord already refuses an oversized send or modal with 400/50035, so a bot
    running in the harness cannot get past them; this check is for renderers
    tested without sending, and it lists every problem at once.
    """
    if isinstance(item, discord.ui.Modal):
        problems = _modal_problems(item.to_dict())
    elif isinstance(item, discord.ui.View):
        problems = _component_problems(item.to_components())
    elif isinstance(item, str):
        problems = _content_problems(item)
    elif isinstance(item, discord.Embed):
        problems = _embed_problems([item])
    elif isinstance(item, simcord.ResponseMessage):
        problems = _content_problems(item.content) + _embed_problems(item.embeds)
        problems += _component_problems(item.components)
    elif isinstance(item, discord.Message):
        problems = _content_problems(item.content) + _embed_problems(item.embeds)
        problems += _component_problems([row.to_dict() for row in item.components])
    else:
        problems = _embed_problems(list(item))
    if problems:
        raise AssertionError("over Discord's limits: " + "; ".join(problems))


def _over(what: str, text: str, limit: int) -> list[str]:
    return [f"{what} has {len(text)} characters (max {limit})"] if len(text) > limit else []


def _content_problems(content: str | None) -> list[str]:
    return _over("content", content or "", limits.MESSAGE_CONTENT)


def _embed_problems(embeds: Sequence[discord.Embed]) -> list[str]:
    problems = []
    if len(embeds) > limits.EMBEDS_PER_MESSAGE:
        problems.append(f"{len(embeds)} embeds (max {limits.EMBEDS_PER_MESSAGE})")
    total = 0
    for index, embed in enumerate(embeds):
        data = embed.to_dict()
        fields = data.get("fields") or []
        if len(fields) > limits.EMBED_FIELDS:
            problems.append(f"embed {index} has {len(fields)} fields (max {limits.EMBED_FIELDS})")
        texts = [
            ("title", data.get("title") or "", limits.EMBED_TITLE),
            ("description", data.get("description") or "", limits.EMBED_DESCRIPTION),
            ("footer", (data.get("footer") or {}).get("text") or "", limits.EMBED_FOOTER),
            ("author", (data.get("author") or {}).get("name") or "", limits.EMBED_AUTHOR_NAME),
        ]
        for number, item in enumerate(fields):
            texts.append((f"field {number} name", item.get("name") or "", limits.EMBED_FIELD_NAME))
            texts.append((f"field {number} value", item.get("value") or "", limits.EMBED_FIELD_VALUE))
        for where, text, limit in texts:
            total += len(text)
            problems += _over(f"embed {index} {where}", text, limit)
    if total > limits.EMBED_TOTAL:
        problems.append(f"embeds total {total} characters (max {limits.EMBED_TOTAL})")
    return problems


def _component_problems(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    problems = []
    if len(rows) > limits.ACTION_ROWS:
        problems.append(f"{len(rows)} action rows (max {limits.ACTION_ROWS})")
    for index, row in enumerate(rows):
        children = row.get("components") or []
        if len(children) > limits.BUTTONS_PER_ROW:
            problems.append(f"row {index} has {len(children)} components (max {limits.BUTTONS_PER_ROW})")
        for child in children:
            custom_id = child.get("custom_id") or ""
            problems += _over(f"custom_id {custom_id[:20]!r}", custom_id, limits.CUSTOM_ID)
            problems += _over(
                f"button label {child.get('label')!r:.24}", child.get("label") or "", limits.BUTTON_LABEL
            )
            options = child.get("options") or []
            if len(options) > limits.SELECT_OPTIONS:
                problems.append(
                    f"select {custom_id[:20]!r} has {len(options)} options (max {limits.SELECT_OPTIONS})"
                )
            for option in options:
                label = option.get("label") or ""
                problems += _over(f"option {label[:20]!r}", label, limits.SELECT_OPTION_LABEL)
            problems += _over("placeholder", child.get("placeholder") or "", limits.SELECT_PLACEHOLDER)
    return problems


def _modal_problems(payload: Mapping[str, Any]) -> list[str]:
    problems = _over("modal title", payload.get("title") or "", limits.MODAL_TITLE)
    problems += _over("modal custom_id", payload.get("custom_id") or "", limits.CUSTOM_ID)
    for item in _modal_form(payload).fields.values():
        problems += _over(f"input {item.custom_id!r} label", item.label or "", limits.TEXT_INPUT_LABEL)
        problems += _over(f"input {item.custom_id!r} default", item.default or "", limits.TEXT_INPUT_VALUE)
        if item.max_length is not None and item.max_length > limits.TEXT_INPUT_VALUE:
            problems.append(
                f"input {item.custom_id!r} max_length {item.max_length} (max {limits.TEXT_INPUT_VALUE})"
            )
    return problems
