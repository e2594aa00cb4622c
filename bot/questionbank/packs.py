"""The companion pack: hand-written question files ``content/bank/pack-<area>.yaml``.

A pack file is a bank file with ``source: qotd-bot editors`` and ``format: pack``
(content/bank/PACK.md describes it). The build reads it as it is and holds it to
the rules a person must keep for ids to stay stable: the file name's form, the
two top-level values, and ids that start with the file's name. Every question of
a pack names its file as its source (``SourceRef``), so that a server can turn a
pack file off like a seed document.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from bot.domain.questions import Kind, SourceRef
from bot.domain.sources import is_pack_name
from bot.questionbank.bankfile import BankFile, read_bank_file
from bot.questionbank.errors import BankFileError

PACK_FORMAT = "pack"
PACK_AUTHOR = "qotd-bot editors"
PACK_KINDS = frozenset({Kind.OPEN, Kind.MCQ})


def is_pack(bank_file: BankFile) -> bool:
    return bank_file.format == PACK_FORMAT or is_pack_name(bank_file.path.name)


def check_pack(bank_file: BankFile) -> None:
    """``BankFileError`` naming the first rule a pack file breaks."""
    path = bank_file.path
    if not is_pack_name(path.name):
        raise BankFileError(
            path, f"a file with format: {PACK_FORMAT} is named pack-<area>.yaml (lower case, hyphens)"
        )
    if bank_file.format != PACK_FORMAT:
        raise BankFileError(path, f"a pack file says format: {PACK_FORMAT}", line=1)
    if bank_file.source != PACK_AUTHOR:
        raise BankFileError(path, f"a pack file says source: {PACK_AUTHOR}", line=1)
    prefix = f"{path.stem}-"
    for q, (where, _) in zip(bank_file.questions, bank_file.spans, strict=True):
        if not q.id.startswith(prefix):
            raise BankFileError(path, f"question id {q.id} must start with {prefix!r}", line=where)
        if q.kind not in PACK_KINDS:
            raise BankFileError(
                path, f"question {q.id} is a {q.kind.value} question; a pack holds open or mcq", line=where
            )


def prepared(bank_file: BankFile) -> BankFile:
    """A pack file checked (``BankFileError``), each question with its file and lines as its source."""
    check_pack(bank_file)
    questions = [
        replace(q, source=SourceRef(bank_file.path.name, first, last))
        for q, (first, last) in zip(bank_file.questions, bank_file.spans, strict=True)
    ]
    return replace(bank_file, questions=questions)


def read_question_file(path: Path) -> BankFile:
    """A bank file as the bank uses it: a pack file checked, its questions' sources filled in."""
    bank_file = read_bank_file(path)
    return prepared(bank_file) if is_pack(bank_file) else bank_file
