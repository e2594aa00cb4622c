"""deploy/Dockerfile, read statically (no Docker engine here): stages, user, health check, start command."""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath

import pytest

from bot.db import migrate
from bot.settings import PROJECT_ROOT
from tests.deploy.files import (
    DEPLOY,
    REPO,
    DockerIgnore,
    Instruction,
    Stage,
    copied_path,
    copies,
    dockerfile_stages,
    workdir_at,
)

DOCKERFILE = DEPLOY / "Dockerfile"
IGNORE = DEPLOY / "Dockerfile.dockerignore"


@pytest.fixture(scope="module")
def stages() -> list[Stage]:
    return dockerfile_stages(DOCKERFILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def runtime(stages: list[Stage]) -> Stage:
    return stages[-1]


@pytest.fixture(scope="module")
def ignore() -> DockerIgnore:
    return DockerIgnore(IGNORE.read_text(encoding="utf-8"))


def exec_form(instruction: Instruction, prefix: str = "") -> list[str]:
    """The JSON array of an exec-form CMD/HEALTHCHECK CMD (shell form would hide signals and quoting)."""
    args = instruction.args
    if prefix:
        _, _, args = args.partition(prefix)
    parsed = json.loads(args.strip())
    assert isinstance(parsed, list), f"line {instruction.line}: not exec form: {instruction.args}"
    return parsed


def test_multi_stage_on_python_311_slim(stages: list[Stage]) -> None:
    assert len(stages) >= 2, "a build stage for the wheels and a runtime stage"
    assert all(s.image == "python:3.11-slim" for s in stages), [s.image for s in stages]
    build = stages[0]
    assert build.name, "the build stage is named, so the runtime can take its output"
    assert any("pip wheel" in i.args for i in build.all("RUN")), "the build stage builds wheels"
    runtime_text = " ".join(i.args for i in stages[-1].instructions)
    assert f"from={build.name}" in runtime_text, "the runtime installs from the build stage's wheels"
    assert "--no-index" in runtime_text, "the runtime installs without reaching an index"


def test_runtime_runs_as_a_non_root_user(runtime: Stage) -> None:
    user = runtime.last("USER")
    assert user is not None, "the runtime stage sets USER"
    name = user.args.split(":")[0].strip()
    assert name not in {"root", "0", ""}
    assert user.line < runtime.all("CMD")[-1].line
    created = " ".join(i.args for i in runtime.all("RUN"))
    assert re.search(rf"useradd\b[^&]*\b{re.escape(name)}\b", created), f"user {name} is created"


def test_cmd_runs_migrations_then_the_bot(runtime: Stage) -> None:
    assert runtime.last("ENTRYPOINT") is None, "no ENTRYPOINT: `docker run IMAGE qotd db upgrade` must work"
    cmd = runtime.last("CMD")
    assert cmd is not None
    assert exec_form(cmd) == ["qotd", "run", "--prepare"]


def test_healthcheck_runs_the_copied_health_script(runtime: Stage) -> None:
    check = runtime.last("HEALTHCHECK")
    assert check is not None
    options = dict(re.findall(r"--([a-z-]+)=(\S+)", check.args))
    assert {"interval", "timeout", "start-period", "retries"} <= options.keys()
    command = exec_form(check, prefix="CMD")
    script = next(arg for arg in command if arg.endswith("healthcheck.py"))
    assert copied_path(runtime, "deploy/healthcheck.py") == PurePosixPath(script), (
        "HEALTHCHECK runs the script where COPY puts it"
    )


def test_app_tree_is_where_the_code_looks_for_it(runtime: Stage) -> None:
    # bot/db/migrate.py finds migrations/ (and bot/settings.py finds content/ and data/)
    # next to the bot/ package: the image must keep that layout.
    assert migrate.MIGRATIONS_DIR == PROJECT_ROOT / "migrations"
    root = copied_path(runtime, "bot")
    assert root is not None
    assert root.name == "bot"
    app = root.parent
    for needed in ("migrations", "content", "pyproject.toml", "README.md"):
        assert copied_path(runtime, needed) == app / needed, needed
    installs = [i.args for i in runtime.all("RUN") if "pip install" in i.args and "--no-deps" in i.args]
    assert any(re.search(r"(\s-e\s|--editable)", a) for a in installs), (
        "installed editable from the copied tree (a site-packages copy would lose migrations/)"
    )
    assert workdir_at(runtime, runtime.last("CMD")) == app  # type: ignore[arg-type]
    volume = runtime.last("VOLUME")
    assert volume is not None
    assert str(app / "data") in json.loads(volume.args)


def test_no_secret_is_baked_in(stages: list[Stage]) -> None:
    secretish = re.compile(r"(TOKEN|PASSWORD|SECRET)", re.IGNORECASE)
    for stage in stages:
        for i in stage.all("ENV") + stage.all("ARG") + stage.all("LABEL"):
            assert not secretish.search(i.args), f"line {i.line}: {i.keyword} {i.args}"
        for sources, _, _, i in copies(stage):
            assert not any(".env" in s or s in {".", "./"} for s in sources), f"line {i.line}: COPY {i.args}"


def test_copied_files_exist_and_pass_the_ignore_file(stages: list[Stage], ignore: DockerIgnore) -> None:
    for stage in stages:
        for sources, _, _, i in copies(stage):
            for source in sources:
                path = REPO / source
                assert path.exists(), f"line {i.line}: {source} is not in the repository"
                assert ignore.included_files(REPO, path), (
                    f"line {i.line}: the ignore file leaves out {source}"
                )


@pytest.mark.parametrize(
    "path",
    [
        ".env",
        "deploy/.env",
        "bot/.env",
        ".git/config",
        ".venv/bin/python",
        "data/qotd.sqlite3",
        "data/health.json",
        "tests/test_cli_run.py",
        "bot/__pycache__/cli.cpython-311.pyc",
        "content/bank/__pycache__/x.pyc",
        "deploy/compose.yaml",
    ],
)
def test_ignore_file_keeps_secrets_and_clutter_out(ignore: DockerIgnore, path: str) -> None:
    assert ignore.excluded(path)


@pytest.mark.parametrize(
    "path",
    [
        "pyproject.toml",
        "README.md",
        "bot/cli.py",
        "migrations/env.py",
        "content/taxonomy.yaml",
        "deploy/healthcheck.py",
    ],
)
def test_ignore_file_lets_the_app_in(ignore: DockerIgnore, path: str) -> None:
    assert not ignore.excluded(path)
