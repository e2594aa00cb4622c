"""When a post's send and its reveal were first handed out: a message may exist from then on.

A process can die after Discord stored its message and before the id was recorded. The
next process to send (or reveal) that post reads the channel's messages from this instant
on and adopts the one it finds instead of sending a second (docs/architecture.md, "Posts
and reveals").

Revision ID: 0004_wire
Revises: 0003_reviews
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

INSTANT = sa.DateTime(timezone=True)

revision: str = "0004_wire"
down_revision: str | None = "0003_reviews"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("posts") as batch:
        batch.add_column(sa.Column("send_claimed_at", INSTANT, nullable=True))
        batch.add_column(sa.Column("reveal_claimed_at", INSTANT, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("posts") as batch:
        batch.drop_column("reveal_claimed_at")
        batch.drop_column("send_claimed_at")
