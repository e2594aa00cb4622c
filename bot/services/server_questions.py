"""A server's own questions: upload a document, preview what was found, confirm, list, remove, export.

Uploads are Markdown or text documents in any shape the bank's parsers read
(``bot.questionbank.builder.parse_upload``), or a bank file (YAML, e.g. one
exported here and edited). Questions get server-owned ids ``g<guild_id>-<hex>``
from a hash of their prompt, so uploading the same document again updates
those questions instead of adding copies; a YAML file's ids of this server are
kept as they are (an exported file edited and uploaded updates in place).

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

from bot.db.records import QuestionSummary
from bot.db.uow import UnitOfWorkFactory
from bot.domain.clock import Clock
from bot.domain.errors import InvalidImport, UnknownQuestion, echo
from bot.domain.questions import Question
from bot.questionbank.bankfile import dump_yaml, parse_bank_text, question_to_dict
from bot.questionbank.builder import load_taxonomy, parse_upload
from bot.questionbank.errors import BankFileError
from bot.questionbank.groups import near_duplicate_groups
from bot.questionbank.ids import Fingerprint, hash_id
from bot.questionbank.parsed import ParseError
from bot.questionbank.taxonomy import Taxonomy
from bot.services.errors import busy_means_try_again

DOCUMENT_SUFFIXES = frozenset({".md", ".txt"})
BANK_FILE_SUFFIXES = frozenset({".yaml", ".yml"})
MAX_UPLOAD_BYTES = 1024 * 1024
PREVIEW_TTL = timedelta(minutes=15)
MAX_PENDING_PER_SERVER = 3
SAMPLE_SIZE = 3
EXPORT_FORMAT = "server-export"


@dataclass(frozen=True, slots=True)
class SkippedLines:
    """Lines of the document that were not made a question, and why."""

    lines: tuple[int, int]  # 1-based, inclusive
    reason: str


@dataclass(frozen=True, slots=True)
class ImportPreview:
    token: str  # pass to confirm_import / cancel_import
    filename: str
    count: int  # questions that would be imported
    by_kind: dict[str, int]
    sample: list[Question]  # the first few, to show
    skipped: list[SkippedLines]
    left_out: list[str]  # questions found but not importable, each with the reason
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class ImportResult:
    added: int
    updated: int  # changed since the last upload, or brought back after a removal
    unchanged: int


@dataclass(frozen=True, slots=True)
class _Pending:
    guild_id: int
    questions: tuple[Question, ...]
    expires_at: datetime


def safe_filename(filename: str) -> str:
    """The upload's name as the bot repeats it: no folders, no Markdown or mentions, at most 100 characters."""
    name = re.sub(r"[^\w.\- ]", "_", Path(filename.replace("\\", "/")).name).strip() or "upload"
    return name[-100:]


def _decode(filename: str, data: bytes) -> str:
    """The upload as text; ``InvalidImport`` for the wrong type, size or encoding."""
    suffix = Path(filename).suffix.lower()
    if suffix not in DOCUMENT_SUFFIXES | BANK_FILE_SUFFIXES:
        raise InvalidImport(
            f"{echo(filename)} is not a .md, .txt, .yaml or .yml file; upload questions as text, "
            "Markdown or a bank file"
        )
    if len(data) > MAX_UPLOAD_BYTES:
        raise InvalidImport(f"{echo(filename)} is {len(data) / MAX_UPLOAD_BYTES:.1f} MiB; the limit is 1 MiB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidImport(
            f"{echo(filename)} is not UTF-8 text (byte {exc.start} is 0x{data[exc.start]:02x}); "
            "save it as UTF-8 and upload it again"
        ) from exc
    if "\x00" in text:
        raise InvalidImport(f"{echo(filename)} looks like a binary file (byte {data.index(0)} is 0x00)")
    return text


class ServerQuestions:
    """Uploading and managing a server's own questions."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        content_dir: Path,
        *,
        taxonomy: Taxonomy | None = None,
    ) -> None:
        self._uow = uow_factory
        self._clock = clock
        self._content_dir = content_dir
        self._taxonomy_cache = taxonomy
        self._pending: dict[str, _Pending] = {}

    def _taxonomy(self) -> Taxonomy:
        # Loaded on first use: the bank (topics.yaml) is built before the bot takes uploads.
        if self._taxonomy_cache is None:
            self._taxonomy_cache = load_taxonomy(self._content_dir)
        return self._taxonomy_cache

    def _read_document(
        self, filename: str, text: str
    ) -> tuple[list[Question], list[SkippedLines], list[str]]:
        try:
            questions, result = parse_upload(text, filename, self._content_dir, taxonomy=self._taxonomy())
        except ParseError as exc:
            raise InvalidImport(str(exc)) from exc
        if not questions and result.topics:
            raise InvalidImport(
                f"{echo(filename)} is a syllabus (a list of topics), not questions; "
                "upload a document of questions and answers"
            )
        skipped = [SkippedLines((b.first_line, b.last_line), b.reason) for b in result.skipped]
        kept: list[Question] = []
        left_out: list[str] = []
        for question in questions:
            if question.prompt.strip():
                kept.append(question)
            else:
                where = question.source
                lines = f"lines {where.first_line}–{where.last_line}" if where else "a question"
                left_out.append(f"{lines}: no question text, only an answer (add the question above it)")
        if not kept and left_out:
            found = (
                "the question found in {} has no question text, only an answer"
                if len(left_out) == 1
                else f"none of the {len(left_out)} questions found in {{}} has a question text, only answers"
            )
            raise InvalidImport(
                found.format(echo(filename)) + "; write each question above its answer and upload it again"
            )
        return kept, skipped, left_out

    def _read_bank_file(self, filename: str, text: str) -> list[Question]:
        try:
            bank_file = parse_bank_text(Path(Path(filename).name), text)
        except BankFileError as exc:
            where = f"{echo(filename)} line {exc.line}" if exc.line else echo(filename)
            raise InvalidImport(f"{where}: {exc.problem}") from exc
        if not bank_file.questions:
            raise InvalidImport(f"{echo(filename)} holds no questions")
        known = self._taxonomy().by_id
        for question in bank_file.questions:
            if question.topic not in known:
                raise InvalidImport(
                    f"question {echo(question.id)} has the topic {echo(question.topic)}, which is not one of "
                    f"the bot's topics ({', '.join(sorted(known))})"
                )
        return bank_file.questions

    def _owned(self, guild_id: int, questions: list[Question], *, keep_own_ids: bool) -> list[Question]:
        """The questions under this server's ids, with near-duplicate groups of their own."""
        code = f"g{guild_id}"
        kept = [q.id for q in questions if keep_own_ids and q.id.startswith(f"{code}-")]
        duplicates = sorted(qid for qid, n in Counter(kept).items() if n > 1)
        if duplicates:
            raise InvalidImport(f"the id {echo(duplicates[0])} is used by more than one question")
        taken = set(kept)
        owned = []
        for q in questions:
            if not (keep_own_ids and q.id.startswith(f"{code}-")):
                identity = Fingerprint(q.prompt, q.full_answer).identity
                q = replace(q, id=hash_id(code, identity, taken))
                taken.add(q.id)
            owned.append(q)
        groups = near_duplicate_groups(owned)
        group_of = {qid: name for name, ids in groups.items() for qid in ids}
        return [
            q if q.group or q.id not in group_of else replace(q, group=f"{code}-{group_of[q.id]}")
            for q in owned
        ]

    def _read(
        self, guild_id: int, filename: str, data: bytes
    ) -> tuple[list[Question], list[SkippedLines], list[str]]:
        text = _decode(filename, data)
        if Path(filename).suffix.lower() in BANK_FILE_SUFFIXES:
            return self._owned(guild_id, self._read_bank_file(filename, text), keep_own_ids=True), [], []
        found, skipped, left_out = self._read_document(filename, text)
        return self._owned(guild_id, found, keep_own_ids=False), skipped, left_out

    def _forget_expired(self, now: datetime) -> None:
        for token in [t for t, p in self._pending.items() if p.expires_at <= now]:
            del self._pending[token]

    def _keep(self, pending: _Pending) -> str:
        mine = [t for t, p in self._pending.items() if p.guild_id == pending.guild_id]
        for token in mine[: max(0, len(mine) - MAX_PENDING_PER_SERVER + 1)]:
            del self._pending[token]  # the oldest previews of this server make room
        token = secrets.token_urlsafe(12)
        self._pending[token] = pending
        return token

    async def preview_import(self, guild_id: int, filename: str, data: bytes) -> ImportPreview:
        """Read an uploaded file and show what importing it would add; nothing is stored yet.

        ``InvalidImport`` (its message says what to fix) for a file that is not
        .md/.txt/.yaml/.yml, larger than 1 MiB, not UTF-8, in which nothing was
        recognised, or a bank file that does not validate (the line is named).
        """
        now = self._clock.now()
        self._forget_expired(now)
        filename = safe_filename(filename)
        # Parsing a large document takes a while: off the event loop, so the bot keeps answering.
        questions, skipped, left_out = await asyncio.to_thread(self._read, guild_id, filename, data)
        expires_at = now + PREVIEW_TTL
        token = self._keep(_Pending(guild_id, tuple(questions), expires_at))
        return ImportPreview(
            token=token,
            filename=filename,
            count=len(questions),
            by_kind=dict(sorted(Counter(str(q.kind) for q in questions).items())),
            sample=questions[:SAMPLE_SIZE],
            skipped=skipped,
            left_out=left_out,
            expires_at=expires_at,
        )

    async def confirm_import(self, guild_id: int, token: str) -> ImportResult:
        """Store a previewed upload in the server's pool, all of it or nothing."""
        now = self._clock.now()
        self._forget_expired(now)
        pending = self._pending.get(token)
        if pending is None or pending.guild_id != guild_id:
            raise InvalidImport(
                "that preview has expired (previews last 15 minutes) or was already used; upload the file again"
            )
        async with busy_means_try_again(), self._uow() as uow:
            counts = await uow.questions.upsert_many(pending.questions, guild_id=guild_id, now=now)
            await uow.commit()
        self._pending.pop(token, None)
        return ImportResult(counts.added, counts.updated + counts.revived, counts.unchanged)

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
        """Take one of the server's own questions out of its pool.

        A question that was posted is retired (its answers and points stay);
        ``UnknownQuestion`` for an id that is not one of this server's questions.
        """
        now = self._clock.now()
        async with busy_means_try_again(), self._uow() as uow:
            removed = await uow.questions.delete_owned(guild_id, question_id.strip().lower(), now=now)
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
