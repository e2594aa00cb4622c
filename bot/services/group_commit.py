"""Group commit: callers hand in one item each and wait; a writer task writes them a batch at a time.

:meth:`GroupCommit.submit` queues an item and waits for its result. One writer task
takes everything queued (up to ``max_batch``) and hands it to the batch function in
one call. When nothing is being written the writer starts at once, so a lone item
waits for nobody; under load, the items that arrive while one batch is written make
the next batch. The writer ends whenever the queue is empty; the next item starts a
new one.

How failures reach the callers:

- the batch function returns one outcome per item, in order: a result, or an
  exception for that item's caller alone (a refusal);
- an error of a kind in ``shared_failures`` (say, a busy database) fails the whole
  batch: every caller gets ``error_for(item, error)``, nothing is retried;
- any other error is written off to one item: the batch is written again one item at
  a time, so the others get their results, and an item that fails alone gets
  ``error_for(item, error)``;
- a caller that stops waiting before its batch is written has its item dropped;
- if the writer itself dies (cancelled, or a bug), every item it held or had queued
  fails with that error: nobody waits forever.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class _Waiting(Generic[T, R]):
    """An item in the queue and the future its caller awaits."""

    item: T
    outcome: asyncio.Future[R]

    def fail(self, error: BaseException) -> None:
        if self.outcome.done():
            return
        if isinstance(error, asyncio.CancelledError):
            self.outcome.cancel()
        else:
            self.outcome.set_exception(error)


class GroupCommit(Generic[T, R]):
    """Write items submitted one by one in batches, each caller getting its own item's outcome.

    ``write`` takes a batch (in arrival order) and returns one outcome per item: the
    item's result, or the exception its caller gets. ``error_for(item, error)`` makes
    the exception a caller gets when the write itself failed; it is called once per
    caller, since one exception object is raised in one task only.
    """

    def __init__(
        self,
        write: Callable[[list[T]], Awaitable[Sequence[R | Exception]]],
        *,
        max_batch: int,
        name: str,
        error_for: Callable[[T, Exception], Exception],
        shared_failures: tuple[type[Exception], ...] = (),
    ) -> None:
        if max_batch < 1:
            raise ValueError("max_batch must be at least 1")
        self._write_batch = write
        self._max_batch = max_batch
        self._name = name
        self._error_for = error_for
        self._shared_failures = shared_failures
        self._queue: deque[_Waiting[T, R]] = deque()
        self._writer: asyncio.Task[None] | None = None

    async def submit(self, item: T) -> R:
        """Queue ``item`` and wait for its outcome (its result, or its caller's exception raised)."""
        waiting: _Waiting[T, R] = _Waiting(item, asyncio.get_running_loop().create_future())
        self._queue.append(waiting)
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write(), name=self._name)
        return await waiting.outcome

    async def aclose(self) -> None:
        """Wait until every item submitted so far is written (or has failed).

        The writer ends by itself whenever the queue is empty, so this is for an
        orderly shutdown. Cancelling the wait cancels the writer, and the items it
        had not written fail with ``CancelledError``. Items submitted later start a
        new writer.
        """
        writer = self._writer
        if writer is None or writer.done():
            return
        try:
            await asyncio.wait([writer])
        except asyncio.CancelledError:
            writer.cancel()
            raise

    async def _write(self) -> None:
        """The writer: batch after batch until the queue is empty, then it ends."""
        batch: list[_Waiting[T, R]] = []
        try:
            while self._queue:
                batch = [self._queue.popleft() for _ in range(min(self._max_batch, len(self._queue)))]
                # A caller that stopped waiting (cancelled) has its item dropped, as a
                # cancelled call that wrote on its own would have rolled back.
                batch = [w for w in batch if not w.outcome.done()]
                if batch:
                    await self._flush(batch)
                batch = []
        except BaseException as exc:
            for waiting in (*batch, *self._queue):
                waiting.fail(exc)
            self._queue.clear()
            if not isinstance(exc, Exception):
                raise  # cancellation and the like go on
            log.exception("%s failed", self._name)

    async def _flush(self, batch: list[_Waiting[T, R]]) -> None:
        """Write one batch and tell every caller how theirs went."""
        try:
            outcomes = await self._write_batch([w.item for w in batch])
        except self._shared_failures as exc:
            for waiting in batch:
                waiting.fail(self._error_for(waiting.item, exc))
            return
        except Exception as exc:
            if len(batch) == 1:
                batch[0].fail(self._error_for(batch[0].item, exc))
                return
            log.warning("%s: a batch of %d failed; writing them one by one", self._name, len(batch), exc_info=True)
            for waiting in batch:
                if not waiting.outcome.done():
                    await self._flush([waiting])
            return
        for waiting, outcome in zip(batch, outcomes, strict=True):
            if waiting.outcome.done():
                continue
            if isinstance(outcome, Exception):
                waiting.outcome.set_exception(outcome)
            else:
                waiting.outcome.set_result(outcome)
