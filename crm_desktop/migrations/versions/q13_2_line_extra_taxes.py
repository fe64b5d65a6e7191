"""several taxes on one line: quote_lines.extra_taxes, the further taxes with frozen rates

Revision ID: q13_2
Revises: q13_1
Create Date: 2026-11-30 19:45:00

A nullable text column (JSON); existing lines carry no further tax. Adding a column rebuilds
nothing in SQLite, so no capture trigger fires and no outbox entry is made.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "q13_2"
down_revision: str | None = "q13_1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("quote_lines", schema=None) as batch_op:
        batch_op.add_column(sa.Column("extra_taxes", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("quote_lines", schema=None) as batch_op:
        batch_op.drop_column("extra_taxes")
