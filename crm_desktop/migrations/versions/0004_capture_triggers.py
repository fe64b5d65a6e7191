"""outbox capture by SQLite triggers, whatever the write path

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 16:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from crm_desktop.models.capture import drop_capture_triggers, install_capture_triggers

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sync_capture_off",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_capture_off")),
    )
    install_capture_triggers(op.get_bind())


def downgrade() -> None:
    drop_capture_triggers(op.get_bind())
    op.drop_table("sync_capture_off")
