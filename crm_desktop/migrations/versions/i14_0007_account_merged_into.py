"""an account merged by a manager points at its survivor

Revision ID: i14_0007
Revises: 0006
Create Date: 2026-11-30 19:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "i14_0007"
down_revision: str | None = "q13_2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN: no table rebuild, so no outbox entry (models.migrate re-creates the
    # capture triggers with the new column after every migration).
    op.add_column("accounts", sa.Column("merged_into_id", sa.String(length=36), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_column("merged_into_id")
