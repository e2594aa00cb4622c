"""``qotd run``: start the bot."""

from __future__ import annotations

import argparse
import sys

from bot.settings import Settings

NO_TOKEN_HELP = """\
qotd-bot needs a Discord bot token, and none is set.

  1. Open https://discord.com/developers/applications and choose "New Application".
  2. In "Bot", press "Reset Token" and copy the token.
  3. Put it in a file named .env in this folder:   DISCORD_TOKEN=your-token-here
     (or export DISCORD_TOKEN in your shell). Never commit it.
  4. Invite the bot: in "OAuth2 > URL Generator" tick the scopes "bot" and
     "applications.commands", and the permissions View Channels, Send Messages,
     Embed Links, Attach Files, Read Message History, Create Public Threads and
     Send Messages in Threads; open the generated URL and pick your server.
     (Or: https://discord.com/oauth2/authorize?client_id=YOUR_APP_ID&scope=bot+applications.commands&permissions=309237763072)

Then run `make run` again.
"""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="start the bot")
    p.add_argument("--prepare", action="store_true", help="upgrade the database and sync the bank first")
    p.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    settings = Settings()
    if settings.discord_token is None or not settings.discord_token.get_secret_value().strip():
        sys.stderr.write(NO_TOKEN_HELP)
        return 2
    import asyncio

    from bot.runner import DiscordLost, StartupError, configure_logging, run

    configure_logging(settings.log_level)
    try:
        asyncio.run(run(settings, prepare=args.prepare))
    except StartupError as exc:
        sys.stderr.write(f"qotd-bot cannot start: {exc}\n")
        return 2
    except DiscordLost as exc:
        sys.stderr.write(f"qotd-bot lost Discord while connecting: {exc}; exiting to be restarted\n")
        return 1
    except KeyboardInterrupt:
        return 0
    return 0
