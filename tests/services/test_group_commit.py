"""Group commit on its own: batching, results to their callers, and how failures fan out."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.services.group_commit import GroupCommit


class Busy(Exception):
    """A failure every item of the batch shares."""


class Refused(Exception):
    """One item's own refusal, returned as its outcome."""


class CallerError(Exception):
    def __init__(self, item: int, cause: Exception) -> None:
        super().__init__(f"{item}: {cause}")
        self.item = item
        self.cause = cause


class Writer:
    """A batch function that records its batches; it can be held, made busy, or break on an item."""

    def __init__(self) -> None:
        self.batches: list[list[int]] = []
        self.written: list[int] = []
        self.gate: asyncio.Event | None = None  # while set to an unset event, each batch waits on it
        self.busy = 0  # the next ``busy`` batches fail with Busy
        self.breaks_on: set[int] = set()  # a batch holding one of these raises (nothing is written)
        self.entered = asyncio.Event()

    async def __call__(self, items: list[int]) -> list[str | Exception]:
        self.batches.append(list(items))
        self.entered.set()
        if self.gate is not None:
            await self.gate.wait()
        if self.busy:
            self.busy -= 1
            raise Busy("busy")
        if broken := self.breaks_on.intersection(items):
            raise ValueError(f"cannot write {min(broken)}")
        outcomes: list[str | Exception] = []
        for item in items:
            if item < 0:
                outcomes.append(Refused(item))
            else:
                self.written.append(item)
                outcomes.append(f"ok {item}")
        return outcomes


def _commit(writer: Writer, max_batch: int = 10) -> GroupCommit[int, str]:
    return GroupCommit(
        writer,
        max_batch=max_batch,
        name="test-writer",
        error_for=CallerError,
        shared_failures=(Busy,),
    )


async def test_a_lone_item_is_written_at_once_and_its_caller_gets_its_result() -> None:
    writer = Writer()
    assert await _commit(writer).submit(1) == "ok 1"
    assert writer.batches == [[1]]


async def test_items_that_arrive_while_a_batch_is_written_make_the_next_batch_in_order() -> None:
    writer = Writer()
    writer.gate = asyncio.Event()
    commit = _commit(writer)
    first = asyncio.create_task(commit.submit(1))
    await writer.entered.wait()  # the writer is busy with [1]
    later = [asyncio.create_task(commit.submit(n)) for n in (2, 3, 4)]
    await asyncio.sleep(0)
    writer.gate.set()
    assert await asyncio.gather(first, *later) == ["ok 1", "ok 2", "ok 3", "ok 4"]
    assert writer.batches == [[1], [2, 3, 4]]


async def test_a_batch_holds_at_most_max_batch_items() -> None:
    writer = Writer()
    commit = _commit(writer, max_batch=3)
    results = await asyncio.gather(*(commit.submit(n) for n in range(7)))
    assert results == [f"ok {n}" for n in range(7)]
    assert writer.batches == [[0, 1, 2], [3, 4, 5], [6]]


async def test_an_item_refused_by_the_batch_function_fails_its_own_caller_only() -> None:
    writer = Writer()
    commit = _commit(writer)
    results = await asyncio.gather(commit.submit(1), commit.submit(-2), commit.submit(3), return_exceptions=True)
    assert results[0] == "ok 1"
    assert results[2] == "ok 3"
    assert isinstance(results[1], Refused)
    assert writer.batches == [[1, -2, 3]]


async def test_a_shared_failure_fails_every_caller_of_the_batch_and_the_next_batch_works() -> None:
    writer = Writer()
    writer.busy = 1
    commit = _commit(writer)
    results = await asyncio.gather(*(commit.submit(n) for n in (1, 2, 3)), return_exceptions=True)
    assert [type(r) for r in results] == [CallerError] * 3
    assert [r.item for r in results if isinstance(r, CallerError)] == [1, 2, 3]
    assert all(isinstance(r, CallerError) and isinstance(r.cause, Busy) for r in results)
    assert len({id(r) for r in results}) == 3  # each caller raises an exception of its own
    assert writer.batches == [[1, 2, 3]]
    assert writer.written == []

    assert await asyncio.gather(commit.submit(1), commit.submit(2)) == ["ok 1", "ok 2"]
    assert writer.batches[1:] == [[1, 2]]


async def test_an_item_that_breaks_its_batch_fails_alone_and_the_others_are_written_one_by_one(
    caplog: pytest.LogCaptureFixture,
) -> None:
    writer = Writer()
    writer.breaks_on = {2}
    commit = _commit(writer)
    with caplog.at_level(logging.WARNING, logger="bot.services.group_commit"):
        results = await asyncio.gather(*(commit.submit(n) for n in (1, 2, 3)), return_exceptions=True)
    assert results[0] == "ok 1"
    assert results[2] == "ok 3"
    assert isinstance(results[1], CallerError)
    assert (results[1].item, str(results[1].cause)) == (2, "cannot write 2")
    assert writer.batches == [[1, 2, 3], [1], [2], [3]]
    assert writer.written == [1, 3]
    assert "a batch of 3 failed" in caplog.text

    # The writer goes on: later items, and the broken item's next try, are handled as usual.
    assert await commit.submit(4) == "ok 4"
    with pytest.raises(CallerError):
        await commit.submit(2)


async def test_a_caller_that_stops_waiting_before_its_batch_is_written_has_its_item_dropped() -> None:
    writer = Writer()
    commit = _commit(writer)
    tasks = [asyncio.create_task(commit.submit(n)) for n in (1, 2, 3)]
    await asyncio.sleep(0)  # all three are queued; the writer has not run yet
    tasks[1].cancel()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    assert isinstance(results[1], asyncio.CancelledError)
    assert (results[0], results[2]) == ("ok 1", "ok 3")
    assert writer.batches == [[1, 3]]


async def test_closing_waits_for_queued_items_and_a_later_item_starts_a_new_writer() -> None:
    writer = Writer()
    commit = _commit(writer)
    await commit.aclose()  # nothing to wait for
    queued = [asyncio.create_task(commit.submit(n)) for n in (1, 2)]
    await asyncio.sleep(0)
    await commit.aclose()
    assert all(t.done() for t in queued)
    assert [t.result() for t in queued] == ["ok 1", "ok 2"]
    assert await commit.submit(3) == "ok 3"


async def test_cancelling_the_close_cancels_the_writer_and_fails_what_it_held_or_had_queued() -> None:
    writer = Writer()
    writer.gate = asyncio.Event()  # never set: the batch hangs until cancelled
    commit = _commit(writer, max_batch=1)
    doomed = [asyncio.create_task(commit.submit(n)) for n in (1, 2)]
    await writer.entered.wait()  # [1] is being written, [2] waits in the queue
    closing = asyncio.create_task(commit.aclose())
    await asyncio.sleep(0)
    closing.cancel()
    results = await asyncio.wait_for(asyncio.gather(*doomed, closing, return_exceptions=True), timeout=10)
    assert all(isinstance(r, asyncio.CancelledError) for r in results)
    assert writer.written == []

    writer.gate = None
    assert await commit.submit(3) == "ok 3"  # a new writer starts


async def test_a_writer_that_dies_fails_everything_it_held_or_had_queued_and_the_next_item_works(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken_error_for(item: int, error: Exception) -> Exception:
        raise RuntimeError("a bug in error_for")

    writer = Writer()
    writer.busy = 1
    commit: GroupCommit[int, str] = GroupCommit(
        writer, max_batch=1, name="test-writer", error_for=broken_error_for, shared_failures=(Busy,)
    )
    with caplog.at_level(logging.ERROR, logger="bot.services.group_commit"):
        results = await asyncio.gather(*(commit.submit(n) for n in (1, 2)), return_exceptions=True)
    assert [type(r) for r in results] == [RuntimeError, RuntimeError]
    assert writer.batches == [[1]]  # the queued item failed with the writer, unwritten
    assert "test-writer failed" in caplog.text
    assert await commit.submit(3) == "ok 3"


def test_a_batch_holds_at_least_one_item() -> None:
    with pytest.raises(ValueError, match="max_batch"):
        GroupCommit(Writer(), max_batch=0, name="test-writer", error_for=CallerError)
