"""One running quiz per channel (unique index), who paused a schedule, the installation's
secrets, and servers that removed the bot.

Revision ID: 0002_misc
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# Spelled out here rather than imported from bot.db, so this revision never changes
# when the models do. UTCDateTime's storage type is DateTime(timezone=True).
INSTANT = sa.DateTime(timezone=True)
RUNNING = sa.text("status = 'running'")

revision: str = "0002_misc"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Before the unique index: a channel that somehow has two running quizzes keeps the newest.
    op.execute(
        "UPDATE quiz_sessions SET status = 'cancelled', finished_at = updated_at "
        "WHERE status = 'running' AND id NOT IN "
        "(SELECT MAX(id) FROM quiz_sessions WHERE status = 'running' GROUP BY channel_id)"
    )
    op.create_index(
        "uq_quiz_sessions_running_channel",
        "quiz_sessions",
        ["channel_id"],
        unique=True,
        sqlite_where=RUNNING,
        postgresql_where=RUNNING,
    )
    with op.batch_alter_table("schedules") as batch:
        batch.add_column(sa.Column("paused_by", sa.BigInteger(), nullable=True))
    op.create_table(
        "installation",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_installation")),
    )
    op.create_table(
        "departed_guilds",
        sa.Column("guild_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("left_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("guild_id", name=op.f("pk_departed_guilds")),
    )


def downgrade() -> None:
    op.drop_table("departed_guilds")
    op.drop_table("installation")
    with op.batch_alter_table("schedules") as batch:
        batch.drop_column("paused_by")
    op.drop_index("uq_quiz_sessions_running_channel", table_name="quiz_sessions")
