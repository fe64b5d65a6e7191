"""a set-aside row can be dismissed with a reason (kept, no longer listed)

Revision ID: s10_unapplied_dismissed
Revises: 0006
Create Date: 2026-11-30 19:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "s10_unapplied_dismissed"
down_revision: str | None = "i14_0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sync_unapplied") as batch:
        batch.add_column(sa.Column("dismissed_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("dismissed_by", sa.String(length=36), nullable=True))
        batch.add_column(sa.Column("dismiss_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sync_unapplied") as batch:
        batch.drop_column("dismiss_reason")
        batch.drop_column("dismissed_by")
        batch.drop_column("dismissed_at")
