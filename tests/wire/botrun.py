"""Run the real, unmodified qotd bot against the Discord emulator: in-process or as ``qotd run``.

In-process (one event loop with the emulator; the bot is ``bot.app.create_bot`` with real
services on a real database, started by ``bot.runner.serve`` as ``qotd run`` does)::

    emu = await make_emulator(guilds=3)
    async with running_qotd(emu, bot_settings(emu, sqlite_url, tmp_path)) as qotd:
        ...  # qotd.bot, qotd.services, qotd.health

As a process (``qotd run --prepare``; the emulator usually stays in the test's process)::

    async with qotd_process(emu, sqlite_url, tmp_path / "a") as proc:
        await proc.wait_ready()
        ...
        await proc.kill()                    # SIGKILL; or proc.stop() for SIGTERM

Around them: ``open_services`` (the services on a database, for the test's own writes and
reads, with the committed bank synced), ``schedule_posts_now`` (an admin's ``/qotd setup`` and
``/qotd post-now`` for many servers), ``travel`` (move the database's clock forward instead of
waiting), and readers of what the emulator holds (``day_messages``, ``ping_problems``).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import inspect
import json
import os
import re
import signal
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Self

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import QotdBot, create_bot
from bot.db.engine import create_engine
from bot.db.models import PostModel, ScheduleModel
from bot.db.uow import make_uow_factory
from bot.domain.clock import SystemClock
from bot.domain.questions import Kind
from bot.health import HealthReporter
from bot.questionbank.bank import Bank, load_bank
from bot.runner import StopRequest, open_engine, serve
from bot.services.container import Services, build_services
from bot.settings import PROJECT_ROOT, Settings

from .emulator import MESSAGE_CREATE, Callback, Emulator, Message, point_discord_at
from .pingbot import Target

CONTENT = PROJECT_ROOT / "content"
POSTED = re.compile(r"posted question \S+ \(day \d+\) to guild (\d+)")
REVEALED = re.compile(r"revealed day \d+ in guild (\d+)")
REVEAL_NONCE_PREFIX = "qotd-r"  # bot.exts.daily.poster.reveal_nonce


@functools.cache
def committed_bank() -> Bank:
    """The question bank in content/bank, loaded once per test session."""
    return load_bank(CONTENT / "bank")


@functools.cache
def written_answers_bank() -> Bank:
    """The committed bank without multiple choice: every post has an Answer button and a form."""
    bank = committed_bank()
    return Bank(questions=tuple(q for q in bank.questions if q.kind is not Kind.MCQ), topics=bank.topics)


async def wait_until(
    condition: Callable[[], object], *, within: float, what: str, every: float = 0.05
) -> None:
    """Poll ``condition`` (plain or async); ``TimeoutError`` naming ``what`` after ``within`` seconds."""
    deadline = time.monotonic() + within
    while True:
        met = condition()
        if inspect.isawaitable(met):
            met = await met
        if met:
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {within:.0f}s waiting for {what}")
        await asyncio.sleep(every)


# ----------------------------------------------------------------------------- settings


def bot_settings(target: Target, database_url: str, folder: Path, **overrides: Any) -> Settings:
    """The bot's settings against ``target``: its token and API, the database, a health file in ``folder``."""
    values: dict[str, Any] = {
        "discord_token": target.token,
        "database_url": database_url,
        "discord_api_base": target.base_url,
        "health_file": folder / "health.json",
        "content_dir": CONTENT,
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def bot_environment(settings: Settings) -> dict[str, str]:
    """The environment ``qotd run`` reads ``settings`` from (none of the caller's own settings leak in)."""
    env = {k: v for k, v in os.environ.items() if k.upper() not in {n.upper() for n in Settings.model_fields}}
    for name, value in settings.model_dump().items():
        if value is None:
            continue
        if hasattr(value, "get_secret_value"):
            value = value.get_secret_value()
        env[name.upper()] = str(value)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def qotd_command(*args: str) -> list[str]:
    """``qotd ARGS`` from this interpreter's environment (the console script, else ``python -m bot.cli``)."""
    script = Path(sys.executable).with_name("qotd")
    if script.exists():
        return [str(script), *args]
    return [sys.executable, "-m", "bot.cli", *args]


# ----------------------------------------------------------------------------- the database, from the test's side


@dataclass
class Database:
    """The services (wall clock) and engine on one database, for a test's own setup and checks."""

    url: str
    engine: AsyncEngine
    services: Services

    async def posts(self) -> list[PostModel]:
        """Every post row, oldest first."""
        async with self.engine.connect() as connection:
            rows = (await connection.execute(select(PostModel.__table__).order_by(PostModel.id))).all()
        return [PostModel(**row._mapping) for row in rows]

    async def wait_for(self, status: str, *, count: int = 1, within: float = 60.0) -> list[PostModel]:
        """Wait until at least ``count`` posts have ``status`` (a ``PostStatus``); those posts."""
        found: list[PostModel] = []

        async def enough() -> bool:
            nonlocal found
            found = [p for p in await self.posts() if p.status == status]
            return len(found) >= count

        await wait_until(enough, within=within, what=f"{count} post(s) to be {status}", every=0.1)
        return found


async def synced_services(engine: AsyncEngine, bank: Bank | None = None) -> Services:
    """The services on ``engine`` (wall clock) with ``bank`` (default: the committed one) synced in."""
    bank = bank or committed_bank()
    services = build_services(make_uow_factory(engine), SystemClock(), bank, content_dir=CONTENT)
    await services.bank_sync.sync(bank)
    return services


@contextlib.asynccontextmanager
async def open_services(url: str, *, bank: Bank | None = None) -> AsyncIterator[Database]:
    """Services on the (migrated) database at ``url``, with ``bank`` (default: the committed one) synced."""
    engine = create_engine(url)
    try:
        yield Database(url, engine, await synced_services(engine, bank))
    finally:
        await engine.dispose()


def zone_away_from_midnight(now: datetime) -> str:
    """A time zone where it is at least two hours before midnight: today's post is still ahead."""
    return "UTC" if now.hour < 22 else "Etc/GMT+12"  # UTC-12: 10:00-12:00 when UTC is 22:00-24:00


async def schedule_posts_now(
    services: Services,
    channels: Iterable[tuple[int, int]],
    *,
    reveal_after_minutes: int = 5,
    **setup: Any,
) -> None:
    """For each (guild id, channel id): ``/qotd setup`` then ``/qotd post-now`` through the services.

    The posts are due at once (the bot creates and sends them on its next reconcile) and
    revealed ``reveal_after_minutes`` later.
    """
    zone = zone_away_from_midnight(datetime.now(UTC))
    for guild_id, channel_id in channels:
        await services.schedules.setup(
            guild_id,
            channel_id=channel_id,
            post_time="23:59",
            timezone=zone,
            reveal_after_minutes=reveal_after_minutes,
            **setup,
        )
        await services.daily.post_now(guild_id)


async def travel(engine: AsyncEngine, delta: timedelta) -> None:
    """Make the bot's world ``delta`` older, as if that much time had passed (no bot may be running).

    Every stored instant the bot compares with its clock (next posts, post and reveal
    times, lease expiries) moves ``delta`` into the past: leases run out, reveals come due.
    """
    post_columns = ("scheduled_for", "reveal_at", "lease_expires_at", "sent_at")
    async with engine.begin() as connection:
        for row in (await connection.execute(select(PostModel.__table__))).all():
            values = {c: getattr(row, c) - delta for c in post_columns if getattr(row, c) is not None}
            await connection.execute(update(PostModel.__table__).where(PostModel.id == row.id).values(values))
        for row in (await connection.execute(select(ScheduleModel.__table__))).all():
            if row.next_post_at is not None:
                await connection.execute(
                    update(ScheduleModel.__table__)
                    .where(ScheduleModel.guild_id == row.guild_id)
                    .values(next_post_at=row.next_post_at - delta)
                )


# ----------------------------------------------------------------------------- in-process


@dataclass
class InProcessBot:
    bot: QotdBot
    services: Services
    engine: AsyncEngine
    health: HealthReporter
    settings: Settings


@contextlib.asynccontextmanager
async def running_qotd(
    target: Target,
    settings: Settings,
    *,
    bank: Bank | None = None,
    ready_within: float = 30.0,
    health_interval: timedelta = timedelta(minutes=1),
) -> AsyncIterator[InProcessBot]:
    """The real bot in this process, connected to ``target``, ready; stopped as ``qotd run`` stops on SIGTERM.

    The database at ``settings.database_url`` must be migrated; ``bank`` (default: the committed
    one) is synced into it first, as ``qotd run --prepare`` does.
    """
    engine = open_engine(settings)
    try:
        services = await synced_services(engine, bank)
        bot = create_bot(settings, services)
        stop = StopRequest()
        with point_discord_at(target.base_url, target.gateway_url):
            async with bot, HealthReporter(bot, settings.health_file, interval=health_interval) as health:
                session = asyncio.create_task(
                    serve(bot, settings, stop, health=health), name="qotd-in-process"
                )
                try:
                    await wait_until(
                        lambda: bot.is_ready() or session.done(),
                        within=ready_within,
                        what="the bot to be ready",
                    )
                    if session.done():
                        session.result()
                        raise RuntimeError("the bot stopped before it was ready")
                    yield InProcessBot(bot, services, engine, health, settings)
                finally:
                    stop.request()
                    await asyncio.wait_for(session, 15.0)
    finally:
        await engine.dispose()


# ----------------------------------------------------------------------------- as a process


@dataclass
class QotdProcess:
    """One ``qotd run --prepare`` process; its output is collected as it runs."""

    settings: Settings
    folder: Path
    name: str = "qotd"
    args: Sequence[str] = ("run", "--prepare")
    stdout: list[str] = field(default_factory=list)
    stderr: list[str] = field(default_factory=list)
    process: asyncio.subprocess.Process | None = None
    _readers: list[asyncio.Task[None]] = field(default_factory=list)

    @property
    def pid(self) -> int:
        assert self.process is not None, "not started"
        return self.process.pid

    @property
    def returncode(self) -> int | None:
        return None if self.process is None else self.process.returncode

    async def start(self) -> Self:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.process = await asyncio.create_subprocess_exec(
            *qotd_command(*self.args),
            cwd=self.folder,  # no stray .env is read
            env=bot_environment(self.settings),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            start_new_session=True,  # a Ctrl-C at the test runner is not sent to the bot as well
        )
        assert self.process.stdout is not None
        assert self.process.stderr is not None
        self._readers = [
            asyncio.create_task(self._collect(self.process.stdout, self.stdout)),
            asyncio.create_task(self._collect(self.process.stderr, self.stderr)),
        ]
        return self

    @staticmethod
    async def _collect(stream: asyncio.StreamReader, into: list[str]) -> None:
        async for line in stream:
            into.append(line.decode(errors="replace").rstrip("\n"))

    def output(self, last: int = 40) -> str:
        """The end of what the process printed, for failure messages."""
        lines = [f"[{self.name} stdout] {x}" for x in self.stdout[-last:]]
        lines += [f"[{self.name} stderr] {x}" for x in self.stderr[-last:]]
        return "\n".join(lines)

    def health(self) -> dict[str, Any] | None:
        """The health file as last written (None before the first write)."""
        try:
            return json.loads(self.settings.health_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None

    async def wait_ready(self, within: float = 60.0) -> dict[str, Any]:
        """Wait until the health file says ready; fail with the output if the process ends first."""
        deadline = time.monotonic() + within
        while True:
            health = self.health()
            if health is not None and health["ready"] and health["pid"] == self.pid:
                return health
            if self.returncode is not None:
                raise RuntimeError(
                    f"{self.name} exited with {self.returncode} before it was ready:\n{self.output()}"
                )
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.name} was not ready within {within:.0f}s:\n{self.output()}")
            await asyncio.sleep(0.1)

    async def wait(self, within: float = 30.0) -> int:
        """Wait for the process to end and its output to be read; its exit status."""
        assert self.process is not None, "not started"
        try:
            status = await asyncio.wait_for(self.process.wait(), within)
        except TimeoutError:
            raise TimeoutError(f"{self.name} did not exit within {within:.0f}s:\n{self.output()}") from None
        await asyncio.gather(*self._readers)
        return status

    def send_signal(self, signum: int) -> None:
        """Send ``signum`` to the process (nothing if it has ended)."""
        if self.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.process.send_signal(signum)  # type: ignore[union-attr]

    async def kill(self) -> int:
        """SIGKILL: the process ends at once, whatever it was doing."""
        self.send_signal(signal.SIGKILL)
        return await self.wait()

    async def stop(self, within: float = 30.0) -> int:
        """SIGTERM, as Docker and systemd stop it; the exit status."""
        self.send_signal(signal.SIGTERM)
        return await self.wait(within)

    def logged(self, pattern: re.Pattern[str]) -> list[int]:
        """The first group of every stdout line matching ``pattern``, as integers (e.g. guild ids)."""
        return [int(m.group(1)) for line in self.stdout if (m := pattern.search(line))]


@contextlib.asynccontextmanager
async def qotd_process(
    target: Target, database_url: str, folder: Path, *, name: str = "qotd", **settings: Any
) -> AsyncIterator[QotdProcess]:
    """A started ``qotd run --prepare`` against ``target``; killed on exit if still running."""
    proc = QotdProcess(bot_settings(target, database_url, folder, **settings), folder, name)
    await proc.start()
    try:
        yield proc
    finally:
        if proc.returncode is None:
            await proc.kill()


# ----------------------------------------------------------------------------- what the emulator holds


def is_reveal(message: Message) -> bool:
    return str(message.nonce or "").startswith(REVEAL_NONCE_PREFIX)


@dataclass(frozen=True)
class ChannelDay:
    """The bot's own channel messages (no interaction answers) in one channel."""

    posts: list[Message]
    reveals: list[Message]


def day_messages(emu: Emulator, channel_ids: Iterable[int]) -> dict[int, ChannelDay]:
    """Per channel, the daily posts and reveals the bot left there."""
    found: dict[int, ChannelDay] = {}
    for channel_id in channel_ids:
        own = [
            m
            for m in emu.messages(channel_id)
            if m.author_id == emu.world.bot.id and m.interaction_id is None
        ]
        found[channel_id] = ChannelDay(
            posts=[m for m in own if not is_reveal(m)], reveals=[m for m in own if is_reveal(m)]
        )
    return found


def count_posts(emu: Emulator) -> int:
    """Daily posts (not reveals) the bot has sent so far, in every channel."""
    bot_id = emu.world.bot.id
    return sum(
        1
        for m in emu.world.messages.values()
        if m.author_id == bot_id and m.interaction_id is None and not is_reveal(m)
    )


def count_reveals(emu: Emulator) -> int:
    """Reveals the bot has sent so far, in every channel."""
    return sum(1 for m in emu.world.messages.values() if m.author_id == emu.world.bot.id and is_reveal(m))


def send_in_flight(emu: Emulator) -> bool:
    """Whether a message create is on the wire (arrived, not answered yet)."""
    return any(r.route == MESSAGE_CREATE and r.status == 0 for r in emu.requests)


async def kill_mid_send(
    proc: QotdProcess,
    emu: Emulator,
    condition: Callable[[], bool],
    what: str,
    *,
    done: Callable[[], bool] = lambda: False,
) -> None:
    """SIGKILL ``proc`` once ``condition()`` holds and a send is on the wire; wait for that send to land.

    Discord stores the message; the dead process never learns its id. When ``done()`` holds
    first (nothing is left to send), the kill comes at once.
    """
    await wait_until(
        lambda: (condition() and send_in_flight(emu)) or done() or proc.returncode is not None,
        within=60,
        what=what,
        every=0.01,
    )
    assert await proc.kill() == -9, proc.output()
    await wait_until(lambda: not send_in_flight(emu), within=5, what="the last send to land")


def first_channels(emu: Emulator, guilds: Sequence[Any] | None = None) -> list[tuple[int, int]]:
    """(guild id, first text channel id) of each guild: where the daily question goes."""
    return [(g.id, emu.text_channels(g)[0].id) for g in (guilds if guilds is not None else emu.guilds)]


_BODY_OF = {
    "POST /channels/{channel_id}/messages": lambda body: body,
    "PATCH /channels/{channel_id}/messages/{message_id}": lambda body: body,
    "POST /webhooks/{webhook_id}/{webhook_token}": lambda body: body,
    "PATCH /webhooks/{webhook_id}/{webhook_token}/messages/@original": lambda body: body,
    "PATCH /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}": lambda body: body,
    "POST /interactions/{interaction_id}/{interaction_token}/callback": lambda body: (
        body.get("data") if body.get("type") in (4, 7) else None
    ),
}


def ping_problems(emu: Emulator, *, allowed_roles: Iterable[int] = ()) -> list[str]:
    """Every message body the bot sent that could notify someone (empty: it never pings).

    Discord parses every mention when ``allowed_mentions`` is missing, so each message the bot
    creates or edits must carry one that allows no @everyone, no users and no roles (but
    ``allowed_roles``) and no reply ping.
    """
    allowed = {str(r) for r in allowed_roles}
    problems = []
    for record in emu.requests:
        pick: Callable[[dict[str, Any]], dict[str, Any] | None] | None = _BODY_OF.get(record.route or "")
        if pick is None or not isinstance(record.body, dict):
            continue
        body = pick(record.body)
        if body is None or (record.method == "PATCH" and "content" not in body):
            continue  # an edit that leaves the text alone (e.g. disables buttons) notifies nobody
        where = f"{record.method} {record.path}"
        policy = body.get("allowed_mentions")
        if policy is None:
            problems.append(f"{where}: no allowed_mentions (Discord would parse every mention)")
            continue
        if set(policy.get("parse") or ()):
            problems.append(f"{where}: allowed_mentions parses {policy['parse']}")
        if policy.get("users"):
            problems.append(f"{where}: allowed_mentions allows users {policy['users']}")
        if not {str(r) for r in policy.get("roles") or ()} <= allowed:
            problems.append(f"{where}: allowed_mentions allows roles {policy['roles']}")
        if policy.get("replied_user"):
            problems.append(f"{where}: the reply pings its author")
    return problems


def walk(components: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every component of a message's or modal's tree (rows, labels and their children), depth first."""
    for item in components:
        yield item
        yield from walk(
            [*(item.get("components") or []), *(item[k] for k in ("component", "accessory") if k in item)]
        )


def component(components: Iterable[dict[str, Any]], custom_id: str) -> dict[str, Any]:
    """The component whose custom id is ``custom_id`` or, with a trailing ``*``, starts with the rest."""
    prefix = custom_id.removesuffix("*")
    wanted = (lambda c: c.startswith(prefix)) if custom_id.endswith("*") else (lambda c: c == custom_id)
    found = next((c for c in walk(components) if wanted(str(c.get("custom_id", "")))), None)
    if found is None:
        raise LookupError(f"no component {custom_id!r}")
    return found


async def answer_through_the_form(emu: Emulator, post: Message, member: int, text: str) -> Callback:
    """A member presses the post's Answer button and submits ``text`` in the form; the bot's answer."""
    button = component(post.components, "qotd:answer:*")["custom_id"]
    form = await (await emu.click(post, button, member)).acknowledged()
    return await (await emu.submit_modal(form, {"answer": text})).acknowledged()
