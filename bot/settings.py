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

    @property
    def bank_dir(self) -> Path:
        return self.content_dir / "bank"

    @property
    def sources_dir(self) -> Path:
        return self.content_dir / "sources"
