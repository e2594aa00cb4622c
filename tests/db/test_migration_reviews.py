"""0003_reviews: a ledger written before it learns which events were open answers and their key-point share."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text

from bot.db.engine import create_engine
from bot.db.migrate import upgrade
from tests.fixtures.databases import create_database, drop_database, postgres_admin_url

T = "2026-03-02 08:00:00+00:00"
OLD_LEDGER = [
    "INSERT INTO posts (id, guild_id, local_date, channel_id, status, scheduled_for, reveal_at, nonce, "
    f"answer_count, failures, created_at, updated_at) VALUES (1, 7, '2026-03-02', 3, 'revealed', '{T}', "
    f"'{T}', 'n1', 2, 0, '{T}', '{T}'), (2, 7, '2026-03-03', 3, 'revealed', '{T}', '{T}', 'n2', 1, 0, '{T}', '{T}')",
    # Member 11: an open answer covering 60% (counted "correct" before) and a right letter.
    "INSERT INTO answers (id, post_id, guild_id, member_id, text, streak_at_answer, created_at, updated_at, "
    f"points, coverage, correct) VALUES (1, 1, 7, 11, 'an answer', 1, '{T}', '{T}', 7, 0.6, true)",
    "INSERT INTO answers (id, post_id, guild_id, member_id, choice, streak_at_answer, created_at, updated_at, "
    f"points, correct) VALUES (2, 2, 7, 11, 'B', 1, '{T}', '{T}', 11, true)",
    "INSERT INTO score_events (guild_id, member_id, occurred_at, points, source, topic, correct, post_id) VALUES "
    f"(7, 11, '{T}', 7, 'daily', 'security', true, 1), (7, 11, '{T}', 11, 'daily', 'databases', true, 2)",
    "INSERT INTO score_totals (guild_id, period, period_start, topic, member_id, points, answers, correct, "
    f"reached_at) VALUES (7, 'all', '1970-01-01', '', 11, 18, 2, 2, '{T}'), "
    f"(7, 'all', '1970-01-01', 'security', 11, 7, 1, 1, '{T}')",
]


async def _fill_and_read(url: str) -> tuple[list, list]:
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            for statement in OLD_LEDGER:
                await connection.execute(text(statement))
        await asyncio.to_thread(upgrade, url)
        async with engine.connect() as connection:
            events = (
                await connection.execute(text("SELECT post_id, coverage FROM score_events ORDER BY post_id"))
            ).all()
            totals = (
                await connection.execute(
                    text(
                        "SELECT topic, answers, correct, open_answers, coverage FROM score_totals ORDER BY topic"
                    )
                )
            ).all()
        return [tuple(e) for e in events], [tuple(t) for t in totals]
    finally:
        await engine.dispose()


def _check(events: list, totals: list) -> None:
    assert events == [(1, pytest.approx(0.6)), (2, None)]
    assert totals == [("", 2, 1, 1, pytest.approx(0.6)), ("security", 1, 0, 1, pytest.approx(0.6))]


def test_an_old_sqlite_ledger_counts_open_answers_as_key_points_covered(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'old.sqlite3'}"
    upgrade(url, "0001")
    _check(*asyncio.run(_fill_and_read(url)))


@pytest.mark.postgres
def test_an_old_postgres_ledger_counts_open_answers_as_key_points_covered(postgres_database):
    server = postgres_admin_url()
    url = asyncio.run(create_database(server, "qotd_test_backfill"))
    try:
        upgrade(url, "0001")
        _check(*asyncio.run(_fill_and_read(url)))
    finally:
        asyncio.run(drop_database(server, url))
