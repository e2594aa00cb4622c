""".env.example (deploy/ and the repository root): every setting, commented, no real values, loadable."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import AliasChoices

from bot.settings import Settings
from tests.deploy.files import DEPLOY, REPO, EnvLine, env_example_keys, env_example_lines

EXAMPLE = DEPLOY / ".env.example"
ROOT_COPY = REPO / ".env.example"

# Settings the runtime (`qotd run`, being written) reads and Settings may not declare yet.
# Checked whether or not bot.settings.Settings has them today; once it does, the
# comparison below covers them anyway.
RUNTIME_SETTINGS = {"SHARD_COUNT", "SHARD_IDS", "HEALTH_FILE"}
# Read by Docker Compose from deploy/.env, not by the bot.
COMPOSE_ONLY = {"POSTGRES_PASSWORD"}
SECRETS = {"DISCORD_TOKEN", "POSTGRES_PASSWORD"}


def settings_env_names() -> set[str]:
    """The environment variable each field of Settings is read from."""
    prefix = Settings.model_config.get("env_prefix", "") or ""
    names = set()
    for name, info in Settings.model_fields.items():
        alias = info.validation_alias or info.alias
        if isinstance(alias, str):
            names.add(alias.upper())
        elif isinstance(alias, AliasChoices):
            names.update(str(choice).upper() for choice in alias.choices)
        else:
            names.add((prefix + name).upper())
    return names


@pytest.fixture(scope="module")
def text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def lines(text: str) -> list[EnvLine]:
    return env_example_lines(text)


def test_root_copy_is_identical(text: str) -> None:
    assert ROOT_COPY.read_text(encoding="utf-8") == text, "cp deploy/.env.example .env.example"


def test_lists_every_setting(text: str) -> None:
    keys = env_example_keys(text)
    expected = settings_env_names() | RUNTIME_SETTINGS
    assert expected - keys == set(), "settings missing from .env.example"
    assert keys - expected - COMPOSE_ONLY == set(), "unknown keys (a typo, or a setting Settings lost)"


def test_each_key_once(lines: list[EnvLine]) -> None:
    keys = [line.key for line in lines]
    assert len(keys) == len(set(keys)), keys


def test_every_setting_has_a_comment(text: str, lines: list[EnvLine]) -> None:
    all_lines = text.splitlines()
    setting_rows = {line.index for line in lines}
    for line in lines:
        row = line.index - 1
        while row in setting_rows:  # a group of settings shares the comment above it
            row -= 1
        assert row >= 0, f"{line.key} has no comment above it"
        assert all_lines[row].startswith("# "), f"{line.key} has no comment above it"


def test_no_real_values(lines: list[EnvLine]) -> None:
    for line in lines:
        if line.key in SECRETS:
            assert not line.commented, f"{line.key} must be present"
            assert line.value == "", f"{line.key} must be empty"
        assert not re.search(r"[\w-]{24,}\.[\w-]{6}\.[\w-]{27,}", line.value), "looks like a Discord token"


def test_format_suits_systemd_and_docker(lines: list[EnvLine]) -> None:
    # systemd's EnvironmentFile and Docker's env_file take the value literally:
    # no quotes, no comment after it, no spaces around "=".
    for line in lines:
        assert not re.search(r"\s#", line.value), f"{line.key}: comment after the value"
        assert not re.search(r"[\"']", line.value), f"{line.key}: quotes"
        assert line.value == line.value.strip(), f"{line.key}: surrounding spaces"


def test_active_values_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    for key in settings_env_names() | RUNTIME_SETTINGS | COMPOSE_ONLY:
        monkeypatch.delenv(key, raising=False)
    settings = Settings(_env_file=EXAMPLE)  # type: ignore[call-arg]
    assert settings.discord_token is None or settings.discord_token.get_secret_value() == ""
    assert settings.log_level == "INFO"
    assert settings.database_url == Settings.model_fields["database_url"].default, "SQLite unless set"


def test_commented_examples_are_valid_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    for key in settings_env_names() | RUNTIME_SETTINGS | COMPOSE_ONLY:
        monkeypatch.delenv(key, raising=False)
    uncommented = tmp_path / "all.env"
    uncommented.write_text(
        "\n".join(re.sub(r"^#([A-Z][A-Z0-9_]*=)", r"\1", line) for line in text.splitlines()),
        encoding="utf-8",
    )
    settings = Settings(_env_file=uncommented)  # type: ignore[call-arg]
    assert settings.database_url.startswith("postgresql+asyncpg://")
    assert isinstance(settings.dev_guild_id, int)
    values = {line.key: line.value for line in env_example_lines(uncommented.read_text(encoding="utf-8"))}
    count = int(values["SHARD_COUNT"])
    ids = [int(i) for i in values["SHARD_IDS"].split(",")]
    assert all(0 <= i < count for i in ids)
    assert values["HEALTH_FILE"].endswith(".json")
