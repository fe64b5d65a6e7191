"""covering indexes for the manager's view and the customers report

Revision ID: r2
Revises: r1
Create Date: 2026-11-28 10:55:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "r2"
down_revision: str | None = "r1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Live accounts counted per rep and phase (manager_view) and per kind with their roles
# (customer_value.customers_report) without reading the wide account rows.
INDEXES = {
    "ix_accounts_owner_phase": "(owner_id, lifecycle_phase)",
    "ix_accounts_kind_roles": "(kind, roles, id)",
}


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.execute(f"CREATE INDEX {name} ON accounts {columns} WHERE deleted_at IS NULL")


def downgrade() -> None:
    for name in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
