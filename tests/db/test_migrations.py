"""`qotd db upgrade` / `qotd db current`, and migrations that match the models exactly."""

from __future__ import annotations

import asyncio

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from bot import cli
from bot.db.engine import create_engine
from bot.db.migrate import current, head_revision
from bot.db.models import Base
from tests.fixtures.databases import create_database, drop_database, postgres_admin_url


@pytest.fixture
def qotd(monkeypatch, capsys):
    """Run `qotd ...` in-process; returns (exit code, stdout, stderr)."""
    # Only the db group: these tests are about it, not about the other groups' imports.
    monkeypatch.setattr(cli, "GROUPS", ("db",))

    def run(*argv: str) -> tuple[int, str, str]:
        code = cli.main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def _tables(url: str) -> set[str]:
    async def read() -> set[str]:
        engine = create_engine(url)
        try:
            async with engine.connect() as connection:
                return set(await connection.run_sync(lambda c: inspect(c).get_table_names()))
        finally:
            await engine.dispose()

    return asyncio.run(read())


def _upgrade_and_check(qotd, monkeypatch, url: str) -> None:
    monkeypatch.setenv("DATABASE_URL", url)
    code, out, err = qotd("db", "current")
    assert (code, err) == (0, "")
    assert "empty" in out
    assert "qotd db upgrade" in out

    code, out, err = qotd("db", "upgrade")
    assert (code, err) == (0, "")
    assert head_revision() in out
    assert _tables(url) >= {t.name for t in Base.metadata.sorted_tables} | {"alembic_version"}
    assert current(url) == head_revision()

    code, out, _ = qotd("db", "upgrade")  # again: nothing to do, still fine
    assert code == 0
    code, out, _ = qotd("db", "current")
    assert code == 0
    assert "up to date" in out
    assert head_revision() in out


def test_upgrade_creates_an_empty_sqlite_database_and_its_folder(qotd, monkeypatch, tmp_path):
    path = tmp_path / "data" / "nested" / "qotd.sqlite3"
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{path}")
    assert qotd("db", "current")[0] == 0
    assert not path.exists()  # asking does not create the database
    _upgrade_and_check(qotd, monkeypatch, f"sqlite+aiosqlite:///{path}")
    assert path.is_file()


@pytest.mark.postgres
def test_upgrade_creates_the_schema_in_an_empty_postgres_database(qotd, monkeypatch, postgres_database):
    # postgres_database: skips (or fails in CI) when the server is unreachable.
    server = postgres_admin_url()
    url = asyncio.run(create_database(server, "qotd_test_cli"))
    try:
        _upgrade_and_check(qotd, monkeypatch, url)
    finally:
        asyncio.run(drop_database(server, url))


async def test_the_migrated_schema_matches_the_models(engine):
    async with engine.connect() as connection:
        differences = await connection.run_sync(
            lambda c: compare_metadata(
                MigrationContext.configure(c, opts={"compare_type": True}), Base.metadata
            )
        )
    assert differences == []


def test_an_unreachable_server_gets_a_clear_message_not_a_traceback(qotd):
    code, out, err = qotd("db", "upgrade", "--url", "postgresql+asyncpg://postgres:s3cret@127.0.0.1:1/qotd")
    assert code == 1
    assert out == ""
    assert "cannot reach the database at postgresql+asyncpg://postgres:***@127.0.0.1:1/qotd" in err
    assert "s3cret" not in err
    assert "Traceback" not in err
    assert "deploy/ensure-postgres.sh" in err

    code, _, err = qotd("db", "current", "--url", "mysql://localhost/qotd")
    assert code == 1
    assert "not usable" in err


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+asyncpg://qotd:s3cret@127.0.0.1:1/qotd",  # unreachable
        "postgresql+asyncpg://qotd:s3cret@127.0.0.1:notaport/qotd",  # unparseable port
        "postgresql+asyncpg://qotd:pa@s3cret@127.0.0.1:1/qotd",  # an "@" left unencoded in the password
        "postgresql+asyncpg://qotd@127.0.0.1:1/qotd?password=s3cret",  # the password as a parameter
        "s3cret",  # not a URL at all (a password pasted into the wrong setting)
    ],
)
@pytest.mark.parametrize("command", ["current", "upgrade"])
def test_no_message_ever_shows_the_password(qotd, monkeypatch, url, command):
    monkeypatch.setenv("DATABASE_URL", url)
    code, out, err = qotd("db", command)
    assert code == 1
    assert err.startswith("qotd db: ")
    assert "s3cret" not in out + err
    assert "Traceback" not in err
