"""Questions members suggest for their server's bank (/suggest), reviewed by moderators.

Revision ID: 0007_suggestions
Revises: 0006_reminders
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

INSTANT = sa.DateTime(timezone=True)
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

revision: str = "0007_suggestions"
down_revision: str | None = "0006_reminders"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "suggestions",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("author_name", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("topic", sa.String(length=100), nullable=False),
        sa.Column("prompt", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("key_points", sa.JSON(), nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("edited_at", INSTANT, nullable=True),
        sa.Column("moderator_id", sa.BigInteger(), nullable=True),
        sa.Column("decided_at", INSTANT, nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("question_id", sa.String(length=64), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'approved', 'rejected')", name=op.f("ck_suggestions_status")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suggestions")),
    )
    op.create_index(
        "ix_suggestions_guild_id_status_created_at",
        "suggestions",
        ["guild_id", "status", "created_at"],
        unique=False,
    )
    op.create_index(op.f("ix_suggestions_member_id"), "suggestions", ["member_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_suggestions_member_id"), table_name="suggestions")
    op.drop_index("ix_suggestions_guild_id_status_created_at", table_name="suggestions")
    op.drop_table("suggestions")
