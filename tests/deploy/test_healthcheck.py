"""deploy/healthcheck.py, run as Docker runs it: a subprocess, exit status and one line of reason."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.deploy.files import DEPLOY

SCRIPT = DEPLOY / "healthcheck.py"
HEALTHY = {
    "ready": True,
    "latency_ms": 41.7,
    "last_reconcile": "2026-05-01T09:00:03+00:00",
    "guilds": 17,
    "shards": [0, 1],
}


def write(path: Path, data: Any, *, age_s: float = 0.0) -> Path:
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    then = time.time() - age_s
    os.utime(path, (then, then))
    return path


def run(*args: str, script: Path = SCRIPT, env: dict[str, str] | None = None) -> tuple[int, str]:
    # -I: isolated, like a broken app environment; only the standard library is there.
    base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    proc = subprocess.run(
        [sys.executable, "-I", str(script), *args],
        capture_output=True,
        text=True,
        env={**base, **(env or {})},
        timeout=30,
    )
    assert proc.stderr == "", proc.stderr
    assert proc.stdout.count("\n") == 1, f"one line: {proc.stdout!r}"
    assert proc.stdout.endswith("\n"), f"one line: {proc.stdout!r}"
    assert proc.returncode in (0, 1), "Docker reserves exit status 2"
    return proc.returncode, proc.stdout.strip()


def test_fresh_and_ready_is_healthy(tmp_path: Path) -> None:
    status, line = run(str(write(tmp_path / "health.json", HEALTHY, age_s=30)))
    assert status == 0
    assert line.startswith("ok: ready")
    assert "17 guilds" in line
    assert "latency 42 ms" in line


def test_just_inside_the_limit_is_healthy(tmp_path: Path) -> None:
    assert run(str(write(tmp_path / "h.json", HEALTHY, age_s=170)))[0] == 0


def test_stale_is_unhealthy(tmp_path: Path) -> None:
    status, line = run(str(write(tmp_path / "h.json", HEALTHY, age_s=190)))
    assert status == 1
    assert line.startswith("unhealthy:")
    assert "190 s ago" in line
    assert "limit 180 s" in line


def test_missing_is_unhealthy(tmp_path: Path) -> None:
    status, line = run(str(tmp_path / "nothing-here.json"))
    assert status == 1
    assert "no health file" in line
    assert "nothing-here.json" in line


@pytest.mark.parametrize(
    "data",
    [
        {**HEALTHY, "ready": False},
        {key: value for key, value in HEALTHY.items() if key != "ready"},
        {**HEALTHY, "ready": "true"},
        {**HEALTHY, "ready": 1},
    ],
    ids=["false", "absent", "string", "number"],
)
def test_not_ready_is_unhealthy(tmp_path: Path, data: dict[str, Any]) -> None:
    status, line = run(str(write(tmp_path / "h.json", data)))
    assert status == 1
    assert line.startswith("unhealthy: not ready")


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("{not json", "not valid JSON"),
        ("", "not valid JSON"),
        ("[true]", "not a JSON object"),
        ("null", "not a JSON object"),
    ],
)
def test_garbage_is_unhealthy(tmp_path: Path, content: str, says: str) -> None:
    status, line = run(str(write(tmp_path / "h.json", content)))
    assert status == 1
    assert says in line


def test_stale_wins_over_not_ready(tmp_path: Path) -> None:
    status, line = run(str(write(tmp_path / "h.json", {**HEALTHY, "ready": False}, age_s=600)))
    assert status == 1
    assert "600 s ago" in line


def test_unreadable_is_unhealthy(tmp_path: Path) -> None:
    folder = tmp_path / "h.json"
    folder.mkdir()  # a folder where the file should be: reading fails
    status, line = run(str(folder))
    assert status == 1
    assert line.startswith("unhealthy: cannot read")


def test_max_age_option(tmp_path: Path) -> None:
    path = str(write(tmp_path / "h.json", HEALTHY, age_s=100))
    assert run(path)[0] == 0
    assert run(path, "--max-age", "60")[0] == 1
    assert run(path, "--max-age", "300")[0] == 0


def test_health_file_from_the_environment(tmp_path: Path) -> None:
    path = write(tmp_path / "shard-1.json", HEALTHY)
    assert run(env={"HEALTH_FILE": str(path)}) == run(str(path))
    status, line = run(env={"HEALTH_FILE": str(tmp_path / "gone.json")})
    assert status == 1
    assert "gone.json" in line


def test_argument_wins_over_the_environment(tmp_path: Path) -> None:
    good = write(tmp_path / "good.json", HEALTHY)
    assert run(str(good), env={"HEALTH_FILE": str(tmp_path / "gone.json")})[0] == 0


def test_default_is_data_health_json_in_the_project_folder(tmp_path: Path) -> None:
    # In the image: /app/deploy/healthcheck.py reads /app/data/health.json.
    (tmp_path / "deploy").mkdir()
    (tmp_path / "data").mkdir()
    script = Path(shutil.copy(SCRIPT, tmp_path / "deploy" / "healthcheck.py"))
    status, line = run(script=script)
    assert status == 1
    assert str(tmp_path / "data" / "health.json") in line
    write(tmp_path / "data" / "health.json", HEALTHY)
    assert run(script=script)[0] == 0


def test_default_matches_the_bots_default() -> None:
    from bot.settings import PROJECT_ROOT, Settings

    default = Settings.model_fields.get("health_file")
    expected = PROJECT_ROOT / "data" / "health.json"
    if default is not None:
        assert default.default == expected
    namespace: dict[str, Any] = {"__file__": str(SCRIPT), "__name__": "healthcheck"}
    exec(compile(SCRIPT.read_text(encoding="utf-8"), str(SCRIPT), "exec"), namespace)
    assert namespace["DEFAULT_HEALTH_FILE"] == expected


def test_standard_library_only() -> None:
    tree = ast.parse(SCRIPT.read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert imported - {"__future__"} <= set(sys.stdlib_module_names), imported


def test_connecting_says_what_fails(tmp_path: Path) -> None:
    data = {**HEALTHY, "ready": False, "state": "connecting", "problem": "cannot resolve discord.com"}
    status, line = run(str(write(tmp_path / "h.json", data)))
    assert status == 1
    assert line.startswith("unhealthy: not ready, connecting to Discord: cannot resolve discord.com")
