"""A server's own questions: upload a document, preview what was found, confirm, list, remove, export.

Uploads are Markdown or text documents in any shape the bank's parsers read,
or a bank file (YAML, e.g. one exported here and edited). They are read by
``bot.questionbank.upload.read_upload`` in a separate process under the upload
limits (``bot.questionbank.sandbox``, passed in as ``reader``), never on the
event loop. Questions get server-owned ids ``g<guild_id>-<12 hex>`` from a hash
of their prompt, checked against the server's stored ids, so uploading the same
document again updates those questions (ids of 6 hex from before too) instead
of adding copies; a YAML file's ids of this server are kept as they are (an
exported file edited and uploaded updates in place).

Nothing is stored until an admin confirms the preview. Pending previews are
kept in this process's memory for ``PREVIEW_TTL`` (15 minutes), keyed by a
random token: the schema has no table for them, and a preview is a moment's
state of one admin's interaction (its buttons go to the same process, the one
owning the server's shard). A restart drops pending previews; the admin then
uploads the file again.
"""

from __future__ import annotations

import asyncio
import re
import secrets
from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

from bot.db.records import QuestionSummary
from bot.db.uow import UnitOfWorkFactory
from bot.domain.clock import Clock
from bot.domain.errors import InvalidImport, UnknownQuestion
from bot.domain.questions import Question
from bot.domain.short_ids import full_id
from bot.questionbank.bankfile import dump_yaml, question_to_dict
from bot.questionbank.builder import load_taxonomy
from bot.questionbank.errors import UploadRefused
from bot.questionbank.limits import UPLOAD_LIMITS
from bot.questionbank.taxonomy import Taxonomy
from bot.questionbank.upload import SkippedLines, Upload, UploadRequest, check_size, settle_ids
from bot.services.errors import busy_means_try_again

MAX_UPLOAD_BYTES = UPLOAD_LIMITS.max_bytes
PREVIEW_TTL = timedelta(minutes=15)
MAX_PENDING_PER_SERVER = 3
EXPORT_FORMAT = "server-export"


class UploadReader(Protocol):
    """Reads an upload away from the event loop, under the upload limits (``bot.questionbank.sandbox``)."""

    async def read(self, request: UploadRequest) -> Upload: ...

    def close(self) -> None:
        """Stop any reading in progress (at shutdown)."""


@dataclass(frozen=True, slots=True)
class ImportPreview:
    """A read upload waiting for an admin's Add or Cancel: every question it would add, and its report."""

    token: str  # pass to confirm_import / cancel_import / pending_preview
    guild_id: int
    filename: str
    questions: tuple[Question, ...]  # what Add would store, in the document's order
    skipped: list[SkippedLines]
    left_out: list[str]  # questions found but not importable, each with the reason
    notes: tuple[str, ...]  # what was repaired or filled in (bot.questionbank.upload_notes)
    expires_at: datetime

    @property
    def count(self) -> int:
        return len(self.questions)

    @property
    def by_kind(self) -> dict[str, int]:
        return dict(sorted(Counter(str(q.kind) for q in self.questions).items()))


@dataclass(frozen=True, slots=True)
class ImportResult:
    filename: str
    added: int
    updated: int  # changed since the last upload, or brought back after a removal
    unchanged: int
    by_kind: dict[str, int]  # of everything the upload held


def check_upload_size(filename: str, size: int) -> None:
    """``InvalidImport`` for a file over the size limit, before it is downloaded."""
    try:
        check_size(safe_filename(filename), size)
    except UploadRefused as exc:
        raise InvalidImport(exc.reason) from exc


def safe_filename(filename: str) -> str:
    """The upload's name as the bot repeats it: no folders, no Markdown or mentions, at most 100 characters."""
    name = re.sub(r"[^\w.\- ]", "_", Path(filename.replace("\\", "/")).name).strip() or "upload"
    return name[-100:]


class ServerQuestions:
    """Uploading and managing a server's own questions."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        content_dir: Path,
        *,
        reader: UploadReader,
        taxonomy: Taxonomy | None = None,
    ) -> None:
        self._uow = uow_factory
        self._reader = reader
        self._clock = clock
        self._content_dir = content_dir
        self._taxonomy_cache = taxonomy
        self._pending: dict[str, ImportPreview] = {}

    def stop_reading(self) -> None:
        """At shutdown: stop any upload being read (its admin uploads it again after the restart)."""
        self._reader.close()

    def _taxonomy(self) -> Taxonomy:
        # Loaded on first use: the bank (topics.yaml) is built before the bot takes uploads.
        if self._taxonomy_cache is None:
            self._taxonomy_cache = load_taxonomy(self._content_dir)
        return self._taxonomy_cache

    async def _read(self, guild_id: int, filename: str, data: bytes) -> Upload:
        """The upload read by the reader process, its fresh ids settled against the stored ones."""
        code = f"g{guild_id}"
        try:
            # The bot's own taxonomy files, read once; a thread keeps even that off the loop.
            taxonomy = self._taxonomy_cache or await asyncio.to_thread(self._taxonomy)
            upload = await self._reader.read(UploadRequest(filename, data, code, taxonomy))
        except UploadRefused as exc:
            raise InvalidImport(exc.reason) from exc
        async with busy_means_try_again(), self._uow() as uow:
            stored = {s.question.id: s.question for s in await uow.questions.list_owned(guild_id)}
            await uow.commit()
        questions = settle_ids(code, upload.questions, upload.identities, stored)
        return replace(upload, questions=questions)

    def _forget_expired(self, now: datetime) -> None:
        for token in [t for t, p in self._pending.items() if p.expires_at <= now]:
            del self._pending[token]

    def _keep(self, preview: ImportPreview) -> None:
        mine = [t for t, p in self._pending.items() if p.guild_id == preview.guild_id]
        for token in mine[: max(0, len(mine) - MAX_PENDING_PER_SERVER + 1)]:
            del self._pending[token]  # the oldest previews of this server make room
        self._pending[preview.token] = preview

    async def preview_import(self, guild_id: int, filename: str, data: bytes) -> ImportPreview:
        """Read an uploaded file and show what importing it would add; nothing is stored yet.

        ``InvalidImport`` (its message says what to fix) for a file that is not
        .md/.txt/.yaml/.yml, past a limit of ``UPLOAD_LIMITS`` (size, lines, line
        length, questions, YAML anchors or size, processor time, memory, time; the
        limit is named), not UTF-8, in which nothing was recognised, or a bank file
        that does not validate (the line is named).
        """
        now = self._clock.now()
        self._forget_expired(now)
        filename = safe_filename(filename)
        # The reader runs in its own process: a parser never runs on the event loop.
        upload = await self._read(guild_id, filename, data)
        preview = ImportPreview(
            token=secrets.token_urlsafe(12),
            guild_id=guild_id,
            filename=filename,
            questions=tuple(upload.questions),
            skipped=upload.skipped,
            left_out=upload.left_out,
            notes=upload.notes + upload.warnings,
            expires_at=now + PREVIEW_TTL,
        )
        self._keep(preview)
        return preview

    def pending_preview(self, guild_id: int, token: str) -> ImportPreview:
        """A preview still waiting for Add or Cancel (to show another of its pages).

        ``InvalidImport`` once it expired, was used, or belongs to another server.
        """
        self._forget_expired(self._clock.now())
        preview = self._pending.get(token)
        if preview is None or preview.guild_id != guild_id:
            raise InvalidImport(
                "that preview has expired (previews last 15 minutes) or was already used; upload the file again"
            )
        return preview

    async def confirm_import(self, guild_id: int, token: str) -> ImportResult:
        """Store a previewed upload in the server's pool, all of it or nothing."""
        pending = self.pending_preview(guild_id, token)
        now = self._clock.now()
        async with busy_means_try_again(), self._uow() as uow:
            counts = await uow.questions.upsert_many(pending.questions, guild_id=guild_id, now=now)
            await uow.commit()
        self._pending.pop(token, None)
        return ImportResult(
            pending.filename, counts.added, counts.updated + counts.revived, counts.unchanged, pending.by_kind
        )

    async def cancel_import(self, token: str) -> bool:
        """Drop a pending preview; False if there was none (expired or already used)."""
        return self._pending.pop(token, None) is not None

    async def list(self, guild_id: int) -> list[Question]:
        """The server's own questions in its pool, oldest first."""
        async with busy_means_try_again(), self._uow() as uow:
            stored = await uow.questions.list_owned(guild_id)
            await uow.commit()
        return [s.question for s in stored if not s.retired]

    async def summaries(self, guild_id: int) -> list[QuestionSummary]:
        """:meth:`list` for /bank list and autocomplete: ids, kinds, topics and prompts only."""
        async with busy_means_try_again(), self._uow() as uow:
            listed = await uow.questions.owned_summaries(guild_id)
            await uow.commit()
        return [s for s in listed if not s.retired]

    async def remove(self, guild_id: int, question_id: str) -> bool:
        """Take one of the server's own questions (by its short or full id) out of its pool.

        A question that was posted is retired (its answers and points stay);
        ``UnknownQuestion`` for an id that is not one of this server's questions.
        """
        now = self._clock.now()
        async with busy_means_try_again(), self._uow() as uow:
            removed = await uow.questions.delete_owned(guild_id, full_id(question_id, guild_id), now=now)
            if not removed:
                raise UnknownQuestion(question_id)
            await uow.commit()
        return removed

    async def export(self, guild_id: int) -> str:
        """The server's own questions as a bank file (YAML), which ``preview_import`` reads back."""
        questions = await self.list(guild_id)
        header = (
            f"# The questions of server {guild_id}, exported by qotd-bot.\n"
            "# Edit and upload this file again to update them: each id keeps its question's history.\n"
        )
        return header + dump_yaml(
            {"format": EXPORT_FORMAT, "questions": [question_to_dict(q) for q in questions]}
        )
