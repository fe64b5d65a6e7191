"""accounts sort by keys that fold every accent a Spanish keyboard types (à â ä ç Ñ …)

Revision ID: u11_fold
Revises: 0006
Create Date: 2026-11-30 19:30:00

Revision c1 folded only á é í ó ú ü ñ (and their capitals) in an index expression: "Àlamo",
"Çafé" and "ÊXITO" sorted after "Zapata". The full fold (services/core/collation.py) is 48
replace() calls, more than SQLite's parser nests in one expression, so each sorted column gets
virtual generated columns that fold in two steps (`<column>_fold1`, `<column>_key`), and c1's
indexes are rebuilt on the keys, under the same names (search.py names one in INDEXED BY).
Virtual columns take no room in the rows; PRAGMA table_info does not list them, so the capture
triggers and the sync never see them.
"""

from collections.abc import Sequence

from alembic import op

from crm_desktop.services.core.collation import SORTED_COLUMNS, key_steps

revision: str = "u11_fold"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LIVE = "WHERE deleted_at IS NULL"
# c1's indexes: (name, leading column or None), each then (folded legal name, legal_name)
INDEXES = {
    "ix_accounts_live_name_es": None,
    "ix_accounts_live_trade_name_es": "trade_name",
    "ix_accounts_live_tax_id_es": "tax_id",
    "ix_accounts_live_city_name_es": "city",
    "ix_accounts_live_kind_name_es": "kind",
    "ix_accounts_live_roles_name_es": "roles",
    "ix_accounts_live_phase_name_es": "lifecycle_phase",
    "ix_accounts_live_segment_name_es": "segment",
    "ix_accounts_live_owner_name_es": "owner_id",
}


def _key(column: str) -> str:
    return f"{column}_key" if column in SORTED_COLUMNS else column


def upgrade() -> None:
    for name in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
    for column in SORTED_COLUMNS:
        for generated, expression in key_steps(column):
            op.execute(
                f"ALTER TABLE accounts ADD COLUMN {generated} TEXT "
                f"GENERATED ALWAYS AS ({expression}) VIRTUAL"
            )
    for name, lead in INDEXES.items():
        columns = ", ".join([*([_key(lead)] if lead else []), "legal_name_key", "legal_name"])
        op.execute(f"CREATE INDEX {name} ON accounts ({columns}) {LIVE}")


def downgrade() -> None:
    """Back to c1's indexes on its own fold expression."""
    c1_folds = (("áÁ", "a"), ("éÉ", "e"), ("íÍ", "i"), ("óÓ", "o"), ("úÚüÜ", "u"), ("ñÑ", "n~"))

    def c1_fold(column: str) -> str:
        sql = f"lower(coalesce({column}, ''))"
        for letters, base in c1_folds:
            for letter in letters:
                sql = f"replace({sql}, '{letter}', '{base}')"
        return sql

    for name in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
    for column in reversed(SORTED_COLUMNS):
        for generated, _expression in reversed(key_steps(column)):
            op.execute(f"ALTER TABLE accounts DROP COLUMN {generated}")
    for name, lead in INDEXES.items():
        first = [c1_fold(lead) if lead in SORTED_COLUMNS else lead] if lead else []
        columns = ", ".join([*first, c1_fold("legal_name"), "legal_name"])
        op.execute(f"CREATE INDEX {name} ON accounts ({columns}) {LIVE}")
