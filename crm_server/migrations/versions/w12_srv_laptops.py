"""Laptops known to the server and their revocation; refresh tokens name their laptop.

Revision ID: w12_srv_laptops
Revises: srv0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "w12_srv_laptops"
down_revision = "srv_c15_2"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "laptops",
        sa.Column("client_id", sa.String(36), primary_key=True),
        sa.Column("user_id", sa.String(36), nullable=False),
        sa.Column("first_seen_at", sa.Float, nullable=False),
        sa.Column("last_seen_at", sa.Float, nullable=False),
        sa.Column("revoked_at", sa.Float),
        sa.Column("revoked_reason", sa.Text),
        sa.Column("told_at", sa.Float),
        sa.Column("unlock_period", sa.String(10)),
    )
    op.create_index("ix_laptops_user_id", "laptops", ["user_id"])
    with op.batch_alter_table("refresh_tokens") as batch:
        batch.add_column(sa.Column("client_id", sa.String(36)))


def downgrade() -> None:
    with op.batch_alter_table("refresh_tokens") as batch:
        batch.drop_column("client_id")
    op.drop_index("ix_laptops_user_id", "laptops")
    op.drop_table("laptops")
