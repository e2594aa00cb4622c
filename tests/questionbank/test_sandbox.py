"""The upload reader's process: a hostile document is stopped at a limit, the bot keeps running.

The parsers are made linear elsewhere; these tests stand a deliberately hostile
reader in for them (a regular expression that backtracks for ever, holding the
GIL as a real one does; a memory hog; a reader that never returns), so they
keep proving the sandbox whatever the parsers become.
"""

from __future__ import annotations

import asyncio
import os
import re
import time

import pytest

from bot.questionbank.builder import load_taxonomy
from bot.questionbank.errors import UploadRefused
from bot.questionbank.limits import MIB, UploadLimits
from bot.questionbank.sandbox import ReaderFailed, UploadSandbox
from bot.questionbank.taxonomy import Taxonomy
from bot.questionbank.upload import Upload, UploadRequest, read_upload
from bot.settings import PROJECT_ROOT

LIMITS = UploadLimits(cpu_seconds=1, wall_seconds=4.0, memory_bytes=256 * MIB)
QA_DOC = PROJECT_ROOT / "content" / "sources" / "qa-node-express-40.txt"


def hostile(request: UploadRequest) -> Upload:
    """The reader, except for documents named after what they do to it."""
    name = request.filename
    if name.startswith("backtrack"):
        re.match(r"(a+)+$", "a" * 64 + "!")  # exponential, and the GIL is never released
    elif name.startswith("memory"):
        hoard = []
        while True:
            hoard.append(bytes(32 * MIB))  # calloc: address space, not time
    elif name.startswith("sleep"):
        time.sleep(3600)
    elif name.startswith("bug"):
        raise ValueError("a bug in a parser")
    elif name.startswith("crash"):
        os._exit(7)
    return read_upload(request)


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy(PROJECT_ROOT / "content")


@pytest.fixture(scope="module")
def sandbox() -> UploadSandbox:
    return UploadSandbox(LIMITS, read=hostile)


def request(taxonomy: Taxonomy, name: str, data: bytes = b"Q: What is X?\nA: X is Y.\n") -> UploadRequest:
    return UploadRequest(name, data, "g1", taxonomy)


async def test_a_document_that_spins_the_cpu_is_stopped_at_the_limit_and_the_next_read_works(
    sandbox, taxonomy
):
    started = time.monotonic()
    with pytest.raises(UploadRefused) as caught:
        await sandbox.read(request(taxonomy, "backtrack.md"))
    elapsed = time.monotonic() - started

    assert caught.value.over_limit
    assert caught.value.reason in (
        "`backtrack.md` took more than 1 s of processor time to read; the limit keeps the bot "
        "responsive for every server: split the file into smaller ones",
        # On a machine too busy to give the child a second of processor time in 4 s:
        "`backtrack.md` took longer than 4 s to read; the limit keeps the bot responsive for "
        "every server: split the file into smaller ones",
    )
    assert elapsed < LIMITS.wall_seconds + 2
    upload = await sandbox.read(request(taxonomy, "qa.txt", QA_DOC.read_bytes()))
    assert len(upload.questions) == 40


async def test_the_event_loop_keeps_ticking_while_a_hostile_document_is_read(sandbox, taxonomy):
    gaps: list[float] = []
    reading = asyncio.ensure_future(sandbox.read(request(taxonomy, "backtrack-2.md")))

    async def heartbeat() -> None:
        last = time.monotonic()
        while not reading.done():
            await asyncio.sleep(0.05)
            now = time.monotonic()
            gaps.append(now - last)
            last = now

    await heartbeat()

    with pytest.raises(UploadRefused):
        reading.result()
    assert sum(gaps) > 0.9  # it ticked all along the second (of processor time) or more of reading
    # A loop running the reader would stall for the whole second; 0.5 s leaves room for a busy machine.
    assert max(gaps) < 0.5, f"the loop stalled for {max(gaps):.2f} s"


async def test_a_document_that_needs_too_much_memory_is_refused_by_the_memory_limit(sandbox, taxonomy):
    with pytest.raises(UploadRefused) as caught:
        await sandbox.read(request(taxonomy, "memory.md"))

    assert caught.value.over_limit
    assert "`memory.md` needed more than 256 MiB of memory to read" in caught.value.reason


async def test_a_reader_that_never_returns_is_killed_at_the_wall_clock_limit(sandbox, taxonomy):
    started = time.monotonic()
    with pytest.raises(UploadRefused, match=r"`sleep.md` took longer than 4 s to read; the limit keeps"):
        await sandbox.read(request(taxonomy, "sleep.md"))
    assert time.monotonic() - started < LIMITS.wall_seconds + 2


async def test_a_bug_or_a_crash_in_the_reader_is_an_incident_not_a_refusal_and_the_next_read_works(
    sandbox, taxonomy
):
    with pytest.raises(ReaderFailed, match="a bug in a parser"):
        await sandbox.read(request(taxonomy, "bug.md"))
    with pytest.raises(ReaderFailed, match="exit code 7"):
        await sandbox.read(request(taxonomy, "crash.md"))
    upload = await sandbox.read(request(taxonomy, "fine.md"))
    assert [q.prompt for q in upload.questions] == ["What is X?"]


async def test_hostile_documents_read_at_once_do_not_hold_up_a_good_one_for_long(sandbox, taxonomy):
    hostile_reads = [
        asyncio.ensure_future(sandbox.read(request(taxonomy, f"sleep-{i}.md"))) for i in range(2)
    ]
    good = asyncio.ensure_future(sandbox.read(request(taxonomy, "fine.md")))

    results = await asyncio.gather(*hostile_reads, good, return_exceptions=True)

    assert all(isinstance(r, UploadRefused) for r in results[:2])
    assert isinstance(results[2], Upload)  # queued behind them, then read: nothing was broken


def test_a_file_over_the_size_limit_is_refused_without_starting_a_reader(taxonomy):
    sandbox = UploadSandbox(LIMITS, read=hostile)
    huge = request(taxonomy, "sleep.md", b"x" * (LIMITS.max_bytes + 1))

    with pytest.raises(UploadRefused, match=r"is 1\.0 MiB; the limit is 1 MiB"):
        asyncio.run(sandbox.read(huge))


async def test_a_read_stopped_by_shutdown_says_so_and_the_sandbox_reads_again_after(taxonomy):
    sandbox = UploadSandbox(LIMITS, read=hostile)
    reading = asyncio.ensure_future(sandbox.read(request(taxonomy, "sleep.md")))
    for _ in range(500):  # until the child is at work (the sandbox has no event to wait on)
        if sandbox.reading:
            break
        await asyncio.sleep(0.02)

    sandbox.close()

    with pytest.raises(UploadRefused, match=r"the bot restarted while reading `sleep.md`; upload it again"):
        await reading
    upload = await sandbox.read(request(taxonomy, "fine.md"))
    assert len(upload.questions) == 1
