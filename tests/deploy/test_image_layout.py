"""The image's /app, rebuilt without Docker: exactly the files the Dockerfile COPYs (after the
ignore file), with `bot` imported from there as the editable install does. Migrations, the
question bank and the default SQLite path must all resolve inside that tree."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path, PurePosixPath

import pytest

from tests.deploy.files import DEPLOY, REPO, DockerIgnore, copied_path, copies, dockerfile_stages

PROBE = """
import json, bot
from bot.db.migrate import MIGRATIONS_DIR, head_revision
from bot.questionbank.bank import load_bank
from bot.settings import Settings
s = Settings()
bank = load_bank(s.bank_dir)
print(json.dumps({
    "bot": bot.__file__, "migrations": str(MIGRATIONS_DIR), "head": head_revision(),
    "content": str(s.content_dir), "database_url": s.database_url,
    "health_file": str(getattr(s, "health_file", "")), "questions": len(bank.questions),
}))
"""


@pytest.fixture(scope="module")
def image_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder standing for the image's /, holding what the runtime stage copies from the context."""
    root = tmp_path_factory.mktemp("image")
    runtime = dockerfile_stages((DEPLOY / "Dockerfile").read_text(encoding="utf-8"))[-1]
    ignore = DockerIgnore((DEPLOY / "Dockerfile.dockerignore").read_text(encoding="utf-8"))
    for sources, _, _, _ in copies(runtime):
        for source in sources:
            for file in ignore.included_files(REPO, REPO / source.rstrip("/")):
                target = copied_path(runtime, file.relative_to(REPO).as_posix())
                assert target is not None
                dest = root / PurePosixPath(target).relative_to("/")
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(file, dest)
    return root


def in_image(image_root: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(cwd),
        "PYTHONPATH": str(image_root / "app"),  # what the editable install's finder does for /app/bot
        "PYTHONDONTWRITEBYTECODE": "1",
        "MPLCONFIGDIR": str(cwd / "mpl"),
    }
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=300
    )


def test_the_copied_tree_is_self_sufficient(image_root: Path, tmp_path: Path) -> None:
    app = image_root / "app"
    proc = in_image(image_root, "-c", PROBE, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout.strip().splitlines()[-1])
    assert Path(found["bot"]).is_relative_to(app), "bot imported from the copied tree"
    assert found["migrations"] == str(app / "migrations")
    assert found["head"], "migrations found"
    assert found["content"] == str(app / "content")
    assert found["questions"] > 0, "the question bank is in the image"
    assert found["database_url"].endswith(str(app / "data" / "qotd.sqlite3")), "SQLite on the data volume"
    if found["health_file"]:
        assert found["health_file"] == str(app / "data" / "health.json")


def test_migrations_run_from_the_copied_tree(image_root: Path, tmp_path: Path) -> None:
    data = image_root / "app" / "data"
    upgrade = in_image(image_root, "-m", "bot.cli", "db", "upgrade", cwd=tmp_path)
    assert upgrade.returncode == 0, upgrade.stderr
    assert (data / "qotd.sqlite3").is_file()
    current = in_image(image_root, "-m", "bot.cli", "db", "current", cwd=tmp_path)
    assert current.returncode == 0, current.stderr
    assert "up to date" in current.stdout, current.stdout


def test_nothing_private_is_copied(image_root: Path) -> None:
    names = {p.name for p in image_root.rglob("*")}
    assert names.isdisjoint({".env", ".git", ".venv", "__pycache__", "tests", ".hypothesis"}), names
    assert sorted(p.name for p in (image_root / "app").iterdir() if p.name != "data") == [
        "README.md",
        "bot",
        "content",
        "deploy",
        "migrations",
        "pyproject.toml",
    ]
    assert [p.name for p in (image_root / "app" / "deploy").iterdir()] == ["healthcheck.py"]
