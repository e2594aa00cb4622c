"""Reading one uploaded document: file name and bytes in; questions, or a clear refusal, out.

``read_upload`` is the one path every upload takes: ``/bank import`` (through
``ServerQuestions``) and ``qotd bank parse`` both call it, inside the reader
process of ``bot.questionbank.sandbox``, so a document checked offline gets
exactly what the bot would answer. It is pure (no database, no Discord): the
cheap limits (type, size, encoding, lines, line length) are checked before any
parser runs; a Markdown or text document goes through the bank's parsers, a
YAML bank file through the bomb-proof loader and the schema; questions past a
cap of ``QUESTION_CAPS`` are left out with the reason; ids are keyed under the
owner's code, with near-duplicate groups of their own.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from bot.domain.errors import echo
from bot.domain.questions import Question
from bot.questionbank.bankfile import parse_bank_text
from bot.questionbank.builder import parse_upload
from bot.questionbank.errors import BankFileError, BankFileRefused, UploadRefused
from bot.questionbank.groups import near_duplicate_groups
from bot.questionbank.ids import Fingerprint
from bot.questionbank.limits import MIB, UPLOAD_LIMITS, UploadLimits, question_problems
from bot.questionbank.parsed import ParsedQuestion, ParseError
from bot.questionbank.taxonomy import Taxonomy
from bot.questionbank.upload_notes import upload_notes

DOCUMENT_SUFFIXES = frozenset({".md", ".txt"})
BANK_FILE_SUFFIXES = frozenset({".yaml", ".yml"})
# Hex digits of a server question's id: 48 bits, so two prompts of one server never meet by chance.
ID_HEX = 12
# Ids made before ID_HEX grew; a re-upload of the same question keeps updating them.
LEGACY_ID_HEX = 6


@dataclass(frozen=True, slots=True)
class SkippedLines:
    """Lines of the document that were not made a question, and why."""

    lines: tuple[int, int]  # 1-based, inclusive
    reason: str


@dataclass(frozen=True, slots=True)
class UploadRequest:
    filename: str  # as the person is told it (callers make it safe to repeat)
    data: bytes
    owner: str  # the id code: "g<guild id>" for a server's upload, the file's code offline
    taxonomy: Taxonomy
    limits: UploadLimits = UPLOAD_LIMITS


@dataclass(frozen=True, slots=True)
class Upload:
    """What a document yields: questions to import, and what was not taken, with reasons."""

    questions: list[Question]
    # Per question, the text its id hashes ("" for an id the bank file gave): the caller
    # re-keys fresh ids against the ids already stored (``settle_ids``).
    identities: list[str]
    skipped: list[SkippedLines]
    left_out: list[str]
    format: str
    declared_count: int | None = None
    warnings: tuple[str, ...] = ()  # the parser's, about the document
    notes: tuple[str, ...] = ()  # what was repaired or filled in (bot.questionbank.upload_notes)


def _refuse(message: str) -> UploadRefused:
    return UploadRefused(message, over_limit=True)


def check_size(filename: str, size: int, limits: UploadLimits = UPLOAD_LIMITS) -> None:
    """Refuse a file over the size limit (before downloading or reading it)."""
    if size > limits.max_bytes:
        raise _refuse(
            f"{echo(filename)} is {size / MIB:.1f} MiB; the limit is {limits.max_bytes / MIB:g} MiB: "
            "split it into smaller files"
        )


def decode(filename: str, data: bytes, limits: UploadLimits = UPLOAD_LIMITS) -> str:
    """The upload as text, within the line limits; ``UploadRefused`` for the wrong type, size or encoding."""
    suffix = Path(filename).suffix.lower()
    if suffix not in DOCUMENT_SUFFIXES | BANK_FILE_SUFFIXES:
        raise _refuse(
            f"{echo(filename)} is not a .md, .txt, .yaml or .yml file; upload questions as text, "
            "Markdown or a bank file"
        )
    check_size(filename, len(data), limits)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _refuse(
            f"{echo(filename)} is not UTF-8 text (byte {exc.start} is 0x{data[exc.start]:02x}); "
            "save it as UTF-8 and upload it again"
        ) from exc
    if "\x00" in text:
        raise _refuse(f"{echo(filename)} looks like a binary file (byte {data.index(0)} is 0x00)")
    lines = text.splitlines()
    if len(lines) > limits.max_lines:
        raise _refuse(
            f"{echo(filename)} has {len(lines):,} lines; the limit is {limits.max_lines:,}: "
            "split it into smaller files"
        )
    longest = max(range(len(lines)), key=lambda i: len(lines[i]), default=None)
    if longest is not None and len(lines[longest]) > limits.max_line_chars:
        raise _refuse(
            f"line {longest + 1} of {echo(filename)} is {len(lines[longest]):,} characters long; "
            f"the limit is {limits.max_line_chars:,}: break it into shorter lines"
        )
    return text


def _read_document(request: UploadRequest, text: str) -> tuple[list[Question], Upload]:
    name = request.filename
    try:
        # The taxonomy is given, so parse_upload never reads the content folder.
        questions, result = parse_upload(text, name, Path(), taxonomy=request.taxonomy)
    except ParseError as exc:
        raise UploadRefused(str(exc)) from exc
    if not questions and result.topics:
        raise UploadRefused(
            f"{echo(name)} is a syllabus (a list of topics), not questions; "
            "upload a document of questions and answers"
        )
    kept: list[Question] = []
    kept_parsed: list[ParsedQuestion] = []
    left_out: list[str] = []
    for parsed, question in zip(result.questions, questions, strict=True):
        where = question.source
        lines = f"lines {where.first_line}–{where.last_line}" if where else "a question"
        problems = question_problems(question)
        if not question.prompt.strip():
            left_out.append(f"{lines}: no question text, only an answer (add the question above it)")
        elif problems:
            left_out.append(f"{lines}: {problems[0]}")
        else:
            kept.append(question)
            kept_parsed.append(parsed)
    if not kept and left_out:
        if all("only an answer" in reason for reason in left_out):
            found = (
                "the question found in {} has no question text, only an answer"
                if len(left_out) == 1
                else f"none of the {len(left_out)} questions found in {{}} has a question text, only answers"
            )
            raise UploadRefused(
                found.format(echo(name)) + "; write each question above its answer and upload it again"
            )
        raise UploadRefused(f"no question of {echo(name)} can be imported; the first: {left_out[0]}")
    return kept, Upload(
        questions=[],
        identities=[],
        skipped=[SkippedLines((b.first_line, b.last_line), b.reason) for b in result.skipped],
        left_out=left_out,
        format=result.format,
        declared_count=result.declared_count,
        warnings=tuple(result.warnings),
        notes=tuple(upload_notes(text, list(zip(kept_parsed, kept, strict=True)))),
    )


def _read_bank_file(request: UploadRequest, text: str) -> list[Question]:
    name = request.filename
    try:
        bank_file = parse_bank_text(Path(Path(name).name), text, request.limits)
    except BankFileError as exc:
        where = f"{echo(name)} line {exc.line}" if exc.line else echo(name)
        raise UploadRefused(f"{where}: {exc.problem}", over_limit=isinstance(exc, BankFileRefused)) from exc
    if not bank_file.questions:
        raise UploadRefused(f"{echo(name)} holds no questions")
    known = request.taxonomy.by_id
    for question in bank_file.questions:
        if question.topic not in known:
            raise UploadRefused(
                f"question {echo(question.id)} has the topic {echo(question.topic)}, which is not one of "
                f"the bot's topics ({', '.join(sorted(known))})"
            )
    return bank_file.questions


def _digest(identity: str) -> str:
    return hashlib.sha1(identity.encode("utf-8")).hexdigest()


def settle_ids(
    owner: str,
    questions: Sequence[Question],
    identities: Sequence[str],
    stored: Mapping[str, Question],
    identity_of: Callable[[Question], str] | None = None,
) -> list[Question]:
    """The questions under ids that never collide with another question, stored or uploaded.

    A question with an identity gets ``<owner>-<hash>``: the id of a stored
    question with the same identity when there is one (an old 6-hex id too, so a
    re-upload updates it), else the shortest hash of at least ``ID_HEX`` digits
    that no other question (in ``stored`` or earlier in this upload) holds.
    Questions without an identity keep the id they came with.
    """
    identity_of = identity_of or _identity
    taken = {q.id for q, identity in zip(questions, identities, strict=True) if not identity}
    settled = []
    for question, identity in zip(questions, identities, strict=True):
        if identity:
            digest = _digest(identity)
            candidates = [f"{owner}-{digest[:LEGACY_ID_HEX]}"] + [
                f"{owner}-{digest[:n]}" for n in range(ID_HEX, len(digest) + 1)
            ]
            for n, candidate in enumerate(candidates):
                holder = stored.get(candidate)
                same = holder is not None and identity_of(holder) == identity
                if candidate not in taken and (same or (n > 0 and holder is None)):
                    question = replace(question, id=candidate)
                    break
            else:  # pragma: no cover - 40 hex digits of SHA-1 taken by other texts
                raise UploadRefused(f"cannot make a unique id for the question {echo(question.prompt)}")
        taken.add(question.id)
        settled.append(question)
    return settled


def _identity(question: Question) -> str:
    return Fingerprint(question.prompt, question.full_answer).identity


def _owned(owner: str, questions: list[Question], *, keep_own_ids: bool) -> tuple[list[Question], list[str]]:
    """The questions under ``owner``'s ids, with near-duplicate groups of their own, and their identities."""
    kept = [q.id for q in questions if keep_own_ids and q.id.startswith(f"{owner}-")]
    duplicates = sorted(qid for qid, n in Counter(kept).items() if n > 1)
    if duplicates:
        raise UploadRefused(f"the id {echo(duplicates[0])} is used by more than one question")
    identities = [
        "" if keep_own_ids and q.id.startswith(f"{owner}-") else _identity(q) or f"{owner}:{i}"
        for i, q in enumerate(questions)
    ]
    owned = settle_ids(owner, questions, identities, {})
    groups = near_duplicate_groups(owned)
    group_of = {qid: name for name, ids in groups.items() for qid in ids}
    owned = [
        q if q.group or q.id not in group_of else replace(q, group=f"{owner}-{group_of[q.id]}") for q in owned
    ]
    return owned, identities


def read_upload(request: UploadRequest) -> Upload:
    """Read one uploaded file; ``UploadRefused`` (its reason says what to fix) when nothing can be imported."""
    name, limits = request.filename, request.limits
    text = decode(name, request.data, limits)
    try:
        if Path(name).suffix.lower() in BANK_FILE_SUFFIXES:
            found = _read_bank_file(request, text)
            report = Upload(questions=[], identities=[], skipped=[], left_out=[], format="bank-file")
            keep_own_ids = True
        else:
            found, report = _read_document(request, text)
            keep_own_ids = False
    except RecursionError as exc:
        raise _refuse(f"{echo(name)} is nested too deeply to read") from exc
    if len(found) > limits.max_questions:
        raise _refuse(
            f"{echo(name)} holds {len(found):,} questions; the limit is {limits.max_questions:,} a file: "
            "split it into smaller files"
        )
    questions, identities = _owned(request.owner, found, keep_own_ids=keep_own_ids)
    return replace(report, questions=questions, identities=identities)
