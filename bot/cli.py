"""The ``qotd`` command line: ``qotd bank ...``, ``qotd db ...``, ``qotd grade``, ``qotd run``.

Each group lives in ``bot.cli_commands.<group>`` and exposes
``register(subparsers)``; the handler it sets returns the process exit code.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# Command groups, each a module in bot.cli_commands with register(subparsers).
GROUPS = ("bank", "db", "grade", "run")
# Subcommands kept in a module of their own: (group, module with register(the group's subparsers)).
SUBCOMMANDS = (("bank", "bank_lint"),)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="qotd", description="qotd-bot: question of the day for Discord.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in GROUPS:
        try:
            module = importlib.import_module(f"bot.cli_commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"bot.cli_commands.{name}":
                raise
            continue  # a group not built yet
        module.register(sub)
    for group, name in SUBCOMMANDS:
        if group in sub.choices:
            importlib.import_module(f"bot.cli_commands.{name}").register(_subcommands(sub.choices[group]))
    return parser


def _subcommands(parser: argparse.ArgumentParser) -> argparse._SubParsersAction:
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        return int(handler(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. `qotd bank stats | head`
        return 0


if __name__ == "__main__":
    sys.exit(main())
