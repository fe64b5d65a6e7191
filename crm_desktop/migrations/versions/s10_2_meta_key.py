"""sync_meta.key holds 80 characters: "evicted:" + an account id is 44 (it was 40)

Revision ID: s10_2_meta_key
Revises: w12_privacy
Create Date: 2026-12-01 00:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "s10_2_meta_key"
down_revision: str | None = "w12_privacy"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sync_meta") as batch:
        batch.alter_column("key", type_=sa.String(length=80), existing_type=sa.String(length=40))


def downgrade() -> None:
    # SQLite keeps longer keys in a VARCHAR(40) as they are: nothing is cut.
    with op.batch_alter_table("sync_meta") as batch:
        batch.alter_column("key", type_=sa.String(length=40), existing_type=sa.String(length=80))
