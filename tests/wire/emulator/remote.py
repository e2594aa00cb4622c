"""The emulator in a subprocess, driven through its control API.

async with spawn_emulator("--guilds", "50") as emu:
    ... start a bot against emu.base_url (in-process or via ``launch``) ...
    await emu.set_faults(error_share=0.3)
    messages = await emu.messages(channel_id)
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

# The package as this process imported it ("tests.wire.emulator", or "wire.emulator" under
# pytest's rootdir-relative imports), and the sys.path entry that makes it importable.
PACKAGE = __package__ or "tests.wire.emulator"
IMPORT_ROOT = Path(__file__).resolve().parents[len(PACKAGE.split("."))]


def python_command(module: str, *args: str) -> tuple[list[str], dict[str, str]]:
    """argv and environment to run ``module`` (relative to this package, e.g. ``"launch"``) in a new interpreter."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(IMPORT_ROOT), env.get("PYTHONPATH")]))
    full = PACKAGE if not module else f"{PACKAGE}.{module}"
    return [sys.executable, "-m", full, *args], env


class ControlError(RuntimeError):
    pass


@dataclass
class RemoteEmulator:
    base_url: str
    gateway_url: str
    control_url: str
    token: str
    pid: int
    http: aiohttp.ClientSession

    async def _call(self, method: str, path: str, payload: Any = None, **params: Any) -> Any:
        query = {k: str(v) for k, v in params.items() if v is not None}
        async with self.http.request(method, self.control_url + path, json=payload, params=query) as response:
            body = await response.json()
            if response.status != 200:
                raise ControlError(body.get("error", str(body)))
            return body

    # reads
    async def stats(self) -> dict[str, Any]:
        return await self._call("GET", "/stats")

    async def guilds(self, limit: int = 100) -> dict[str, Any]:
        return await self._call("GET", "/guilds", limit=limit)

    async def messages(self, channel_id: int | str | None = None) -> list[dict[str, Any]]:
        return await self._call("GET", "/messages", channel_id=channel_id)

    async def requests(self, *, unknown: bool = False) -> list[dict[str, Any]]:
        return await self._call("GET", "/requests", unknown=1 if unknown else None)

    async def validation_failures(self) -> list[dict[str, Any]]:
        return await self._call("GET", "/validation_failures")

    async def take_validation_failures(self) -> list[dict[str, Any]]:
        return await self._call("POST", "/validation_failures/take")

    async def interaction(self, interaction_id: str, *, wait: float = 0.0) -> dict[str, Any]:
        return await self._call("GET", f"/interactions/{interaction_id}", wait=wait or None)

    # switches
    async def set_faults(self, **switches: Any) -> dict[str, Any]:
        return await self._call("POST", "/faults", switches)

    async def clear_faults(self) -> dict[str, Any]:
        return await self._call("POST", "/faults", {"clear": True})

    async def drop_gateway(self, code: int | None = 4000) -> int:
        return (await self._call("POST", "/gateway/drop", {"code": code}))["dropped"]

    async def invalidate_sessions(self, *, resumable: bool = False) -> None:
        await self._call("POST", "/gateway/invalidate", {"resumable": resumable})

    async def delete_channel(self, channel_id: int | str) -> None:
        await self._call("POST", f"/channels/{channel_id}/delete")

    async def set_bot_permissions(self, channel_id: int | str, *, allow: int = 0, deny: int = 0) -> None:
        await self._call("POST", f"/channels/{channel_id}/permissions", {"allow": allow, "deny": deny})

    async def close_dms(self, user_id: int | str) -> None:
        await self._call("POST", f"/users/{user_id}/close_dms")

    # members
    async def invoke_slash(
        self,
        guild_id: int | str,
        channel_id: int | str,
        member_id: int | str,
        name: str,
        options: dict[str, Any] | None = None,
        *,
        subcommand: str | None = None,
    ) -> str:
        payload = {
            "guild_id": guild_id,
            "channel_id": channel_id,
            "member_id": member_id,
            "name": name,
            "options": options or {},
            "subcommand": subcommand,
        }
        return (await self._call("POST", "/interactions/slash", payload))["id"]

    async def click(
        self, message_id: int | str, custom_id: str, member_id: int | str, *, values: list[str] | None = None
    ) -> str:
        payload = {"message_id": message_id, "custom_id": custom_id, "member_id": member_id, "values": values}
        return (await self._call("POST", "/interactions/click", payload))["id"]

    async def submit_modal(
        self, interaction_id: str, values: dict[str, Any], member_id: int | str | None = None
    ) -> str:
        payload = {"values": values, "member_id": member_id}
        return (await self._call("POST", f"/interactions/{interaction_id}/modal", payload))["id"]


@contextlib.asynccontextmanager
async def spawn_emulator(*args: str, startup_timeout: float = 30.0) -> AsyncIterator[RemoteEmulator]:
    """Start ``python -m tests.wire.emulator --port 0 *args``; stop it (SIGTERM, then SIGKILL) on exit."""
    argv, env = python_command("", "--port", "0", *args)
    process = await asyncio.create_subprocess_exec(*argv, stdout=asyncio.subprocess.PIPE, env=env)
    try:
        assert process.stdout is not None
        line = await asyncio.wait_for(process.stdout.readline(), startup_timeout)
        if not line:
            raise ControlError(f"emulator exited with {await process.wait()} before printing its URLs")
        ready = json.loads(line)
        async with aiohttp.ClientSession() as http:
            yield RemoteEmulator(
                ready["base_url"],
                ready["gateway_url"],
                ready["control_url"],
                ready["token"],
                ready["pid"],
                http,
            )
    finally:
        if process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), 10.0)
            except TimeoutError:
                process.kill()
                await process.wait()
