#!/usr/bin/env python3
"""Is the bot alive? Reads the health file ``qotd run`` rewrites every minute.

Used by the image's ``HEALTHCHECK`` (and usable from cron or a monitoring agent):

    python deploy/healthcheck.py [PATH] [--max-age SECONDS]

PATH defaults to ``$HEALTH_FILE``, else ``data/health.json`` in the project
folder (the parent of this script's folder: ``/app`` in the image). Exit status
0 when the file was rewritten less than ``--max-age`` seconds ago (180 by
default: three missed minutes) and says ``"ready": true``; 1 otherwise. Either
way one line on stdout says why, which ``docker inspect`` keeps in the health log
(while the bot cannot reach Discord: "connecting to Discord" and the failure).

Standard library only: it must run even when the app's environment is broken.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

DEFAULT_MAX_AGE_S = 180.0
DEFAULT_HEALTH_FILE = Path(__file__).resolve().parent.parent / "data" / "health.json"

OK = 0
UNHEALTHY = 1  # Docker reserves 2; anything but 0 is "unhealthy" anyway.


def health_path(cli_path: str | None) -> Path:
    """The argument, else ``$HEALTH_FILE``, else the project's ``data/health.json``."""
    chosen = cli_path or os.environ.get("HEALTH_FILE", "").strip()
    return Path(chosen) if chosen else DEFAULT_HEALTH_FILE


def check(path: Path, max_age_s: float, now: float | None = None) -> tuple[int, str]:
    """(exit status, one-line reason) for the health file at ``path``."""
    try:
        stat = path.stat()
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return (
            UNHEALTHY,
            f"unhealthy: no health file at {path} (the bot has not written it yet, or is not running)",
        )
    except OSError as exc:
        return UNHEALTHY, f"unhealthy: cannot read {path}: {exc.strerror or exc}"

    age = max(0.0, (time.time() if now is None else now) - stat.st_mtime)
    if age >= max_age_s:
        return (
            UNHEALTHY,
            f"unhealthy: {path} was last written {age:.0f} s ago (limit {max_age_s:.0f} s): the bot is stuck or stopped",
        )

    try:
        data: Any = json.loads(text)
    except ValueError as exc:
        return UNHEALTHY, f"unhealthy: {path} is not valid JSON ({exc.msg} at line {exc.lineno})"
    if not isinstance(data, dict):
        return UNHEALTHY, f"unhealthy: {path} holds {type(data).__name__}, not a JSON object"

    if data.get("ready") is not True:
        if data.get("state") == "connecting" and data.get("problem"):
            # Waiting for Discord (network not up, DNS, an outage): say what fails, not just "not ready".
            return (
                UNHEALTHY,
                f"unhealthy: not ready, connecting to Discord: {data['problem']} (written {age:.0f} s ago)",
            )
        return UNHEALTHY, f"unhealthy: not ready ({_summary(data)}; written {age:.0f} s ago)"
    return OK, f"ok: ready ({_summary(data)}; written {age:.0f} s ago)"


def _summary(data: dict[str, Any]) -> str:
    parts = [f"{data.get('guilds', '?')} guilds"]
    latency = data.get("latency_ms")
    if isinstance(latency, int | float):
        parts.append(f"latency {latency:.0f} ms")
    shards = data.get("shards")
    if isinstance(shards, list):
        parts.append(f"{len(shards)} shards")
    parts.append(f"last reconcile {data.get('last_reconcile') or 'never'}")
    return ", ".join(parts)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Exit 0 when qotd-bot's health file is fresh and ready, else 1."
    )
    parser.add_argument(
        "path", nargs="?", help="the health file (default: $HEALTH_FILE, else data/health.json)"
    )
    parser.add_argument(
        "--max-age",
        type=float,
        default=DEFAULT_MAX_AGE_S,
        metavar="SECONDS",
        help=f"how old the file may be (default {DEFAULT_MAX_AGE_S:.0f})",
    )
    args = parser.parse_args(argv)
    status, reason = check(health_path(args.path), args.max_age)
    print(" ".join(reason.split()))  # exactly one line, whatever the error text held
    return status


if __name__ == "__main__":
    sys.exit(main())
