"""Content folders and figures the bank's tests share."""

import shutil
from pathlib import Path

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
