"""local sync state: conflicts returned by the server

Revision ID: s1
Revises: 0002
Create Date: 2026-11-28 11:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "s1"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sync_conflicts",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("field", sa.String(length=60), nullable=True),
        sa.Column("base", sa.Text(), nullable=True),
        sa.Column("server", sa.Text(), nullable=True),
        sa.Column("local", sa.Text(), nullable=True),
        sa.Column("server_version", sa.Integer(), nullable=False),
        sa.Column("op_seq", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolution", sa.String(length=8), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_conflicts")),
    )
    with op.batch_alter_table("sync_conflicts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_sync_conflicts_open", ["resolved_at", "table_name", "row_id"], unique=False
        )
    with op.batch_alter_table("sync_outbox", schema=None) as batch_op:
        # Refused ops wait for the rep; pushing reads pending ones by row as well.
        batch_op.create_index("ix_sync_outbox_row", ["table_name", "row_id", "state"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("sync_outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_sync_outbox_row")
    with op.batch_alter_table("sync_conflicts", schema=None) as batch_op:
        batch_op.drop_index("ix_sync_conflicts_open")
    op.drop_table("sync_conflicts")
