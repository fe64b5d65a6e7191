"""The server's copy of every synced row: read, write with versions, and log each change."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from sqlalchemy import Connection, insert, literal, select, text, update
from sqlalchemy.sql.elements import ColumnElement

from crm_desktop.clock import SYSTEM, timestamp
from crm_server import attachment_index
from crm_server.db.engine import is_postgres
from crm_server.db.schema import CAMPAIGNS, COSTS, GLOBAL, UNOWNED, change_log, sync_rows

JsonScalar = str | int | bool | None
GLOBAL_TABLES = frozenset({"users", "products", "price_lists", "price_list_items", "taxes"})
QUOTE_CHILDREN = frozenset({"quote_lines", "quote_revisions", "quote_acceptances"})
COST_TABLES = frozenset({"product_costs"})  # filed under COSTS (crm_server.costs)
# Filed under CAMPAIGNS: managers pull them; a rep gets a campaign when one of the rep's accounts
# is a member (crm_server.campaigns), never its cost lines.
# Market sizes (the market share report) are managers' marketing data too, never a rep's.
CAMPAIGN_TABLES = frozenset({"campaigns", "campaign_costs", "market_sizes"})


# Synced tables, parents before children (the laptop's schema order; a test keeps them equal):
# a reassignment sends an account's rows in this order without importing the laptop's models.
SYNCED_ORDER = (
    "campaigns", "market_sizes", "price_lists", "products", "taxes", "users", "accounts",
    "campaign_costs", "price_list_items", "product_costs", "account_products", "attachments",
    "campaign_members",
    "consent_events", "contacts", "opportunities", "privacy_requests", "reminders", "activities",
    "quotes", "visits", "quote_acceptances", "quote_lines", "quote_revisions",
)  # fmt: skip
SYNCED_RANK = {name: i for i, name in enumerate(SYNCED_ORDER)}


# The laptop's models are imported on first use only: admin commands that never look at them
# (and a reassignment, which needs only the table order) start faster.
@cache
def table_rank() -> dict[str, int]:
    """Parents before children: each synced table's place in the laptop's schema order."""
    from crm_desktop.models.base import Base

    return {table.name: i for i, table in enumerate(Base.metadata.sorted_tables)}


@cache
def synced_tables() -> frozenset[str]:
    """Tables of the laptop's synced models (not any table that has a server_version column:
    the laptop's own conflict records have one too, and never travel)."""
    from crm_desktop.models.base import synced_classes

    return frozenset(synced_classes())


@dataclass
class Row:
    """A synced row as the server holds it (data in codec JSON scalars)."""

    table: str
    row_id: str
    version: int
    data: dict[str, JsonScalar]
    field_versions: dict[str, int]
    owner: str
    account_id: str | None
    deleted: bool
    is_new: bool = field(default=False, compare=False)


def txid_expr(conn: Connection) -> ColumnElement[Any]:
    """This transaction's id on PostgreSQL (the cursor's first half); 0 on SQLite (serial)."""
    if is_postgres(conn):
        return text("pg_current_xact_id()::text::bigint")  # type: ignore[return-value]
    return literal(0)


def load(conn: Connection, table: str, row_id: str, lock: bool = False) -> Row | None:
    query = select(sync_rows).where(sync_rows.c.table_name == table, sync_rows.c.row_id == row_id)
    if lock and is_postgres(conn):
        query = query.with_for_update()
    r = conn.execute(query).first()
    if r is None:
        return None
    return Row(
        table,
        row_id,
        r.version,
        json.loads(r.data),
        json.loads(r.field_versions),
        r.owner,
        r.account_id,
        r.deleted,
    )


def save(conn: Connection, row: Row) -> None:
    if row.table == "attachments":  # scope by hash (issue 17)
        attachment_index.note(conn, [row])
    values = {
        "version": row.version,
        "data": json.dumps(row.data, ensure_ascii=False, sort_keys=True),
        "field_versions": json.dumps(row.field_versions, sort_keys=True),
        "owner": row.owner,
        "account_id": row.account_id,
        "deleted": row.deleted,
    }
    if row.is_new:
        conn.execute(insert(sync_rows).values(table_name=row.table, row_id=row.row_id, **values))
        row.is_new = False
    else:
        conn.execute(
            update(sync_rows)
            .where(sync_rows.c.table_name == row.table, sync_rows.c.row_id == row.row_id)
            .values(**values)
        )


def log_change(
    conn: Connection,
    row: Row,
    fields: dict[str, JsonScalar] | None,
    author: str | None,
    kind: str = "row",
    audience: str | None = None,
    op_ref: str | None = None,
) -> None:
    """One change-log entry, tagged with who may pull it (the owner, or everyone)."""
    conn.execute(
        insert(change_log).values(
            txid=txid_expr(conn),
            table_name=row.table,
            row_id=row.row_id,
            version=row.version,
            audience=row.owner if audience is None else audience,
            kind=kind,
            fields=None if fields is None else json.dumps(fields, ensure_ascii=False),
            author=author,
            op_ref=op_ref,
            created_at=timestamp(SYSTEM),
        )
    )


def value_at(conn: Connection, row: Row, name: str, version: int) -> JsonScalar:
    """What field `name` held at row version `version` (the base of a conflict)."""
    entries = conn.execute(
        select(change_log.c.fields)
        .where(
            change_log.c.table_name == row.table,
            change_log.c.row_id == row.row_id,
            change_log.c.version <= version,
            change_log.c.fields.is_not(None),
        )
        .order_by(change_log.c.version.desc(), change_log.c.seq.desc())
    )
    for (fields,) in entries:
        written = json.loads(fields)
        if name in written:
            value: JsonScalar = written[name]
            return value
    return None


def last_writer(conn: Connection, row: Row, name: str) -> str | None:
    """The op ref ("client id:op_seq") of the change that last wrote field `name`."""
    entries = conn.execute(
        select(change_log.c.fields, change_log.c.op_ref)
        .where(
            change_log.c.table_name == row.table,
            change_log.c.row_id == row.row_id,
            change_log.c.fields.is_not(None),
        )
        .order_by(change_log.c.version.desc(), change_log.c.seq.desc())
    )
    for fields, op_ref in entries:
        if name in json.loads(fields):
            return None if op_ref is None else str(op_ref)
    return None


Lookup = Callable[[str, str], "Row | None"]


def loader(conn: Connection) -> Lookup:
    return lambda table, row_id: load(conn, table, row_id)


def account_owner(get: Lookup, account_id: str | None) -> str | None:
    """The rep who owns an account (UNOWNED if none), or None if the server has no such account."""
    if account_id is None:
        return None
    account = get("accounts", account_id)
    return None if account is None else account.owner


def locate(get: Lookup, table: str, data: dict[str, JsonScalar]) -> tuple[str, str | None]:
    """(owner, account id) of a row from its values: where it sits in the scopes."""
    if table in GLOBAL_TABLES:
        return GLOBAL, None
    if table in COST_TABLES:
        return COSTS, None
    if table in CAMPAIGN_TABLES:
        return CAMPAIGNS, None
    if table == "accounts":
        owner = data.get("owner_id")
        return (str(owner) if owner else UNOWNED), str(data["id"])
    if table in QUOTE_CHILDREN:
        quote = get("quotes", str(data.get("quote_id")))
        account_id = quote.account_id if quote else None
    else:
        raw = data.get("account_id")
        account_id = str(raw) if raw else None
    if account_id is None:
        personal = data.get("owner_id")  # a reminder with no account belongs to its owner
        return (str(personal) if personal else UNOWNED), None
    owner = account_owner(get, account_id)
    return (owner if owner is not None else UNOWNED), account_id


def same(a: JsonScalar, b: JsonScalar) -> bool:
    """Equal as values, not as spellings: '12.50' equals '12.5000', times compare as instants."""
    if a == b:
        return True
    if isinstance(a, str) and isinstance(b, str):
        for parse in (Decimal, datetime.fromisoformat, date.fromisoformat):
            try:
                return bool(parse(a) == parse(b))
            except (InvalidOperation, ValueError, TypeError):
                continue
    return False
