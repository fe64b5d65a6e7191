"""import journals in the database (they were JSON files beside it: a copy lost them)

Revision ID: i14_0008
Revises: i14_0007
Create Date: 2026-11-30 20:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "i14_0008"
down_revision: str | None = "i14_0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "import_batches",
        sa.Column("batch_id", sa.String(length=36), nullable=False),
        sa.Column("made_at", sa.String(length=40), nullable=False),
        sa.Column("source", sa.String(length=260), nullable=False),
        sa.Column("accounts_created", sa.Integer(), nullable=False),
        sa.Column("journal", sa.Text(), nullable=False),
        sa.Column("undone_at", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("batch_id", name=op.f("pk_import_batches")),
    )
    op.create_index("ix_import_batches_made_at", "import_batches", ["made_at"])


def downgrade() -> None:
    op.drop_index("ix_import_batches_made_at", table_name="import_batches")
    op.drop_table("import_batches")
