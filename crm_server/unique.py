"""The laptop's unique keys, held on the server: a second row with a taken value is refused.

Every laptop that receives both rows would fail on its own unique index (and stop syncing), so
the server keeps, per key, which row holds each value (sync_unique_keys) and refuses a push that
would give the same value to another row, with the reason. A key with an empty part is not held
(as in SQL). A deleted row keeps its values: laptops keep tombstones under the same indexes.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Connection, delete, insert, select

from crm_server.db.schema import sync_unique_keys as K

JsonScalar = str | int | bool | None

# table -> key name -> its columns. The laptop makes a rule's reminder id from (owner, rule_key),
# so two laptops of one rep make the same row (it merges); a different id is another row.
UNIQUE_KEYS: dict[str, dict[str, tuple[str, ...]]] = {
    "quotes": {"number": ("number",)},
    "quote_revisions": {"quote_revision": ("quote_id", "revision")},
    "reminders": {"rule_key": ("owner_id", "rule_key")},
    "products": {"code": ("code",)},
    "price_list_items": {"price_list_product": ("price_list_id", "product_id")},
}
WORDS = {
    "number": "Another quote already has the number {number}.",
    "quote_revision": "This quote already has a revision {revision} (another record).",
    "rule_key": "This rule's reminder ({rule_key}) exists already for its owner as another "
    "record: a rule's reminder must use the id made from its owner and rule key.",
    "code": "Another product already has the code {code}.",
    "price_list_product": "This price list already has a price for this product.",
}


def _value(data: Mapping[str, JsonScalar], columns: tuple[str, ...]) -> str | None:
    parts = [data.get(c) for c in columns]
    if any(p is None for p in parts):
        return None
    return "\x1f".join(str(p) for p in parts)


def claim(
    conn: Connection,
    table: str,
    row_id: str,
    before: Mapping[str, JsonScalar],
    after: Mapping[str, JsonScalar],
) -> dict[str, str]:
    """Take the row's key values (after); field -> reason for each value another row holds."""
    refused: dict[str, str] = {}
    for name, columns in UNIQUE_KEYS.get(table, {}).items():
        new = _value(after, columns)
        old = _value(before, columns)
        if new is None or (new == old and before):
            continue
        holder = conn.scalar(
            select(K.c.row_id).where(
                K.c.table_name == table, K.c.key_name == name, K.c.key_value == new
            )
        )
        if holder == row_id:
            continue
        if holder is not None:
            refused[columns[-1]] = WORDS[name].format(**{c: after.get(c) for c in columns})
            continue
        conn.execute(
            delete(K).where(K.c.table_name == table, K.c.key_name == name, K.c.row_id == row_id)
        )
        conn.execute(
            insert(K).values(table_name=table, key_name=name, key_value=new, row_id=row_id)
        )
    return refused
