"""A rep may be allowed to see products' costs (users.sees_costs; managers always do).

Revision ID: srv_c15_1
Revises: srv0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "srv_c15_1"
down_revision = "srv0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("sees_costs", sa.Boolean, nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("sees_costs")
