"""Run any Python entry point with discord.py pointed at an emulator (for a bot in a subprocess).

    python -m tests.wire.emulator.launch --base-url http://127.0.0.1:P/api/v10 -m bot.cli run

runs ``bot.cli`` as ``__main__`` (``sys.argv`` = ``["bot.cli", "run"]``) inside
``point_discord_at``, so the bot's own code stays unmodified. ``DISCORD_EMULATOR_BASE_URL``
may stand in for ``--base-url``.
"""

from __future__ import annotations

import argparse
import os
import runpy
import sys

from .redirect import point_discord_at


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="launch", description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default=os.environ.get("DISCORD_EMULATOR_BASE_URL"))
    parser.add_argument("--gateway-url", default=None)
    parser.add_argument("-m", dest="module", required=True, help="module to run as __main__")
    parser.add_argument("args", nargs=argparse.REMAINDER)
    options = parser.parse_args(argv)
    if not options.base_url:
        parser.error("--base-url or DISCORD_EMULATOR_BASE_URL is required")
    sys.argv = [options.module, *options.args]
    with point_discord_at(options.base_url, options.gateway_url):
        runpy.run_module(options.module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
