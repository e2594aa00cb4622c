"""``qotd db upgrade`` and ``qotd db current``: the database schema, from the command line."""

from __future__ import annotations

import argparse
import re
import sys

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from bot.settings import Settings

# The password of "scheme://user:password@host...", up to the *last* "@" before the path: an
# unencoded "@" in a password makes URL parsers split it, and half a password is still a leak.
_CREDENTIALS = re.compile(
    r"^(?P<head>[^:/?#\s]+://[^:/?#@\s]*:)(?P<password>[^/?#]*)@(?P<tail>[^@/?#]*(?:[/?#].*)?)$", re.S
)
# A password passed as a query parameter (e.g. ``?password=...`` for asyncpg).
_QUERY_PASSWORD = re.compile(r"(?i)([?&](?:password|passwd|pwd)=)[^&#]*")
_BAD_URL_ERRORS: tuple[type[BaseException], ...] = (ArgumentError, NoSuchModuleError, ValueError)

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
    except _BAD_URL_ERRORS as exc:
        return _fail(f"the database URL {shown_url(url)} is not usable: {_scrubbed(str(exc), url)}")
    except _CONNECTION_ERRORS as exc:
        return _fail(_unreachable(url, exc))
    print(f"{shown_url(url)}: schema at revision {revision}")
    return 0


def _current(args: argparse.Namespace) -> int:
    from bot.db.migrate import current, head_revision

    url = args.url or Settings().database_url
    try:
        revision = current(url)
    except _BAD_URL_ERRORS as exc:
        return _fail(f"the database URL {shown_url(url)} is not usable: {_scrubbed(str(exc), url)}")
    except _CONNECTION_ERRORS as exc:
        return _fail(_unreachable(url, exc))
    if revision is None:
        print(f"{shown_url(url)}: empty (no schema yet); run `qotd db upgrade`")
    elif revision == head_revision():
        print(f"{shown_url(url)}: revision {revision} (up to date)")
    else:
        print(f"{shown_url(url)}: revision {revision} (behind {head_revision()}); run `qotd db upgrade`")
    return 0


def shown_url(url: str) -> str:
    """The URL for messages, never with its password (also when it cannot be parsed)."""
    masked = _QUERY_PASSWORD.sub(r"\1***", url)
    credentials = _CREDENTIALS.match(masked)
    if credentials is not None:
        return f"{credentials['head']}***@{credentials['tail']}"
    try:
        return make_url(masked).render_as_string(hide_password=True)
    except _BAD_URL_ERRORS:
        return "(a value that is not a database URL)"


def _scrubbed(text: str, url: str) -> str:
    """``text`` (a driver's or parser's message) with the URL's password taken out, wherever it appears."""
    credentials = _CREDENTIALS.match(url)
    secrets = [credentials["password"]] if credentials is not None else []
    secrets += [m.group(0).split("=", 1)[1] for m in _QUERY_PASSWORD.finditer(url)]
    for secret in sorted(filter(None, secrets), key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


def _unreachable(url: str, exc: BaseException) -> str:
    detail = _scrubbed(str(getattr(exc, "orig", None) or exc), url).strip()
    reason = detail.splitlines()[0] if detail else type(exc).__name__
    hint = ""
    if url.startswith(("postgresql", "postgres:")):
        hint = "\n  Is PostgreSQL running? For a local test server: bash deploy/ensure-postgres.sh"
    return f"cannot reach the database at {shown_url(url)}: {reason}{hint}"


def _fail(message: str) -> int:
    sys.stderr.write(f"qotd db: {message}\n")
    return 1
