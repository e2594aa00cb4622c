"""Review reminders at a time each member picks (issue 13): member_prefs.review_dm_time.

Empty for everyone so far: their reminder comes at the server's post time.

Revision ID: 0006_reminders
Revises: 0005_sources
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_reminders"
down_revision: str | None = "0005_sources"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("member_prefs") as batch:
        batch.add_column(sa.Column("review_dm_time", sa.String(length=5), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("member_prefs") as batch:
        batch.drop_column("review_dm_time")
