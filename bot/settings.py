"""Typed settings from the environment and an optional ``.env`` file.

Nothing here opens a connection: ``bot.app`` and ``bot.cli`` create resources
from these values at start-up.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "data" / "qotd.sqlite3"


class Settings(BaseSettings):
    """Everything the bot reads from its environment."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    discord_token: SecretStr | None = Field(default=None, description="The bot's token (a secret).")
    database_url: str = Field(
        default=f"sqlite+aiosqlite:///{DEFAULT_SQLITE_PATH}",
        description="SQLAlchemy async URL; postgresql+asyncpg://... for PostgreSQL.",
    )
    log_level: str = "INFO"
    dev_guild_id: int | None = Field(
        default=None, description="Sync slash commands to this guild only (instant, for development)."
    )
    content_dir: Path = PROJECT_ROOT / "content"
    shard_count: int | None = Field(
        default=None,
        ge=1,
        description="Total shards of the fleet; unset lets discord.py choose (auto-sharding).",
    )
    shard_ids: str | None = Field(
        default=None,
        description="Comma-separated shard ids this process runs, e.g. '0,1' (needs SHARD_COUNT).",
    )
    health_file: Path = Field(
        default=PROJECT_ROOT / "data" / "health.json",
        description="Rewritten every minute with readiness, latency and the last reconcile.",
    )
    discord_api_base: str | None = Field(
        default=None, description="Discord REST base URL; only for the local Discord emulator used in tests."
    )
    post_rate_per_second: float = Field(
        default=45.0,
        gt=0,
        le=50,
        description="Pace of scheduled sends, below Discord's 50 requests/s global limit.",
    )

    selection_secret: SecretStr | None = Field(
        default=None,
        description=(
            "Keys the daily question's choice so upcoming questions can't be computed from public data; "
            "unset: generated once and stored in the database."
        ),
    )
    removed_server_grace_days: int = Field(
        default=30,
        ge=1,
        description="Days a server's data is kept after it removed the bot, then deleted.",
    )

    @property
    def shard_id_list(self) -> list[int] | None:
        """``SHARD_IDS`` as integers, checked against ``SHARD_COUNT``."""
        if not self.shard_ids:
            return None
        ids = sorted({int(part) for part in self.shard_ids.split(",") if part.strip()})
        if self.shard_count is None:
            raise ValueError("SHARD_IDS needs SHARD_COUNT")
        bad = [i for i in ids if not 0 <= i < self.shard_count]
        if bad:
            raise ValueError(f"SHARD_IDS {bad} out of range for SHARD_COUNT={self.shard_count}")
        return ids

    @property
    def bank_dir(self) -> Path:
        return self.content_dir / "bank"

    @property
    def sources_dir(self) -> Path:
        return self.content_dir / "sources"
