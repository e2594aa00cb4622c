"""The upload reader's process: ``read_upload`` under CPU-time, memory and wall-clock limits.

A regular expression never releases the GIL, so a parser running in a thread of
the bot's process stalls its event loop (and the gateway heartbeat of every
server) for as long as it runs. Each upload is therefore read in a child
process of its own, which sets ``RLIMIT_CPU`` and ``RLIMIT_AS`` on itself before
reading, and which the parent kills when the wall-clock limit passes. One child
per document means a child that dies (killed at a limit, or any crash) takes
nothing with it: there is no pool to break, and the next upload gets a fresh
process. The waiting happens in a small thread pool (``workers`` uploads read at
once, later ones queue), so the event loop only awaits a future.

Children start from a fork server (``forkserver``, the default: the bot process
has threads, which ``fork`` must not copy) that has already imported the
parsers, so starting one costs milliseconds. ``qotd bank parse``, a
single-threaded process, uses ``fork``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import resource
import signal
import threading
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from bot.domain.errors import echo
from bot.questionbank.errors import UploadRefused
from bot.questionbank.limits import MIB, UPLOAD_LIMITS, UploadLimits
from bot.questionbank.upload import Upload, UploadRequest, check_size, read_upload

log = logging.getLogger(__name__)

# The limit protects the bot for every server; the person learns that, and what to do.
_WHY = "the limit keeps the bot responsive for every server: split the file into smaller ones"


Reader = Callable[[UploadRequest], Upload]


class ReaderFailed(RuntimeError):
    """The reader process failed on a bug (not a limit); logged as an incident, never shown raw."""


def _apply_limits(limits: UploadLimits) -> None:
    """In the child: at most ``cpu_seconds`` of CPU (then SIGXCPU), ``memory_bytes`` of address space."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a child stopped at a limit leaves no core file
    for which, soft, hard in (
        (resource.RLIMIT_CPU, limits.cpu_seconds, limits.cpu_seconds + 1),  # SIGKILL a second later
        (resource.RLIMIT_AS, limits.memory_bytes, limits.memory_bytes),
    ):
        _, current_hard = resource.getrlimit(which)
        if current_hard != resource.RLIM_INFINITY:
            soft, hard = min(soft, current_hard), min(hard, current_hard)
        resource.setrlimit(which, (soft, hard))


def _child(sender: Connection, read: Reader, request: UploadRequest) -> None:
    _apply_limits(request.limits)
    outcome: tuple[str, Any]
    try:
        outcome = ("ok", read(request))
    except UploadRefused as exc:
        outcome = ("refused", exc)
    except MemoryError:
        outcome = ("memory", None)
    except Exception:
        outcome = ("error", traceback.format_exc(limit=8)[-4000:])
    try:
        sender.send(outcome)
    except MemoryError:
        sender.send(("memory", None))
    finally:
        sender.close()


class UploadSandbox:
    """Reads uploads in child processes under ``limits``; created once at start-up, closed at shutdown."""

    def __init__(
        self,
        limits: UploadLimits = UPLOAD_LIMITS,
        *,
        workers: int = 2,
        start_method: str = "forkserver",
        read: Reader = read_upload,
    ) -> None:
        """``limits`` apply to every request; ``read`` runs in the child (a module-level
        function; tests pass a hostile stand-in)."""
        self.limits = limits
        self._read = read
        self._context = multiprocessing.get_context(start_method)
        if start_method == "forkserver":
            # Children fork from a server that has the parsers (and the main module, which a
            # child would otherwise import again) imported once; ignored once the server runs.
            self._context.set_forkserver_preload(["__main__", __name__])
        self._waiters = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="upload-reader")
        self._children: set[BaseProcess] = set()
        self._stopped: set[int | None] = set()  # pids of children ``close`` stopped
        self._lock = threading.Lock()

    @property
    def reading(self) -> int:
        """How many documents child processes are reading right now."""
        with self._lock:
            return len(self._children)

    async def read(self, request: UploadRequest) -> Upload:
        """``read_upload(request)`` in a child process; the event loop only waits."""
        check_size(request.filename, len(request.data), self.limits)  # not even sent to a child
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._waiters, self.read_blocking, request)

    def read_blocking(self, request: UploadRequest) -> Upload:
        """The same, blocking the calling thread (the CLI; the bot calls ``read``)."""
        limits = self.limits
        request = replace(request, limits=limits)  # the child checks the same limits the sandbox enforces
        receiver, sender = self._context.Pipe(duplex=False)
        child = self._context.Process(
            target=_child, args=(sender, self._read, request), name="qotd-upload-reader", daemon=True
        )
        with self._lock:
            child.start()
            self._children.add(child)
        sender.close()
        outcome: tuple[str, Any] | None = None
        timed_out = False
        try:
            if receiver.poll(limits.wall_seconds):
                with contextlib.suppress(EOFError, OSError):  # the child died before answering
                    outcome = receiver.recv()
            else:
                timed_out = True
        finally:
            if timed_out:
                child.kill()
            child.join(timeout=limits.wall_seconds)
            if child.is_alive():  # answered and then hung: never leave it running
                child.kill()
                child.join()
            receiver.close()
            with self._lock:
                self._children.discard(child)
                stopped = child.pid in self._stopped
                self._stopped.discard(child.pid)
        if stopped and outcome is None:
            raise UploadRefused(
                f"the bot restarted while reading {echo(request.filename)}; upload it again in a minute"
            )
        return self._result(request, outcome, child.exitcode, timed_out=timed_out)

    def _result(
        self,
        request: UploadRequest,
        outcome: tuple[str, Any] | None,
        exitcode: int | None,
        *,
        timed_out: bool,
    ) -> Upload:
        name, limits = echo(request.filename), request.limits
        if outcome is not None:
            status, value = outcome
            if status == "ok":
                return value  # type: ignore[no-any-return]
            if status == "refused":
                raise value
            if status == "memory":
                raise UploadRefused(
                    f"{name} needed more than {limits.memory_bytes // MIB} MiB of memory to read; {_WHY}",
                    over_limit=True,
                )
            raise ReaderFailed(f"reading {request.filename!r} failed:\n{value}")
        if timed_out:
            log.warning("upload %r: stopped after %.0f s (wall clock)", request.filename, limits.wall_seconds)
            raise UploadRefused(
                f"{name} took longer than {limits.wall_seconds:g} s to read; {_WHY}", over_limit=True
            )
        if exitcode in (-signal.SIGXCPU, -signal.SIGKILL):
            log.warning("upload %r: stopped at the CPU limit (exit %s)", request.filename, exitcode)
            raise UploadRefused(
                f"{name} took more than {limits.cpu_seconds} s of processor time to read; {_WHY}",
                over_limit=True,
            )
        raise ReaderFailed(f"the reader of {request.filename!r} stopped with exit code {exitcode}")

    def close(self) -> None:
        """Stop any reading in progress (at shutdown); the sandbox stays usable afterwards."""
        with self._lock:
            children = list(self._children)
            self._stopped.update(child.pid for child in children)
        for child in children:
            with contextlib.suppress(Exception):
                child.kill()
