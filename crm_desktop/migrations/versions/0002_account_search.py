"""account search index (FTS5), kept in step by triggers

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 10:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The text one account contributes to the index; :key is the accounts.id to describe.
_ROW = """
SELECT a.row_key, a.legal_name, coalesce(a.trade_name, ''), coalesce(a.tax_id, ''),
       coalesce(a.city, ''), coalesce(a.email, ''),
       coalesce((SELECT group_concat(c.first_name || ' ' || c.last_name, ' ') FROM contacts c
                 WHERE c.account_id = a.id AND c.deleted_at IS NULL), ''),
       coalesce((SELECT group_concat(c.email, ' ') FROM contacts c
                 WHERE c.account_id = a.id AND c.deleted_at IS NULL), '')
FROM accounts a WHERE a.id = {key} AND a.deleted_at IS NULL
"""
_COLS = "rowid, legal_name, trade_name, tax_id, city, email, contact_names, contact_emails"


def _refresh(key: str) -> str:
    return (
        f"DELETE FROM account_search WHERE rowid = "
        f"(SELECT row_key FROM accounts WHERE id = {key});\n"
        f"INSERT INTO account_search({_COLS}) {_ROW.format(key=key)};"
    )


def upgrade() -> None:
    op.execute(
        "CREATE VIRTUAL TABLE account_search USING fts5("
        "legal_name, trade_name, tax_id, city, email, contact_names, contact_emails, "
        "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4')"
    )
    op.execute(
        f"INSERT INTO account_search({_COLS}) " + _ROW.replace("WHERE a.id = {key} AND", "WHERE")
    )
    op.execute(
        "CREATE TRIGGER account_search_ai AFTER INSERT ON accounts BEGIN "
        + _refresh("new.id")
        + " END"
    )
    op.execute(
        "CREATE TRIGGER account_search_au AFTER UPDATE OF legal_name, trade_name, tax_id, city, "
        "email, deleted_at ON accounts BEGIN " + _refresh("new.id") + " END"
    )
    op.execute(
        "CREATE TRIGGER account_search_ad AFTER DELETE ON accounts BEGIN "
        "DELETE FROM account_search WHERE rowid = old.row_key; END"
    )
    op.execute(
        "CREATE TRIGGER account_search_contact_ai AFTER INSERT ON contacts BEGIN "
        + _refresh("new.account_id")
        + " END"
    )
    op.execute(
        "CREATE TRIGGER account_search_contact_au AFTER UPDATE OF first_name, last_name, email, "
        "deleted_at, account_id ON contacts BEGIN "
        + _refresh("old.account_id")
        + _refresh("new.account_id")
        + " END"
    )
    op.execute(
        "CREATE TRIGGER account_search_contact_ad AFTER DELETE ON contacts BEGIN "
        + _refresh("old.account_id")
        + " END"
    )


def downgrade() -> None:
    for trigger in ("ai", "au", "ad", "contact_ai", "contact_au", "contact_ad"):
        op.execute(f"DROP TRIGGER IF EXISTS account_search_{trigger}")
    op.execute("DROP TABLE account_search")
