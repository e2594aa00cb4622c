"""Content folders and figures the bank's tests share."""

import shutil
from functools import cache
from pathlib import Path

from bot.domain.questions import Question
from bot.domain.sources import is_pack_name
from bot.questionbank.bank import Bank, load_bank

ROOT = Path(__file__).resolve().parents[2]

# Questions per seed document (the companion pack's files come on top of these).
SEED_DOCUMENTS = {
    "cards-node-backend-24.txt": 24,
    "deep-dive-node-backend.md": 6,
    "guide-node-backend-2026.txt": 14,
    "qa-node-express-40.txt": 40,
}


def syllabus_only(tmp_path: Path) -> Path:
    """A content folder of the real syllabus and taxonomy and nothing else."""
    folder = tmp_path / "content"
    (folder / "sources").mkdir(parents=True)
    (folder / "bank").mkdir()
    shutil.copy(ROOT / "content" / "sources" / "syllabus-backend-stage2.txt", folder / "sources")
    shutil.copy(ROOT / "content" / "taxonomy.yaml", folder)
    return folder


@cache
def committed_bank() -> Bank:
    """The bank as committed under content/bank (loaded once per test session)."""
    return load_bank(ROOT / "content" / "bank")


def pack_questions(bank: Bank) -> list[Question]:
    """The questions of the companion pack's files (content/bank/pack-*.yaml)."""
    return [q for q in bank.questions if q.source is not None and is_pack_name(q.source.file)]
