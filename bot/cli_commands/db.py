"""``qotd db upgrade`` and ``qotd db current``: the database schema, from the command line."""

from __future__ import annotations

import argparse
import sys

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from bot.settings import Settings

# What a missing, refused or misconfigured server looks like from here.
_CONNECTION_ERRORS: tuple[type[BaseException], ...] = (OSError, DBAPIError, TimeoutError)


def register(sub: argparse._SubParsersAction) -> None:
    group = sub.add_parser("db", help="create or upgrade the database schema")
    commands = group.add_subparsers(dest="db_command", metavar="COMMAND", required=True)

    upgrade = commands.add_parser("upgrade", help="migrate the database to the newest schema")
    upgrade.add_argument("--revision", default="head", help="target revision (default: head)")
    _url_option(upgrade)
    upgrade.set_defaults(handler=_upgrade)

    current = commands.add_parser("current", help="show the database's schema revision")
    _url_option(current)
    current.set_defaults(handler=_current)


def _url_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--url", help="database URL (default: DATABASE_URL from the environment or .env)")


def _upgrade(args: argparse.Namespace) -> int:
    from bot.db.migrate import head_revision, upgrade

    url = args.url or Settings().database_url
    revision = head_revision() if args.revision == "head" else args.revision
    try:
        upgrade(url, revision)
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        return _fail(f"the database URL {_shown(url)} is not usable: {exc}")
    except _CONNECTION_ERRORS as exc:
        return _fail(_unreachable(url, exc))
    print(f"{_shown(url)}: schema at revision {revision}")
    return 0


def _current(args: argparse.Namespace) -> int:
    from bot.db.migrate import current, head_revision

    url = args.url or Settings().database_url
    try:
        revision = current(url)
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        return _fail(f"the database URL {_shown(url)} is not usable: {exc}")
    except _CONNECTION_ERRORS as exc:
        return _fail(_unreachable(url, exc))
    if revision is None:
        print(f"{_shown(url)}: empty (no schema yet); run `qotd db upgrade`")
    elif revision == head_revision():
        print(f"{_shown(url)}: revision {revision} (up to date)")
    else:
        print(f"{_shown(url)}: revision {revision} (behind {head_revision()}); run `qotd db upgrade`")
    return 0


def _shown(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return repr(url)


def _unreachable(url: str, exc: BaseException) -> str:
    detail = str(getattr(exc, "orig", None) or exc).strip()
    reason = detail.splitlines()[0] if detail else type(exc).__name__
    hint = ""
    if make_url(url).get_backend_name() == "postgresql":
        hint = "\n  Is PostgreSQL running? For a local test server: bash deploy/ensure-postgres.sh"
    return f"cannot reach the database at {_shown(url)}: {reason}{hint}"


def _fail(message: str) -> int:
    sys.stderr.write(f"qotd db: {message}\n")
    return 1
