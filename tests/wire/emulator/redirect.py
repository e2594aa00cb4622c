"""Point the real, unmodified discord.py at the emulator.

discord.py 2.7 has two hard-wired addresses:

* ``discord.http.Route.BASE`` (``https://discord.com/api/v10``): every REST route, the
  interaction webhook included, is built from it when the request is made;
* ``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY`` (``wss://gateway.discord.gg/``): a
  plain ``Client``/``commands.Bot`` connects there without asking ``GET /gateway/bot``
  (``AutoShardedClient`` asks, and gets the emulator's address); after READY it resumes at the
  ``resume_gateway_url`` the emulator sent.

Both are class attributes, so ``point_discord_at`` affects every client in the process. Other
knobs worth knowing (constructor arguments, no patching): ``guild_ready_timeout`` (seconds
discord.py waits after the last GUILD_CREATE before ``on_ready``; default 2) and
``heartbeat_timeout``. Asset/CDN URLs still name discord.com; nothing fetches them unless the
bot reads an avatar. For a bot in another process see ``launch``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import discord.gateway
import discord.http
import yarl


def gateway_url_for(base_url: str) -> str:
    """``http://127.0.0.1:P/api/v10`` -> ``ws://127.0.0.1:P/gateway``."""
    origin = base_url.split("/api/", 1)[0]
    return "ws" + origin.removeprefix("http") + "/gateway"


@contextmanager
def point_discord_at(base_url: str, gateway_url: str | None = None) -> Iterator[None]:
    """Set ``Route.BASE`` and ``DEFAULT_GATEWAY`` to the emulator for the ``with`` block, then restore them."""
    route, websocket = discord.http.Route, discord.gateway.DiscordWebSocket
    saved = (route.BASE, websocket.DEFAULT_GATEWAY)
    route.BASE = base_url.rstrip("/")
    websocket.DEFAULT_GATEWAY = yarl.URL(gateway_url or gateway_url_for(base_url))
    try:
        yield
    finally:
        route.BASE, websocket.DEFAULT_GATEWAY = saved
