"""`qotd run` without a token explains how to get one instead of crashing."""

import subprocess
import sys


def test_run_without_token_explains_how_to_create_one(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run"], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert proc.returncode == 2
    assert "DISCORD_TOKEN" in proc.stderr
    assert "applications.commands" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_start_up_never_prints_the_database_password(tmp_path):
    # The database cannot be reached: whatever start-up logs or prints about it, the password stays out.
    for url in (
        "postgresql+asyncpg://qotd:s3cret@127.0.0.1:1/qotd",
        "postgresql+asyncpg://qotd:pa@s3cret@127.0.0.1:1/q",
    ):
        env = {
            "PATH": "/usr/bin:/bin",
            "HOME": str(tmp_path),
            "DISCORD_TOKEN": "not-a-real-token",
            "DATABASE_URL": url,
            "LOG_LEVEL": "DEBUG",
        }
        for prepare in ([], ["--prepare"]):
            proc = subprocess.run(
                [sys.executable, "-m", "bot.cli", "run", *prepare],
                capture_output=True,
                text=True,
                env=env,
                cwd=tmp_path,
                timeout=60,
            )
            assert proc.returncode != 0
            assert "s3cret" not in proc.stdout + proc.stderr
