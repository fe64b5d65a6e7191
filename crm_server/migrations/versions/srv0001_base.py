"""Server schema: users, tokens, synced rows, change log, replay cache, conflicts.

Revision ID: srv0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = "srv0001"
down_revision = None
branch_labels = None
depends_on = None

SEQ = sa.BigInteger().with_variant(sa.Integer, "sqlite")


def upgrade() -> None:
    secrets_table = op.create_table(
        "server_secrets",
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    # The key that signs access tokens: made once, shared by every server process.
    op.bulk_insert(secrets_table, [{"name": "token_key", "value": secrets.token_hex(32)}])
    op.create_table(
        "users",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("username", sa.String(80), nullable=False, unique=True),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
    )
    op.create_table(
        "refresh_tokens",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.String(36), nullable=False, index=True),
        sa.Column("expires_at", sa.Float, nullable=False),
        sa.Column("revoked_at", sa.Float),
        sa.Column("created_at", sa.Float, nullable=False),
    )
    op.create_table(
        "login_failures",
        sa.Column("username", sa.String(80), primary_key=True),
        sa.Column("ip", sa.String(64), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("last_failure_at", sa.Float, nullable=False),
    )
    op.create_table(
        "sync_rows",
        sa.Column("table_name", sa.String(40), primary_key=True),
        sa.Column("row_id", sa.String(36), primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("field_versions", sa.Text, nullable=False),
        sa.Column("owner", sa.String(36), nullable=False),
        sa.Column("account_id", sa.String(36)),
        sa.Column("deleted", sa.Boolean, nullable=False),
    )
    op.create_index("ix_sync_rows_account", "sync_rows", ["account_id"])
    op.create_table(
        "change_log",
        sa.Column("seq", SEQ, primary_key=True, autoincrement=True),
        sa.Column("txid", sa.BigInteger, nullable=False),
        sa.Column("table_name", sa.String(40), nullable=False),
        sa.Column("row_id", sa.String(36), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("audience", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("fields", sa.Text),
        sa.Column("author", sa.String(36)),
        sa.Column("op_ref", sa.String(60)),
        sa.Column("created_at", sa.Float, nullable=False),
    )
    op.create_index("ix_change_log_cursor", "change_log", ["txid", "seq"])
    op.create_index("ix_change_log_audience", "change_log", ["audience", "txid", "seq"])
    op.create_index("ix_change_log_row", "change_log", ["table_name", "row_id", "version"])
    op.create_table(
        "sync_clients",
        sa.Column("client_id", sa.String(36), primary_key=True),
        sa.Column("user_id", sa.String(36), nullable=False),
        sa.Column("last_op_seq", sa.BigInteger, nullable=False),
        sa.Column("updated_at", sa.Float, nullable=False),
    )
    op.create_table(
        "push_results",
        sa.Column("client_id", sa.String(36), primary_key=True),
        sa.Column("op_seq", sa.BigInteger, primary_key=True),
        sa.Column("result", sa.Text, nullable=False),
    )
    op.create_table(
        "conflicts",
        sa.Column("id", SEQ, primary_key=True, autoincrement=True),
        sa.Column("table_name", sa.String(40), nullable=False),
        sa.Column("row_id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("field", sa.String(60)),
        sa.Column("base", sa.Text),
        sa.Column("server", sa.Text),
        sa.Column("client", sa.Text),
        sa.Column("winner", sa.String(8), nullable=False),
        sa.Column("user_id", sa.String(36), nullable=False),
        sa.Column("client_id", sa.String(36), nullable=False),
        sa.Column("op_seq", sa.BigInteger, nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("resolution", sa.Text),
        sa.Column("resolved_at", sa.Float),
    )
    op.create_index("ix_conflicts_row", "conflicts", ["table_name", "row_id"])


def downgrade() -> None:
    for name in (
        "conflicts",
        "push_results",
        "sync_clients",
        "change_log",
        "sync_rows",
        "login_failures",
        "refresh_tokens",
        "users",
        "server_secrets",
    ):
        op.drop_table(name)
