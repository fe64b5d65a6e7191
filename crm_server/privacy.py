"""An erase request reaching the server: the person replaced in every row and in the history.

When a push applies a privacy_requests row whose action is "anonymize", the server takes the
person's strings from its own copy of their row (before any change), then, in the same
transaction: gives the person's row its placeholders and every row naming them the text without
those strings (each a new version, logged, so every laptop in scope pulls it), and replaces the
strings in what it keeps of the past: the change log, the stored push results and the conflict
store. The shared functions (services/accounts/scrub.py) make the laptop's values the same.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, or_, select, update

from crm_desktop.services.accounts.scrub import (
    like_spellings,
    name_parts,
    parts_for,
    person_value,
    personal_terms,
    scrub_data,
    scrub_fields_json,
    scrub_text,
)
from crm_server import account_merge, duplicates, erased
from crm_server import rows as R
from crm_server.db.schema import change_log, conflicts, push_results, sync_rows

HISTORY: tuple[tuple[Table, tuple[str, ...], tuple[str, ...]], ...] = (
    (change_log, ("seq",), ("fields",)),
    (push_results, ("client_id", "op_seq"), ("result",)),
    (conflicts, ("id",), ("base", "server", "client")),
)


def erase_requests(results: list[Any], ops: list[Any]) -> list[dict[str, Any]]:
    """The anonymize requests a push just applied (their row values)."""
    found = []
    for op, result in zip(ops, results, strict=True):
        if (
            op.table == "privacy_requests"
            and op.op == "insert"
            and result.status in ("applied", "merged")
            and op.fields.get("action") == "anonymize"
        ):
            found.append(dict(op.fields) | {"id": op.row_id})
    return found


def anonymize_on_server(
    conn: Connection, request: dict[str, Any], author: str, now: float = 0.0
) -> int:
    """Erase the person the request names; returns how many rows changed. A request whose
    contact is not in its account changes nothing (the push's scope checks held the account).
    What named them is kept as keyed hashes (crm_server/erased.py), so no laptop brings it back."""
    account_id, contact_id = request.get("account_id"), request.get("contact_id")
    merged = account_merge.survivor_of(conn, str(account_id)) if contact_id else None
    if merged is not None:  # asked on a laptop that had not yet heard of a merge: the contact
        account_id = merged.survivor_id  # moved with its account, and is erased where it is now
    table, row_id = ("contacts", contact_id) if contact_id else ("accounts", account_id)
    target = R.load(conn, table, str(row_id), lock=True)
    if target is None or target.account_id != account_id:
        return 0
    terms = personal_terms(table, target.data)
    parts = name_parts(table, target.data)
    others = _other_contacts(conn, str(account_id), str(row_id))
    tax_id = target.data.get("tax_id") if table == "accounts" else None
    changed = _scrub_row(conn, target, terms, author, is_person=True)
    if table == "accounts":
        duplicates.forget_tax_id(conn, str(row_id), tax_id)
    for row in _rows_naming(conn, terms, parts, str(account_id)):
        if (row.table, row.row_id) != (table, row_id):
            about = table == "accounts" or row.data.get("contact_id") == row_id
            changed += _scrub_row(conn, row, terms, author, parts=parts_for(parts, others, about))
    _scrub_own_history(conn, table, str(row_id), terms)
    _scrub_history(conn, terms, _account_keys(conn, str(account_id)))
    if parts:
        _scrub_history_parts(conn, parts_for(parts, others, table == "accounts"),
                             _account_keys(conn, str(account_id)))  # fmt: skip
    changed += _drop_attachments(conn, table, str(row_id), str(account_id), author, now)
    if not erased.known(conn, str(request["id"])):
        erased.remember(conn, str(request["id"]), str(account_id), (table, str(row_id)),
                        terms, parts, now)  # fmt: skip
    return changed


def _drop_attachments(
    conn: Connection, table: str, row_id: str, account_id: str, author: str, now: float
) -> int:
    """The person's files leave with them: the attachments of their row (of every row of the
    account when the account is the person) become tombstones, so no one may read their
    content any more (crm_server/content.py); content no live row names is then deleted from
    storage after the push (content.purge)."""
    query = select(sync_rows.c.row_id, sync_rows.c.data).where(
        sync_rows.c.table_name == "attachments",
        sync_rows.c.account_id == account_id,
        sync_rows.c.deleted.is_(False),
    )
    gone = datetime.fromtimestamp(now, UTC).isoformat()
    dropped = 0
    for attachment_id, raw in conn.execute(query).all():
        data = json.loads(raw)
        if table != "accounts" and (data.get("parent_table"), data.get("parent_id")) != (
            table,
            row_id,
        ):
            continue
        row = R.load(conn, "attachments", str(attachment_id), lock=True)
        if row is None:
            continue
        row.version += 1
        row.data["deleted_at"] = gone
        row.field_versions["deleted_at"] = row.version
        row.deleted = True
        R.save(conn, row)
        R.log_change(conn, row, {"deleted_at": gone}, author)
        dropped += 1
    return dropped


def _other_contacts(conn: Connection, account_id: str, person_id: str) -> list[dict[str, Any]]:
    """The account's other live contacts (a first name they share is not erased from notes)."""
    query = select(sync_rows.c.data).where(
        sync_rows.c.table_name == "contacts",
        sync_rows.c.account_id == account_id,
        sync_rows.c.row_id != person_id,
        sync_rows.c.deleted.is_(False),
    )
    return [json.loads(raw) if isinstance(raw, str) else raw for raw in conn.scalars(query)]


def _account_keys(conn: Connection, account_id: str) -> set[tuple[str, str]]:
    """Every row of the account (itself included): the only rows an erase may touch, so a
    request cannot be turned into a search-and-replace over other reps' accounts."""
    query = select(sync_rows.c.table_name, sync_rows.c.row_id).where(
        sync_rows.c.account_id == account_id
    )
    return {(t, r) for t, r in conn.execute(query)} | {("accounts", account_id)}


def _scrub_own_history(conn: Connection, table: str, row_id: str, terms: list[str]) -> None:
    """The person's row in the change log, stored push results and conflicts, field by field
    (there the first and the last name stand apart, out of reach of the strings)."""
    entries = conn.execute(
        select(change_log.c.seq, change_log.c.fields).where(
            change_log.c.table_name == table, change_log.c.row_id == row_id
        )
    ).all()
    for seq, raw in entries:
        if raw:
            new = scrub_fields_json(table, raw, terms, is_person=True)
            conn.execute(update(change_log).where(change_log.c.seq == seq).values(fields=new))
    stored = conn.execute(
        select(push_results.c.client_id, push_results.c.op_seq, push_results.c.result).where(
            push_results.c.result.like(f"%{row_id}%")
        )
    ).all()
    for client_id, op_seq, raw in stored:
        new = _scrub_result(table, row_id, raw, terms)
        if new != raw:
            conn.execute(
                update(push_results)
                .where(push_results.c.client_id == client_id, push_results.c.op_seq == op_seq)
                .values(result=new)
            )
    for key, field in conn.execute(
        select(conflicts.c.id, conflicts.c.field).where(
            conflicts.c.table_name == table, conflicts.c.row_id == row_id
        )
    ).all():
        personal, value = person_value(table, field)
        if personal:
            blank = json.dumps(value)
            conn.execute(
                update(conflicts)
                .where(conflicts.c.id == key)
                .values(base=blank, server=blank, client=blank)
            )


def _scrub_result(table: str, row_id: str, raw: str, terms: list[str]) -> str:
    result = json.loads(raw)
    row = result.get("row") if isinstance(result, dict) else None
    if not isinstance(row, dict) or (row.get("table"), row.get("row_id")) != (table, row_id):
        return raw
    fields = row.get("fields") or {}
    row["fields"] = fields | scrub_data(table, fields, terms, is_person=True)
    for conflict in result.get("conflicts") or []:
        personal, value = person_value(table, conflict.get("field"))
        if personal:
            conflict.update(base=value, server=value, client=value)
    return json.dumps(result, ensure_ascii=False)


def _spellings(terms: list[str]) -> set[str]:
    return like_spellings(terms)


def _rows_naming(
    conn: Connection, terms: list[str], parts: list[str], account_id: str
) -> list[R.Row]:
    if not terms and not parts:
        return []
    where = or_(*(sync_rows.c.data.ilike(f"%{s}%") for s in like_spellings(terms, parts)))
    query = select(sync_rows.c.table_name, sync_rows.c.row_id).where(
        where, sync_rows.c.account_id == account_id
    )
    keys = conn.execute(query).all()
    found = [R.load(conn, t, r, lock=True) for t, r in keys]
    return [row for row in found if row is not None]


def _scrub_row(
    conn: Connection,
    row: R.Row,
    terms: list[str],
    author: str,
    is_person: bool = False,
    parts: list[str] | None = None,
) -> int:
    changes = scrub_data(row.table, row.data, terms, is_person, parts)
    if not changes:
        return 0
    row.version += 1
    row.data.update(changes)
    row.field_versions.update(dict.fromkeys(changes, row.version))
    R.save(conn, row)
    R.log_change(conn, row, changes, author)
    return 1


def _scrub_history(conn: Connection, terms: list[str], keys: set[tuple[str, str]]) -> None:
    """The strings in the history of the account's rows: change log, push results, conflicts."""
    spellings = _spellings(terms)
    if not spellings:
        return
    for table, key_columns, columns in HISTORY:
        where = or_(*(table.c[c].ilike(f"%{s}%") for c in columns for s in spellings))
        extra = [table.c.table_name, table.c.row_id] if "table_name" in table.c else []
        query = select(*(table.c[k] for k in key_columns), *extra, *(table.c[c] for c in columns))
        for found in conn.execute(query.where(where)).all():
            key = dict(zip(key_columns, found[: len(key_columns)], strict=True))
            texts = found[len(key_columns) + len(extra) :]
            if not _of_account(
                found[len(key_columns) : len(key_columns) + len(extra)], texts, keys
            ):
                continue
            values = {
                c: scrub_text(v, terms) if isinstance(v, str) else v
                for c, v in zip(columns, texts, strict=True)
            }
            conn.execute(
                update(table).where(*(table.c[k] == v for k, v in key.items())).values(values)
            )


def _scrub_history_parts(conn: Connection, parts: list[str], keys: set[tuple[str, str]]) -> None:
    """A first or last name alone in the history's free text: the change log field by field
    (only its free-text fields, as in the rows themselves)."""
    if not parts:
        return
    where = or_(*(change_log.c.fields.ilike(f"%{p}%") for p in parts))
    query = select(change_log.c.seq, change_log.c.table_name, change_log.c.row_id,
                   change_log.c.fields).where(where)  # fmt: skip
    for seq, table, row_id, raw in conn.execute(query).all():
        if (str(table), str(row_id)) in keys and raw:
            new = scrub_fields_json(str(table), raw, [], False, parts)
            if new != raw:
                conn.execute(update(change_log).where(change_log.c.seq == seq).values(fields=new))


def _of_account(row_key: Any, texts: Any, keys: set[tuple[str, str]]) -> bool:
    """Whether a history entry is about a row of the account (a push result names its row)."""
    if row_key:
        return (str(row_key[0]), str(row_key[1])) in keys
    try:
        row = json.loads(texts[0]).get("row") or {}
    except (ValueError, AttributeError, TypeError):
        return False
    return (str(row.get("table")), str(row.get("row_id"))) in keys
