"""quotes accepted with a signature: one synced acceptance record per quote revision

Revision ID: q13_1
Revises: 0006
Create Date: 2026-11-30 19:40:00

Capture triggers for the new table are installed after every migration (models.migrate).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "q13_1"
down_revision: str | None = "c15_1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "quote_acceptances",
        sa.Column("quote_id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("signer_name", sa.String(length=120), nullable=False),
        sa.Column("signer_id_kind", sa.String(length=10), nullable=False),
        sa.Column("signer_id", sa.String(length=32), nullable=False),
        sa.Column("signed_at", sa.DateTime(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("signature_png", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["quote_id"], ["quotes.id"], name=op.f("fk_quote_acceptances_quote_id_quotes")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quote_acceptances")),
        sa.UniqueConstraint("quote_id", "revision", name=op.f("uq_quote_acceptances_quote_id")),
    )
    with op.batch_alter_table("quote_acceptances", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_quote_acceptances_quote_id"), ["quote_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("quote_acceptances", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quote_acceptances_quote_id"))
    op.drop_table("quote_acceptances")
