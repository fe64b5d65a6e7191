"""Erased people: keyed hashes of the strings that named them, so no laptop puts them back.

Revision ID: w12_srv_erased
Revises: w12_srv_laptops
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "w12_srv_erased"
down_revision = "w12_srv_laptops"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "erased_people",
        sa.Column("request_id", sa.String(36), primary_key=True),
        sa.Column("account_id", sa.String(36), nullable=False),
        sa.Column("table_name", sa.String(40), nullable=False),
        sa.Column("row_id", sa.String(36), nullable=False),
        sa.Column("digests", sa.Text, nullable=False),
        sa.Column("erased_at", sa.Float, nullable=False),
    )
    op.create_index("ix_erased_people_account_id", "erased_people", ["account_id"])


def downgrade() -> None:
    op.drop_index("ix_erased_people_account_id", "erased_people")
    op.drop_table("erased_people")
