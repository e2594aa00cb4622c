"""deploy/compose.yaml: the bot, PostgreSQL, health checks, volumes and the "sharded" profile."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml
from sqlalchemy.engine import make_url

from tests.deploy.files import DEPLOY, REPO, env_example_keys, interpolated_names

COMPOSE = DEPLOY / "compose.yaml"
DURATION = re.compile(r"^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))  # anchors and << merges resolved
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return compose["services"]


def strings(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in strings(k) + strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in strings(v)]
    return []


def env(service: dict[str, Any]) -> dict[str, str]:
    environment = service.get("environment", {})
    if isinstance(environment, list):
        return dict(item.split("=", 1) for item in environment)
    return {k: str(v) for k, v in environment.items()}


def named_volumes(service: dict[str, Any]) -> dict[str, str]:
    """{volume name: mount point} for the named volumes a service mounts."""
    found = {}
    for spec in service.get("volumes", []):
        source, _, target = (
            spec.partition(":") if isinstance(spec, str) else (spec["source"], "", spec["target"])
        )
        if not source.startswith((".", "/", "~")):
            found[source] = target.split(":")[0]
    return found


def assert_health_check(service: dict[str, Any], *needles: str) -> None:
    check = service["healthcheck"]
    test = check["test"]
    assert isinstance(test, list), test
    assert test[0] in {"CMD", "CMD-SHELL"}, test
    text = " ".join(test[1:])
    for needle in needles:
        assert needle in text, f"{needle!r} not in {test}"
    for key in ("interval", "timeout", "start_period"):
        assert DURATION.match(str(check[key])), f"{key}: {check[key]!r}"
    assert int(check["retries"]) >= 1


def test_services(services: dict[str, dict[str, Any]]) -> None:
    assert set(services) == {"bot", "db", "bot-shard-0", "bot-shard-1"}


def test_bot_is_built_from_the_repository_with_the_deploy_dockerfile(
    services: dict[str, dict[str, Any]],
) -> None:
    for name in ("bot", "bot-shard-0", "bot-shard-1"):
        build = services[name]["build"]
        context = (COMPOSE.parent / build["context"]).resolve()
        assert context == REPO, name
        assert (context / build["dockerfile"]).is_file(), name
        assert services[name].get("command") is None, "the image's CMD (run --prepare) is used"


def test_bot_service(services: dict[str, dict[str, Any]]) -> None:
    bot = services["bot"]
    assert "profiles" not in bot, "`docker compose up` starts the bot"
    env_file = bot["env_file"]
    assert env_file in (".env", [".env"]) or env_file == [{"path": ".env"}]
    assert bot["depends_on"]["db"]["condition"] == "service_healthy"
    assert bot["restart"] == "unless-stopped"
    assert bot.get("init") is True, "an init as PID 1 forwards SIGTERM to the bot"
    assert_health_check(bot, "/app/deploy/healthcheck.py")
    assert named_volumes(bot) == {"bot-data": "/app/data"}
    assert "DISCORD_TOKEN" not in env(bot), "the token comes from .env, never from this file"


def test_bot_database_url_points_at_the_db_service(services: dict[str, dict[str, Any]]) -> None:
    db_env = env(services["db"])
    for name in ("bot", "bot-shard-0", "bot-shard-1"):
        url = make_url(env(services[name])["DATABASE_URL"])
        assert url.drivername == "postgresql+asyncpg"
        assert url.host == "db"
        assert url.port in (None, 5432)
        assert url.username == db_env["POSTGRES_USER"]
        assert url.database == db_env["POSTGRES_DB"]
        assert "${POSTGRES_PASSWORD" in str(url.password), "the password comes from .env"


def test_db_service(services: dict[str, dict[str, Any]]) -> None:
    db = services["db"]
    assert db["image"] == "postgres:16-alpine"
    assert db["restart"] == "unless-stopped"
    assert env(db)["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?"), "required, from .env"
    assert "env_file" not in db, "the database does not get the bot's token"
    assert_health_check(db, "pg_isready")
    assert named_volumes(db) == {"db-data": "/var/lib/postgresql/data"}
    assert "ports" not in db, "PostgreSQL is not published on the host"


def test_named_volumes_are_declared(compose: dict[str, Any], services: dict[str, dict[str, Any]]) -> None:
    declared = set(compose["volumes"])
    used = {v for s in services.values() for v in named_volumes(s)}
    assert used == declared == {"db-data", "bot-data"}


def test_sharded_profile(services: dict[str, dict[str, Any]]) -> None:
    shard_envs = []
    for shard in (0, 1):
        service = services[f"bot-shard-{shard}"]
        assert service["profiles"] == ["sharded"]
        e = env(service)
        assert e["SHARD_COUNT"] == "2"
        assert e["SHARD_IDS"] == str(shard)
        assert e["DATABASE_URL"] == env(services["bot"])["DATABASE_URL"], "one database for the fleet"
        assert service["depends_on"]["db"]["condition"] == "service_healthy"
        assert service["restart"] == "unless-stopped"
        assert_health_check(service, "/app/deploy/healthcheck.py")
        shard_envs.append(e)
    assert shard_envs[0]["HEALTH_FILE"] != shard_envs[1]["HEALTH_FILE"], "one health file per process"
    assert all(e["HEALTH_FILE"].startswith("/app/data/") for e in shard_envs)
    # Shard 1 starts after shard 0 has migrated (it is healthy only once `--prepare` is done).
    assert services["bot-shard-1"]["depends_on"]["bot-shard-0"]["condition"] == "service_healthy"


def test_interpolated_variables_are_in_the_env_example() -> None:
    text = COMPOSE.read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    names = interpolated_names([body])
    assert names == {"POSTGRES_PASSWORD"}
    assert names <= env_example_keys((DEPLOY / ".env.example").read_text(encoding="utf-8"))


def test_no_literal_secrets(compose: dict[str, Any]) -> None:
    for s in strings(compose):
        assert not re.search(r"[\w-]{24,}\.[\w-]{6}\.[\w-]{27,}", s), "looks like a Discord token"
    for service in compose["services"].values():
        for key, val in env(service).items():
            if re.search("PASSWORD|TOKEN|SECRET", key):
                assert val.startswith("${"), f"{key} must come from .env"


def test_env_file_is_git_ignored() -> None:
    # deploy/.env holds the token: the repository's .gitignore must cover it.
    patterns = (REPO / ".gitignore").read_text(encoding="utf-8").split()
    assert ".env" in patterns or "deploy/.env" in patterns
