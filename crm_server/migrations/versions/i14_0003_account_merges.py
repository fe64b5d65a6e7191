"""Duplicate accounts by tax id, flagged at push; a manager's merges and the rows they moved;
calendar feed tokens.

Revision ID: i14_0003
Revises: srv0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "i14_0003"
down_revision = "srv_c15_1"
branch_labels = None
depends_on = None

SEQ = sa.BigInteger().with_variant(sa.Integer, "sqlite")


def upgrade() -> None:
    op.create_table(
        "duplicate_accounts",
        sa.Column("id", SEQ, primary_key=True, autoincrement=True),
        sa.Column("tax_id", sa.String(32), nullable=False),
        sa.Column("first_id", sa.String(36), nullable=False),
        sa.Column("second_id", sa.String(36), nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("resolved_at", sa.Float),
        sa.Column("resolution", sa.String(120)),
    )
    op.create_index(
        "ix_duplicate_accounts_pair", "duplicate_accounts", ["first_id", "second_id"], unique=True
    )
    tax_ids = op.create_table(
        "account_tax_ids",
        sa.Column("tax_id", sa.String(32), primary_key=True),
        sa.Column("account_id", sa.String(36), primary_key=True),
    )
    op.create_index("ix_account_tax_ids_account", "account_tax_ids", ["account_id"])
    op.create_table(
        "account_merges",
        sa.Column("merged_id", sa.String(36), primary_key=True),
        sa.Column("survivor_id", sa.String(36), nullable=False),
        sa.Column("survivor_base", sa.Integer, nullable=False),
        sa.Column("merged_owner", sa.String(36), nullable=False),
        sa.Column("manager_id", sa.String(36), nullable=False),
        sa.Column("fields", sa.Text, nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
    )
    op.create_index("ix_account_merges_survivor_id", "account_merges", ["survivor_id"])
    op.create_table(
        "account_merge_rows",
        sa.Column("table_name", sa.String(40), primary_key=True),
        sa.Column("row_id", sa.String(36), primary_key=True),
        sa.Column("merged_id", sa.String(36), primary_key=True),
        sa.Column("version_before", sa.Integer, nullable=False),
    )
    op.create_table(
        "calendar_tokens",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.String(36), nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("revoked_at", sa.Float),
    )
    op.create_index("ix_calendar_tokens_user_id", "calendar_tokens", ["user_id"])
    _fill_tax_ids(tax_ids)


def _fill_tax_ids(tax_ids: sa.Table) -> None:
    """The live accounts already on the server (their tax id is stored normalised)."""
    bind = op.get_bind()
    rows = bind.execute(
        sa.text("SELECT row_id, data FROM sync_rows WHERE table_name = 'accounts' AND NOT deleted")
    )
    found = []
    for row_id, data in rows:
        tax_id = json.loads(data).get("tax_id")
        if tax_id:
            found.append({"tax_id": str(tax_id)[:32], "account_id": row_id})
    if found:
        op.bulk_insert(tax_ids, found)


def downgrade() -> None:
    for name in (
        "calendar_tokens",
        "account_merge_rows",
        "account_merges",
        "account_tax_ids",
        "duplicate_accounts",
    ):
        op.drop_table(name)
