"""Every code sample of the companion pack runs as written (issue 12; rules in content/bank/PACK.md).

- ```js / ```javascript: run with ``node`` and must exit 0 within ``NODE_SECONDS``; a block
  whose first line is ``// needs: <packages>`` uses npm packages and is only checked with
  ``node --check``. Skipped, with the reason, where ``node`` is not installed.
- ```sql: run in PostgreSQL (the test suite's server, ``QOTD_TEST_POSTGRES_URL``), each block
  on a connection of its own, in a schema of its own that is dropped afterwards, inside a
  transaction that is rolled back; a block with its own BEGIN/COMMIT runs as written.
"""

import asyncio
import re
import secrets
import shutil
import subprocess
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from bot.domain.questions import Question
from tests.fixtures.databases import CONNECT_TIMEOUT_S
from tests.questionbank.content_folders import committed_bank, pack_questions

NODE = shutil.which("node")
NODE_SECONDS = 10
SQL_STATEMENT_TIMEOUT = "10s"

JS = frozenset({"js", "javascript"})
SQL = frozenset({"sql"})

_FENCE = re.compile(r"^```([\w+-]*)[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
_NEEDS = re.compile(r"^\s*//\s*needs:\s*(?P<packages>\S.*?)\s*$")
_MODULE_SYNTAX = re.compile(r"^\s*(?:import\s+[\w{*'\"]|export\s)", re.MULTILINE)
_TRANSACTION_CONTROL = re.compile(
    r"^\s*(?:BEGIN|START\s+TRANSACTION|COMMIT|END|ROLLBACK(?!\s+TO\b))\b", re.IGNORECASE | re.MULTILINE
)


def code_blocks(text: str) -> list[tuple[str, str]]:
    """The fenced code blocks of a Markdown text: (language in lower case, code)."""
    return [(m[1].lower(), m[2]) for m in _FENCE.finditer(text)]


def samples(questions: list[Question], languages: frozenset[str]) -> list[pytest.param]:
    """One test case per code block in ``languages``, named question:field:number."""
    cases = []
    for q in questions:
        for field in ("prompt", "full_answer", "explanation"):
            blocks = code_blocks(getattr(q, field))
            for n, (language, code) in enumerate(blocks, 1):
                if language in languages:
                    cases.append(pytest.param(code, id=f"{q.id}:{field}:{n}"))
    return cases


def needed_packages(code: str) -> list[str]:
    """The npm packages a sample declares on its first line (``// needs: a, b``); [] for none."""
    first = code.split("\n", 1)[0]
    match = _NEEDS.match(first)
    return [p.strip() for p in match["packages"].split(",") if p.strip()] if match else []


def run_js(code: str, folder: Path, seconds: float = NODE_SECONDS) -> subprocess.CompletedProcess[str]:
    """Run a sample with node (or only check its syntax when it needs packages)."""
    assert NODE is not None
    path = folder / ("sample.mjs" if _MODULE_SYNTAX.search(code) else "sample.js")
    path.write_text(code, encoding="utf-8")
    command = [NODE, "--check", str(path)] if needed_packages(code) else [NODE, str(path)]
    return subprocess.run(
        command, cwd=folder, capture_output=True, text=True, timeout=seconds, stdin=subprocess.DEVNULL
    )


async def run_sql(database_url: str, code: str) -> None:
    """Run a sample on its own connection and schema; raises the server's error if it fails."""
    dsn = make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)
    schema = f"sample_{secrets.token_hex(4)}"
    connection = await asyncpg.connect(dsn, timeout=CONNECT_TIMEOUT_S)
    try:
        await connection.execute(
            f"SET statement_timeout = '{SQL_STATEMENT_TIMEOUT}'; CREATE SCHEMA {schema}; SET search_path TO {schema}"
        )
        if _TRANSACTION_CONTROL.search(code):
            await connection.execute(code)
        else:
            transaction = connection.transaction()
            await transaction.start()
            try:
                await connection.execute(code)
            finally:
                await transaction.rollback()
    finally:
        if connection.is_in_transaction():
            await connection.execute("ROLLBACK")
        await connection.execute(f"DROP SCHEMA {schema} CASCADE")
        await connection.close()


PACK = pack_questions(committed_bank())
needs_node = pytest.mark.skipif(
    NODE is None, reason="node is not installed, so JavaScript samples cannot run"
)


@needs_node
@pytest.mark.parametrize("code", samples(PACK, JS))
def test_javascript_sample_runs(code, tmp_path):
    try:
        result = run_js(code, tmp_path)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the sample did not finish within {NODE_SECONDS} s: close servers and clear timers")
    what = "node --check" if needed_packages(code) else "node"
    assert result.returncode == 0, f"{what} exited {result.returncode}:\n{result.stderr[-2000:]}"


@pytest.mark.postgres
@pytest.mark.parametrize("code", samples(PACK, SQL))
def test_sql_sample_runs(code, postgres_database):
    asyncio.run(run_sql(postgres_database, code))


# The runners themselves: what they accept and refuse.

MARKDOWN = """\
Intro.

```js
console.log(1);
```

```sql
SELECT 1;
```

```text
session A: BEGIN
```
"""


def test_code_blocks_are_found_with_their_language():
    assert code_blocks(MARKDOWN) == [
        ("js", "console.log(1);\n"),
        ("sql", "SELECT 1;\n"),
        ("text", "session A: BEGIN\n"),
    ]


def test_the_needs_line_names_the_packages():
    assert needed_packages("// needs: express, bullmq\nconst x = 1;") == ["express", "bullmq"]
    assert needed_packages("const x = 1; // needs: express") == []


@needs_node
@pytest.mark.parametrize(
    ("code", "ok"),
    [
        ("console.log('fine');", True),
        ("process.exitCode = 3;", False),
        ("throw new Error('boom');", False),
        ("import { strict as assert } from 'node:assert';\nassert.equal(1, 1);", True),
        ("// needs: express\nconst express = require('express');\nexpress().listen(3000);", True),
        ("// needs: express\nconst app = express(;", False),
    ],
    ids=["runs", "exit code", "throws", "module", "needs: checked only", "needs: bad syntax"],
)
def test_the_javascript_runner_passes_only_samples_that_exit_0(code, ok, tmp_path):
    assert (run_js(code, tmp_path).returncode == 0) is ok


@needs_node
def test_a_javascript_sample_that_never_ends_times_out(tmp_path):
    with pytest.raises(subprocess.TimeoutExpired):
        run_js("setInterval(() => {}, 1000);", tmp_path, seconds=1)


@pytest.mark.postgres
def test_the_sql_runner_rolls_back_and_reports_errors(postgres_database):
    table = f"public.probe_{secrets.token_hex(4)}"  # outside the sample's own schema: only the rollback removes it
    asyncio.run(run_sql(postgres_database, f"CREATE TABLE {table} (id int); INSERT INTO {table} VALUES (1);"))
    with pytest.raises(asyncpg.PostgresError, match="does not exist"):
        asyncio.run(run_sql(postgres_database, f"SELECT * FROM {table};"))
    # A block with its own transaction runs as written; what it commits goes with its schema.
    asyncio.run(run_sql(postgres_database, "BEGIN;\nCREATE TABLE t (id int);\nCOMMIT;\nSELECT * FROM t;"))
    with pytest.raises(asyncpg.PostgresError, match="syntax error"):
        asyncio.run(run_sql(postgres_database, "SELEC 1;"))
