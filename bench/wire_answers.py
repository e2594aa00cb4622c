"""Answer-burst benchmark: hundreds of members sending their answers to the daily question in one second.

Run by hand (not part of the test suite); results and exact commands are in ``bench/RESULTS.md``::

    .venv/bin/python -m bench.wire_answers                     # 200 members, SQLite file
    .venv/bin/python -m bench.wire_answers --db postgres       # the same on PostgreSQL
    .venv/bin/python -m bench.wire_answers --chain             # press, form, submit: all in the burst
    .venv/bin/python -m bench.wire_answers --quick             # 20 members

One server with ``--members`` members; ``qotd run --prepare`` runs in its own process. An
admin's ``/qotd post-now`` (through the emulator) posts an open question. Then, as a member's
client would: each member presses the post's Answer button and gets the answer form (a modal),
``--open-rate`` members a second, before the burst; in the burst every member submits the form
with their own text, the submissions spread evenly over ``--window`` seconds. With ``--chain``
the burst is the whole exchange instead: press, wait for the form, submit.

Reported, per kind of interaction: p50, p95, p99 and the worst time from the dispatch of
INTERACTION_CREATE to the bot's callback arriving at the emulator (Discord's deadline: 3 s), the
callbacks that were not "Saved your answer", and what the database holds: every member's answer
exactly once, exactly as typed.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from bench.wire import (
    Timings,
    emulator_problems,
    log,
    machine_facts,
    new_parser,
    progress,
    run_benchmark,
    run_folder,
)
from bot.db.models import AnswerModel
from bot.domain.questions import Kind
from tests.wire.botrun import Database, first_channels, open_services, qotd_process, zone_away_from_midnight
from tests.wire.emulator import Callback, Emulator, Message
from tests.wire.emulator.interactions import CHANNEL_MESSAGE, MODAL

OPEN_TOPIC = "apis-real-time-systems"  # its seed questions are open: answered through the form
DEADLINE_S = 3.0
SAVED = "Saved your answer"


def answer_text(member: int) -> str:
    """What member ``member`` types: distinct per member, with text Discord would keep as is."""
    return f"Member {member}: use a queue with back-pressure; idempotent consumers, <@&1> not a ping.\n"


async def post_the_question(emu: Emulator, db: Database, guild_id: int, channel_id: int) -> Message:
    """``/qotd setup`` (through the services), then an admin's ``/qotd post-now``; the post."""
    await db.services.schedules.setup(
        guild_id,
        channel_id=channel_id,
        post_time="23:59",
        timezone=zone_away_from_midnight(datetime.now(UTC)),
        reveal_after_minutes=60,
        topics=[OPEN_TOPIC],
    )
    # Sources with multiple choice in the topic are turned off: a choice has no form to fill in.
    with_choices = {
        q.source.file
        for q in db.services.bank.questions
        if q.topic == OPEN_TOPIC and q.kind is Kind.MCQ and q.source is not None
    }
    for source in sorted(with_choices):
        await db.services.sources.turn(guild_id, source, on=False)
    ix = await emu.invoke_slash(guild_id, channel_id, emu.world.owner, "qotd", subcommand="post-now")
    await ix.acknowledged(within=10)
    await emu.wait_until(
        lambda: any(m.components for m in emu.messages(channel_id)), within=30, what="the question"
    )
    return next(m for m in emu.messages(channel_id) if m.components)


def answer_button(post: Message) -> str:
    custom_id = post.components[0]["components"][0]["custom_id"]
    if not custom_id.startswith("qotd:answer:"):
        raise SystemExit(f"the question has no Answer button ({custom_id}): not an open question")
    return custom_id


async def press(emu: Emulator, post: Message, button: str, member: int) -> Callback:
    """The member presses Answer; the bot's answer must be the form."""
    form = await (await emu.click(post, button, member)).acknowledged(within=10)
    if form.type != MODAL:
        raise RuntimeError(f"pressing Answer gave callback type {form.type}, not the form: {form.data}")
    return form


async def open_forms(
    emu: Emulator, post: Message, members: Sequence[int], rate: float, timings: Timings
) -> dict[int, Callback]:
    """Every member opens the answer form, ``rate`` a second; the forms by member."""
    button = answer_button(post)
    started = time.monotonic()

    async def one(index: int, member: int) -> tuple[int, Callback]:
        await asyncio.sleep(max(0.0, started + index / rate - time.monotonic()))
        form = await press(emu, post, button, member)
        timings.add(form.elapsed * 1000)
        return member, form

    return dict(await asyncio.gather(*(one(i, m) for i, m in enumerate(members))))


async def burst(
    emu: Emulator,
    post: Message,
    members: Sequence[int],
    forms: dict[int, Callback] | None,
    window: float,
    timings: dict[str, Timings],
) -> list[Callback]:
    """Every member submits within ``window`` seconds (pressing Answer first when ``forms`` is None)."""
    button = answer_button(post)
    started = time.monotonic()

    async def one(index: int, member: int) -> Callback:
        await asyncio.sleep(max(0.0, started + index * window / len(members) - time.monotonic()))
        if forms is None:
            form = await press(emu, post, button, member)
            timings["press"].add(form.elapsed * 1000)
        else:
            form = forms[member]
        ix = await emu.submit_modal(form, {"answer": answer_text(member)})
        saved = await ix.acknowledged(within=15)
        timings["submit"].add(saved.elapsed * 1000)
        return saved

    return list(await asyncio.gather(*(one(i, m) for i, m in enumerate(members))))


def verdicts(callbacks: Sequence[Callback]) -> dict[str, Any]:
    """How the bot answered the submissions: all saved, all in time?"""
    kinds: Counter[str] = Counter()
    for callback in callbacks:
        content = (callback.data or {}).get("content") or ""
        if callback.type == CHANNEL_MESSAGE and content.startswith(SAVED):
            kinds["saved"] += 1
        else:
            kinds[f"type {callback.type}: {content[:80]}"] += 1
    return {
        "replies": dict(kinds),
        "over_3s": sum(1 for c in callbacks if c.elapsed >= DEADLINE_S),
        "late_callbacks": sum(c.interaction.late_callbacks for c in callbacks),
    }


async def stored(db: Database, post_id: int, members: Sequence[int]) -> dict[str, Any]:
    async with db.engine.connect() as connection:
        rows = (
            await connection.execute(
                select(AnswerModel.member_id, AnswerModel.text).where(AnswerModel.post_id == post_id)
            )
        ).all()
    per_member = Counter(row.member_id for row in rows)
    return {
        "answers": len(rows),
        "every_member_exactly_once": per_member == Counter(members),
        "texts_as_typed": all(row.text == answer_text(row.member_id) for row in rows),
    }


async def measure(url: str, args: argparse.Namespace) -> dict[str, Any]:
    emu = await Emulator(guilds=1, members_per_guild=args.members).start()
    try:
        ((guild_id, channel_id),) = first_channels(emu)
        members = emu.members(guild_id)[1:]  # the owner is the admin; the others answer
        members = members[: args.members]
        results: dict[str, Any] = {"machine": await machine_facts(url)}
        async with (
            open_services(url) as db,
            qotd_process(emu, url, run_folder(args.out, "answers"), name="qotd-answers") as proc,
        ):
            log("starting qotd run ...")
            await proc.wait_ready(within=60)
            post = await post_the_question(emu, db, guild_id, channel_id)
            post_id = int(answer_button(post).rsplit(":", 1)[1])
            timings = {
                "open_form": Timings("open_form"),
                "press": Timings("press"),
                "submit": Timings("submit"),
            }
            forms = None
            if not args.chain:
                log(f"{len(members)} members open the answer form, {args.open_rate:g} a second ...")
                forms = await open_forms(emu, post, members, args.open_rate, timings["open_form"])
            log(f"{len(members)} members submit within {args.window:g}s ...")
            started = time.monotonic()
            async with progress(
                lambda: f"{len(timings['submit'].samples)}/{len(members)} acknowledged", every=0.5
            ):
                callbacks = await burst(emu, post, members, forms, args.window, timings)
            results["burst_s"] = round(time.monotonic() - started, 2)
            await asyncio.sleep(1)  # the bot finishes anything it does after answering
            results["latency_ms"] = {name: t.summary() for name, t in timings.items() if t.samples}
            results["verdicts"] = verdicts(callbacks)
            results["stored"] = await stored(db, post_id, members)
            results["bot_exit_status"] = await proc.stop()
        results["rate_limited"] = dict(emu.limiter.refusals)
        results["emulator_problems"] = emulator_problems(emu)
        return results
    finally:
        await emu.stop()


def parser() -> argparse.ArgumentParser:
    p = new_parser("wire_answers", __doc__)
    p.add_argument("--members", type=int, help="members answering (default 200; 20 with --quick)")
    p.add_argument("--window", type=float, default=1.0, help="seconds the submissions are spread over")
    p.add_argument("--open-rate", type=float, default=40.0, help="forms opened per second before the burst")
    p.add_argument(
        "--chain", action="store_true", help="the burst is press, form and submit, not submits alone"
    )
    return p


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    args = parser().parse_args(argv)
    args.members = args.members or (20 if args.quick else 200)
    return run_benchmark("wire_answers", args, measure)


if __name__ == "__main__":
    main()
