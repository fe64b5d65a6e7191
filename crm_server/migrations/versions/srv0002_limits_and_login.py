"""Login throttling per account, per address and per pair; refresh token families; the
laptop's unique keys held on the server.

Revision ID: srv0002
Revises: srv0001
Create Date: 2026-11-30
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "srv0002"
down_revision = "srv0001"
branch_labels = None
depends_on = None

# The same keys as crm_server.unique.UNIQUE_KEYS at the time of this revision.
KEYS: dict[str, dict[str, tuple[str, ...]]] = {
    "quotes": {"number": ("number",)},
    "quote_revisions": {"quote_revision": ("quote_id", "revision")},
    "reminders": {"rule_key": ("owner_id", "rule_key")},
    "products": {"code": ("code",)},
    "price_list_items": {"price_list_product": ("price_list_id", "product_id")},
}


def upgrade() -> None:
    op.drop_table("login_failures")
    op.create_table(
        "login_throttle",
        sa.Column("scope", sa.String(8), primary_key=True),  # account | address | pair
        sa.Column("key", sa.String(160), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("last_failure_at", sa.Float, nullable=False),
    )
    op.create_index("ix_login_throttle_last", "login_throttle", ["last_failure_at"])
    op.create_table(
        "login_known_addresses",
        sa.Column("user_id", sa.String(36), primary_key=True),
        sa.Column("ip", sa.String(64), primary_key=True),
        sa.Column("last_success_at", sa.Float, nullable=False),
    )
    with op.batch_alter_table("refresh_tokens") as batch:
        batch.add_column(sa.Column("family", sa.String(64)))
        batch.add_column(sa.Column("rotated_to", sa.String(64)))
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("sessions_after", sa.Float))
    unique = op.create_table(
        "sync_unique_keys",
        sa.Column("table_name", sa.String(40), primary_key=True),
        sa.Column("key_name", sa.String(40), primary_key=True),
        sa.Column("key_value", sa.String(400), primary_key=True),
        sa.Column("row_id", sa.String(36), nullable=False),
    )
    op.create_index("ix_sync_unique_keys_row", "sync_unique_keys", ["table_name", "row_id"])
    _backfill(unique)


def _backfill(unique: sa.Table) -> None:
    conn = op.get_bind()
    rows = sa.table("sync_rows", sa.column("table_name"), sa.column("row_id"), sa.column("data"))
    seen: set[tuple[str, str, str]] = set()
    found: list[dict[str, str]] = []
    query = sa.select(rows.c.table_name, rows.c.row_id, rows.c.data).where(
        rows.c.table_name.in_(list(KEYS))
    )
    for table, row_id, raw in conn.execute(query.order_by(rows.c.table_name, rows.c.row_id)):
        data = json.loads(raw)
        for name, columns in KEYS[table].items():
            parts = [data.get(c) for c in columns]
            if any(p is None for p in parts):
                continue
            value = "\x1f".join(str(p) for p in parts)
            if (table, name, value) not in seen:  # an older duplicate keeps the key
                seen.add((table, name, value))
                found.append(
                    {"table_name": table, "key_name": name, "key_value": value, "row_id": row_id}
                )
    if found:
        op.bulk_insert(unique, found)


def downgrade() -> None:
    op.drop_table("sync_unique_keys")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("sessions_after")
    with op.batch_alter_table("refresh_tokens") as batch:
        batch.drop_column("rotated_to")
        batch.drop_column("family")
    op.drop_table("login_known_addresses")
    op.drop_table("login_throttle")
    op.create_table(
        "login_failures",
        sa.Column("username", sa.String(80), primary_key=True),
        sa.Column("ip", sa.String(64), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("last_failure_at", sa.Float, nullable=False),
    )
