"""market sizes a manager estimates per city or segment and period (synced, managers' data)

Revision ID: c15_3
Revises: w12_privacy
Create Date: 2026-12-01 00:20:00

Capture triggers are installed after every migration (models.migrate), the new table's included.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c15_3"
down_revision: str | None = "s10_2_meta_key"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "market_sizes",
        sa.Column("dimension", sa.String(length=12), nullable=False),
        sa.Column("market_key", sa.String(length=80), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_market_sizes")),
    )
    op.create_index("ix_market_sizes_period", "market_sizes", ["starts_on", "ends_on"])


def downgrade() -> None:
    op.drop_index("ix_market_sizes_period", table_name="market_sizes")
    op.drop_table("market_sizes")
