"""Question sources a server turned off (issue 12): seed documents, pack files, its own questions.

Every source is on unless a row here says otherwise, so existing servers keep their
whole pool.

Revision ID: 0005_sources
Revises: 0004_wire
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

INSTANT = sa.DateTime(timezone=True)

revision: str = "0005_sources"
down_revision: str | None = "0004_wire"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "disabled_sources",
        sa.Column("guild_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("source", sa.String(length=100), nullable=False),
        sa.Column("disabled_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("guild_id", "source", name=op.f("pk_disabled_sources")),
    )


def downgrade() -> None:
    op.drop_table("disabled_sources")
