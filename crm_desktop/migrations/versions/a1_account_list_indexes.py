"""indexes for sorting the accounts table by each column

Revision ID: a1
Revises: 0002
Create Date: 2026-11-28 11:00:00

The desktop's account list pages through 100,000 accounts sorted by any column; each index
leads with the sorted column and carries legal_name (the tie-breaker), over live rows only,
so a page is an index walk instead of a sort of every account.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a1"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LIVE = sa.text("deleted_at IS NULL")
INDEXES = {
    "ix_accounts_live_trade_name": ["trade_name", "legal_name"],
    "ix_accounts_live_tax_id": ["tax_id", "legal_name"],
    "ix_accounts_live_city_name": ["city", "legal_name"],
    "ix_accounts_live_kind_name": ["kind", "legal_name"],
    "ix_accounts_live_roles_name": ["roles", "legal_name"],
    "ix_accounts_live_phase_name": ["lifecycle_phase", "legal_name"],
    "ix_accounts_live_segment_name": ["segment", "legal_name"],
    "ix_accounts_live_owner_name": ["owner_id", "legal_name"],
}


def upgrade() -> None:
    with op.batch_alter_table("accounts") as batch_op:
        for name, columns in INDEXES.items():
            batch_op.create_index(name, columns, unique=False, sqlite_where=LIVE)


def downgrade() -> None:
    with op.batch_alter_table("accounts") as batch_op:
        for name in INDEXES:
            batch_op.drop_index(name, sqlite_where=LIVE)
