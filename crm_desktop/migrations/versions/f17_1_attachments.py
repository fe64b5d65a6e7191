"""attachments: one synced metadata row per file on an account or a row under it (issue 17)

Revision ID: f17_1
Revises: c15_4
Create Date: 2026-12-01 01:10:00

Capture triggers for the new table are installed after every migration (models.migrate).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "f17_1"
down_revision: str | None = "c15_4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "attachments",
        sa.Column("account_id", sa.String(length=36), nullable=False),
        sa.Column("parent_table", sa.String(length=20), nullable=False),
        sa.Column("parent_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("mime", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_attachments_account_id_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
    )
    op.create_index("ix_attachments_parent", "attachments", ["parent_table", "parent_id"])
    op.create_index(
        "ix_attachments_account",
        "attachments",
        ["account_id"],
        sqlite_where=sa.text("deleted_at IS NULL"),
    )
    op.create_index("ix_attachments_sha256", "attachments", ["sha256"])


def downgrade() -> None:
    op.drop_index("ix_attachments_sha256", table_name="attachments")
    op.drop_index("ix_attachments_account", table_name="attachments")
    op.drop_index("ix_attachments_parent", table_name="attachments")
    op.drop_table("attachments")
