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
