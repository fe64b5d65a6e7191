"""accounts sort in Spanish order: indexes on the folded legal name (accents and case)

Revision ID: c1
Revises: 0005
Create Date: 2026-11-30 17:00:00

The account list sorts by services/core/collation.fold_sql(...) (lower() and replace() only,
so the file needs no registered function). Each index of revision a1 led with a column and
carried the raw legal_name as the tie-breaker; here each carries the folded name instead, and
the legal-name sort gets its own folded index, so every sort of 100,000 accounts is still an
index walk. The query must use the very expression text of these indexes: changing
collation.FOLDS needs a new revision that rebuilds them (tests check the plans use them).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "c1"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The fold of this revision, frozen here (services/core/collation.py has moved on: u11_fold).
C1_FOLDS = (("áÁ", "a"), ("éÉ", "e"), ("íÍ", "i"), ("óÓ", "o"), ("úÚüÜ", "u"), ("ñÑ", "n~"))


def fold_sql(column: str) -> str:
    sql = f"lower(coalesce({column}, ''))"
    for letters, base in C1_FOLDS:
        for letter in letters:
            sql = f"replace({sql}, '{letter}', '{base}')"
    return sql


NAME = fold_sql("legal_name")
LIVE = "WHERE deleted_at IS NULL"
# a1's indexes: leading column, legal_name
A1 = {
    "ix_accounts_live_trade_name": "trade_name",
    "ix_accounts_live_tax_id": "tax_id",
    "ix_accounts_live_city_name": "city",
    "ix_accounts_live_kind_name": "kind",
    "ix_accounts_live_roles_name": "roles",
    "ix_accounts_live_phase_name": "lifecycle_phase",
    "ix_accounts_live_segment_name": "segment",
    "ix_accounts_live_owner_name": "owner_id",
}
FOLDED_LEADS = {"trade_name", "city"}  # text people read: sorted in Spanish order too


def lead(column: str) -> str:
    return fold_sql(column) if column in FOLDED_LEADS else column


def upgrade() -> None:
    op.execute(f"CREATE INDEX ix_accounts_live_name_es ON accounts ({NAME}, legal_name) {LIVE}")
    for name, column in A1.items():
        op.execute(f"DROP INDEX IF EXISTS {name}")
        op.execute(
            f"CREATE INDEX {name}_es ON accounts ({lead(column)}, {NAME}, legal_name) {LIVE}"
        )


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_accounts_live_name_es")
    for name, column in A1.items():
        op.execute(f"DROP INDEX IF EXISTS {name}_es")
        op.execute(f"CREATE INDEX {name} ON accounts ({column}, legal_name) {LIVE}")
