"""Data-subject rights on the laptop: everything held about a person, and erasing them.

An erase (anonymization) writes one PrivacyRequest row, the audit entry, which syncs like any
row; the server, on receiving it, replaces the person's data in every row and in its history
(crm_server/privacy.py), and every laptop receives those rows. The laptop where it is asked does
the same at once to its own rows without making outbox ops (the server's rows arrive with the
same values), and to what only it keeps: the outbox, conflicts, rows set aside, the mail outbox
and the search index. `erase_leftovers` then rewrites the file so no freed page keeps the old
bytes, and removes the pre-migration backup (whose migration is long done).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, or_, select, text, update
from sqlalchemy.orm import Session

from crm_desktop.clock import clock_of
from crm_desktop.models import (
    Account,
    Activity,
    Attachment,
    Contact,
    Opportunity,
    PrivacyRequest,
    Quote,
    Reminder,
    Visit,
    synced_classes,
)
from crm_desktop.models.codec import from_json, to_json
from crm_desktop.models.enums import AccountKind, PrivacyAction
from crm_desktop.models.outbox import remote_changes
from crm_desktop.services.accounts.consent import consent_history
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
from crm_desktop.services.attachments import store
from crm_desktop.services.core import crud

# Text columns of the laptop-only tables that may hold a person's data: table -> (key, columns).
LOCAL_TEXT = {
    "sync_outbox": ("op_seq", ("fields", "error")),
    "sync_conflicts": ("id", ("base", "server", "local")),
    "sync_unapplied": ("rowid", ("payload", "reason")),
    "mail_outbox": ("id", ("to_addrs", "cc_addrs", "subject", "body", "error")),
}


class NotAPerson(ValueError):
    """Only a contact or a natural-person account is a person whose data can be erased."""


@dataclass(frozen=True)
class Person:
    table: str  # contacts | accounts
    row_id: str
    account_id: str


def person_of(session: Session, account_id: str, contact_id: str | None) -> Person:
    if contact_id is not None:
        contact = crud.get_live(session, Contact, contact_id)
        if contact.account_id != account_id:
            raise NotAPerson("The contact does not belong to this account.")
        return Person("contacts", contact_id, account_id)
    account = crud.get_live(session, Account, account_id)
    if account.kind != AccountKind.NATURAL_PERSON:
        raise NotAPerson("A company is not a person: choose one of its contacts.")
    return Person("accounts", account_id, account_id)


def _values(row: Any) -> dict[str, Any]:
    return {k: to_json(v) for k, v in crud.current_values(row).items()}


# -- export ---------------------------------------------------------------------------------
def person_data(session: Session, account_id: str, contact_id: str | None) -> dict[str, Any]:
    """Everything this laptop holds about the person, as JSON-ready data (codec scalars)."""
    person = person_of(session, account_id, contact_id)
    model = Contact if person.table == "contacts" else Account
    own = _values(crud.get_live(session, model, person.row_id))
    account = crud.get_live(session, Account, account_id)

    def rows(model: Any, *where: Any, order: Any = None) -> list[dict[str, Any]]:
        query = select(model).where(model.deleted_at.is_(None), *where)
        return [_values(r) for r in session.scalars(query.order_by(order) if order else query)]

    by_person = [Visit.account_id == account_id]
    if contact_id:
        by_person.append(Visit.contact_id == contact_id)
    data: dict[str, Any] = {
        "person": {"kind": person.table[:-1], **own},
        "account": {"id": account.id, "legal_name": account.legal_name, "kind": account.kind},
        "consents": [
            {k: to_json(v) for k, v in line.__dict__.items()}
            for line in consent_history(session, account_id, contact_id)
        ],
        "visits": rows(Visit, *by_person, order=Visit.planned_at),
        "activities": rows(Activity, Activity.account_id == account_id,
                           *( [Activity.contact_id == contact_id] if contact_id else []),
                           order=Activity.occurred_at),
        "quotes": [
            {k: q[k] for k in ("number", "issued_on", "valid_until", "status", "currency",
                               "subtotal", "tax_total", "total") if k in q}
            for q in rows(Quote, Quote.account_id == account_id,
                          *([Quote.contact_id == contact_id] if contact_id else []),
                          order=Quote.issued_on)
        ],
        "requests": audit_rows(session, account_id, contact_id),
    }  # fmt: skip
    if not contact_id:
        data["opportunities"] = rows(Opportunity, Opportunity.account_id == account_id)
        data["reminders"] = rows(Reminder, Reminder.account_id == account_id)
    return data


def person_json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str).encode("utf-8")


def record_request(
    session: Session,
    account_id: str,
    contact_id: str | None,
    action: str,
    requested_by: str,
    channel: str,
    reason: str,
    done_by: str | None,
) -> PrivacyRequest:
    """The audit entry: checked by the shared rules (a reason is required)."""
    return crud.create(
        session,
        PrivacyRequest,
        {
            "account_id": account_id,
            "contact_id": contact_id,
            "action": action,
            "requested_by": requested_by,
            "request_channel": channel,
            "done_by": done_by,
            "done_at": clock_of(session).now(),
            "reason": reason,
        },
    )


# -- erase ----------------------------------------------------------------------------------
def anonymize_person(
    session: Session,
    account_id: str,
    contact_id: str | None,
    requested_by: str,
    channel: str,
    reason: str,
    done_by: str | None,
) -> int:
    """Erase the person on this laptop and queue the request for the server (one transaction);
    returns how many rows changed here. Call erase_leftovers(...) after the commit."""
    person_of(session, account_id, contact_id)
    record_request(session, account_id, contact_id, PrivacyAction.ANONYMIZE, requested_by,
                   channel, reason, done_by)  # fmt: skip
    return anonymize_locally(session, account_id, contact_id)


def anonymize_locally(session: Session, account_id: str, contact_id: str | None) -> int:
    """Replace the person in every row this laptop holds, making no outbox op (the server's
    own rows follow with the same values)."""
    with remote_changes(session):
        return anonymize_rows(session, account_id, contact_id)


def anonymize_rows(session: Session, account_id: str, contact_id: str | None) -> int:
    """The erase itself, inside a block of remote changes (a pull's, or anonymize_locally's)."""
    table, row_id = ("contacts", contact_id) if contact_id else ("accounts", account_id)
    target = session.get(synced_classes()[table], row_id)
    if target is None:
        return 0
    values = _values(target)
    terms, parts = personal_terms(table, values), name_parts(table, values)
    others = [_values(c) for c in session.scalars(_other_contacts(account_id, row_id))]
    changed = _scrub_row(table, target, terms, is_person=True)
    for name, cls in synced_classes().items():
        for row in _rows_naming(session, cls, terms, parts, account_id):
            if row is target:
                continue
            about = table == "accounts" or getattr(row, "contact_id", None) == row_id
            changed += _scrub_row(name, row, terms, parts=parts_for(parts, others, about))
    session.flush()
    changed += _drop_attachments(session, table, row_id)
    changed += _scrub_own_history(session, table, row_id, terms)
    changed += _scrub_local_tables(session, terms, parts_for(parts, others, table == "accounts"))
    session.execute(text("INSERT INTO account_search(account_search) VALUES ('optimize')"))
    return changed


def _drop_attachments(session: Session, table: str, row_id: str) -> int:
    """The person's files: a contact's own, or every file of an account that is a person.
    Tombstoned here (the server erases its own); their bytes leave at erase_leftovers."""
    query = update(Attachment).where(Attachment.deleted_at.is_(None))
    if table == "contacts":
        query = query.where(Attachment.parent_table == "contacts", Attachment.parent_id == row_id)
    else:
        query = query.where(Attachment.account_id == row_id)
    now = clock_of(session).now()
    result = session.execute(query.values(deleted_at=now, updated_at=now))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def _other_contacts(account_id: str, person_id: str) -> Any:
    return select(Contact).where(
        Contact.account_id == account_id, Contact.id != person_id, Contact.deleted_at.is_(None)
    )


def _scrub_row(
    table: str, row: Any, terms: list[str], is_person: bool = False, parts: list[str] | None = None
) -> int:
    changes = scrub_data(table, _values(row), terms, is_person, parts)
    columns = row.__table__.columns
    for name, value in changes.items():
        setattr(row, name, from_json(columns[name], value))
    return 1 if changes else 0


def _of_account(model: Any, account_id: str) -> Any:
    """Rows of the account (as on the server: an erase never reaches other accounts), or None
    for a table outside any account (users, the catalog)."""
    if model is Account:
        return Account.id == account_id
    if hasattr(model, "account_id"):
        return model.account_id == account_id
    if hasattr(model, "quote_id"):
        return model.quote_id.in_(select(Quote.id).where(Quote.account_id == account_id))
    return None


def _rows_naming(
    session: Session, model: Any, terms: list[str], parts: list[str], account_id: str
) -> Iterable[Any]:
    """Rows of the account with a text column that may name the person (LIKE finds
    candidates, the scrub's own case-insensitive match decides)."""
    scope = _of_account(model, account_id)
    if scope is None:
        return []
    columns = [c for c in model.__table__.columns if _is_text(c)
               and c.name != "id" and not c.name.endswith("_id")]  # fmt: skip
    if not (terms or parts) or not columns:
        return []
    spellings = like_spellings(terms, parts)
    where = [col.ilike(f"%{s}%") for col in columns for s in spellings]
    return list(session.scalars(select(model).where(scope, or_(*where))))


def _scrub_own_history(session: Session, table: str, row_id: str, terms: list[str]) -> int:
    """The person's row in the outbox, set-aside rows and conflicts: field by field, since
    there the first and the last name stand apart."""
    changed = 0
    for key, raw in session.execute(
        text("SELECT op_seq, fields FROM sync_outbox WHERE table_name = :t AND row_id = :r"),
        {"t": table, "r": row_id},
    ).all():
        new = scrub_fields_json(table, raw, terms, is_person=True)
        if new != raw:
            session.execute(text("UPDATE sync_outbox SET fields = :f WHERE op_seq = :k"),
                            {"f": new, "k": key})  # fmt: skip
            changed += 1
    session.execute(
        text("UPDATE sync_unapplied SET payload = :p WHERE table_name = :t AND row_id = :r"),
        {"p": "{}", "t": table, "r": row_id},
    )
    for key, field in session.execute(
        text("SELECT id, field FROM sync_conflicts WHERE table_name = :t AND row_id = :r"),
        {"t": table, "r": row_id},
    ).all():
        personal, value = person_value(table, field)
        if personal:
            blank = json.dumps(value)
            session.execute(
                text("UPDATE sync_conflicts SET base = :v, server = :v, local = :v WHERE id = :k"),
                {"v": blank, "k": key},
            )
            changed += 1
    return changed


def _is_text(column: Any) -> bool:
    try:
        return column.type.python_type is str
    except NotImplementedError:
        return False


def _scrub_local_tables(session: Session, terms: list[str], parts: list[str]) -> int:
    """The outbox's ops (a first name alone only in their free-text fields), conflicts, rows
    set aside and the mail outbox."""
    changed = 0
    spellings = like_spellings(terms, parts)
    for table, (key, columns) in LOCAL_TEXT.items():
        where = " OR ".join(f"{c} LIKE :s{i}" for c in columns for i in range(len(spellings)))
        params = {f"s{i}": f"%{s}%" for i, s in enumerate(sorted(spellings))}
        if not where:
            continue
        found = session.execute(
            text(f"SELECT {key}, {', '.join(columns)} FROM {table} WHERE {where}"), params
        ).all()
        for row in found:
            values = {c: _scrub_local(table, c, v, terms, parts) if isinstance(v, str) else v
                      for c, v in zip(columns, row[1:], strict=True)}  # fmt: skip
            if list(values.values()) == list(row[1:]):
                continue
            sets = ", ".join(f"{c} = :{c}" for c in columns)
            extra = ", attachment = NULL" if table == "mail_outbox" else ""
            session.execute(
                text(f"UPDATE {table} SET {sets}{extra} WHERE {key} = :key"),
                values | {"key": row[0]},
            )
            changed += 1
    return changed


def _scrub_local(table: str, column: str, value: str, terms: list[str], parts: list[str]) -> str:
    if table == "sync_outbox" and column == "fields":
        return scrub_fields_json("", value, terms, False, parts)
    if table == "mail_outbox" and column in ("subject", "body"):
        return scrub_text(value, terms, parts)
    return scrub_text(value, terms)


def erase_leftovers(engine: Engine, db_path: Path, terms_found: bool = True) -> None:
    """After an erase is committed: rewrite the file (VACUUM) so freed pages and the write-ahead
    log keep none of the old bytes, and remove the pre-migration backup, which holds them."""
    if not terms_found:
        return
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = engine.raw_connection()
    try:
        raw.execute("VACUUM")
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        raw.close()
    for suffix in (".bak", ".bak-wal", ".bak-shm"):
        db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
    if store.store_path(db_path).exists():
        store.purge_unreferenced(db_path)  # the erased person's files, pages zeroed
    _scrub_import_journals(db_path)


def _scrub_import_journals(db_path: Path) -> None:
    """The import wizard's undo journals beside the file hold the imported rows' values: they
    go (an import made before an erase can no longer be undone; the rows themselves stay)."""
    folder = db_path.parent / "imports" / "batches"
    if folder.is_dir():
        for journal in folder.glob("*.json"):
            journal.unlink(missing_ok=True)  # an undo of an import made before the erase


# -- the audit log --------------------------------------------------------------------------
AUDIT_COLUMNS = ("done_at", "action", "account_id", "contact_id", "requested_by",
                 "request_channel", "done_by", "reason")  # fmt: skip


def audit_rows(
    session: Session, account_id: str | None = None, contact_id: str | None = None
) -> list[dict[str, Any]]:
    query = select(PrivacyRequest).where(PrivacyRequest.deleted_at.is_(None))
    if account_id is not None:
        query = query.where(PrivacyRequest.account_id == account_id)
    if contact_id is not None:
        query = query.where(PrivacyRequest.contact_id == contact_id)
    return [
        {k: to_json(getattr(r, k)) for k in AUDIT_COLUMNS}
        for r in session.scalars(query.order_by(PrivacyRequest.done_at, PrivacyRequest.id))
    ]


def audit_csv(session: Session) -> bytes:
    """The whole audit log as CSV (UTF-8 with BOM: Excel opens it with its accents)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(AUDIT_COLUMNS)
    for row in audit_rows(session):
        writer.writerow(["" if row[k] is None else row[k] for k in AUDIT_COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def terms_of(session: Session, account_id: str, contact_id: str | None) -> list[str]:
    table, row_id = ("contacts", contact_id) if contact_id else ("accounts", account_id)
    target = session.get(synced_classes()[table], row_id)
    return personal_terms(table, _values(target)) if target is not None else []
