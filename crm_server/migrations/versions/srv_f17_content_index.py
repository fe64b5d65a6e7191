"""Attachments by content hash: the hash index and who stored each content (quotas).

Revision ID: srv_f17_content
Revises: w12_srv_erased
Create Date: 2026-12-01
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "srv_f17_content"
down_revision = "w12_srv_erased"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attachment_hashes",
        sa.Column("row_id", sa.String(36), primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_attachment_hashes_sha256", "attachment_hashes", ["sha256"])
    op.create_table(
        "content_uploads",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.String(36), nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("stored_at", sa.Float, nullable=False),
    )
    op.create_index("ix_content_uploads_user_id", "content_uploads", ["user_id"])
    _index_existing_rows()


def _index_existing_rows() -> None:
    """The attachments rows pushed before this revision, read once here."""
    conn = op.get_bind()
    found = conn.execute(
        sa.text("SELECT row_id, data FROM sync_rows WHERE table_name = 'attachments'")
    )
    hashes = sa.table(
        "attachment_hashes",
        sa.column("row_id", sa.String),
        sa.column("sha256", sa.String),
        sa.column("size", sa.BigInteger),
    )
    batch: list[dict[str, object]] = []
    for row_id, data in found:
        values = json.loads(data)
        sha, size = values.get("sha256"), values.get("size")
        if isinstance(sha, str) and isinstance(size, int):
            batch.append({"row_id": row_id, "sha256": sha, "size": size})
        if len(batch) >= 1000:
            conn.execute(hashes.insert(), batch)
            batch = []
    if batch:
        conn.execute(hashes.insert(), batch)


def downgrade() -> None:
    op.drop_index("ix_content_uploads_user_id", "content_uploads")
    op.drop_table("content_uploads")
    op.drop_index("ix_attachment_hashes_sha256", "attachment_hashes")
    op.drop_table("attachment_hashes")
