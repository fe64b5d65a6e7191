"""One import is one batch: written in one transaction, journalled, and undone exactly.

The journal (a row of import_batches, written in the import's own transaction, so it exists
exactly when the import does and travels with every copy of the database file) lists the ids the
batch created and the fields it changed with their values before; undo tombstones the first and
writes the second back, through the same validated services, so the outbox syncs both like any
edit. Journals of older versions (JSON files beside the database) are read in once.
"""

from __future__ import annotations

import json
from contextlib import suppress
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm_desktop.clock import clock_of
from crm_desktop.i18n import N_
from crm_desktop.models import Account, Contact
from crm_desktop.models.base import Synced
from crm_desktop.models.ids import new_id
from crm_desktop.models.local import ImportBatch
from crm_desktop.services.accounts import accounts
from crm_desktop.services.core import crud
from crm_desktop.services.core.errors import FieldProblem, NotFound, ValidationError
from crm_desktop.services.importing import records_batch
from crm_desktop.services.importing.accounts_import import (
    Existing,
    Options,
    Preview,
    Progress,
    RowPlan,
)
from crm_desktop.services.importing.mapping import normalise

CHUNK = 2000


class ImportCancelled(RuntimeError):
    """The user cancelled; the transaction rolls back and nothing is written."""


class ImportRefused(ValueError):
    """ "Nothing until all are valid" and some rows are not."""

    def __init__(self, invalid: int) -> None:
        self.invalid = invalid
        super().__init__(f"{invalid} rows have problems; nothing was imported")


@dataclass
class Journal:
    batch_id: str
    made_at: str
    source: str
    created: dict[str, list[str]] = field(default_factory=lambda: {"accounts": [], "contacts": []})
    updated: dict[str, dict[str, Any]] = field(default_factory=dict)  # account id -> before
    skipped: int = 0
    invalid: int = 0
    contacts_already_there: int = 0
    undone_at: str | None = None
    kind: str = "accounts"  # services.importing.kinds
    # table -> row id -> the fields' values before (products, prices, opportunities)
    updated_rows: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)

    def made(self) -> int:
        """The rows of the kind imported that the batch created (accounts, or every product,
        list, price or opportunity): the column accounts_created holds it."""
        if self.kind == "accounts":
            return len(self.created.get("accounts", []))
        return sum(len(ids) for ids in self.created.values())

    def save(self, session: Session) -> None:
        """Store (or update) this journal in the database, in the caller's transaction."""
        session.merge(
            ImportBatch(
                batch_id=self.batch_id,
                made_at=self.made_at,
                source=self.source[:260],
                accounts_created=self.made(),
                journal=json.dumps(asdict(self), ensure_ascii=False, default=str),
                undone_at=self.undone_at,
            )
        )
        session.flush()

    @classmethod
    def load(cls, session: Session, batch_id: str) -> Journal:
        row = session.get(ImportBatch, batch_id)
        if row is None:
            raise NotFound("import_batches", batch_id)
        return cls(**json.loads(row.journal))


@dataclass(frozen=True)
class BatchLine:
    """An import as listed to be undone (without its id lists: they may be 300,000 ids)."""

    batch_id: str
    made_at: str
    source: str
    accounts_created: int  # of another kind than accounts: the rows it created
    kind: str = "accounts"


def undoable(session: Session) -> list[BatchLine]:
    """Imports not undone yet, newest first."""
    rows = session.execute(
        select(
            ImportBatch.batch_id,
            ImportBatch.made_at,
            ImportBatch.source,
            ImportBatch.accounts_created,
            func.coalesce(func.json_extract(ImportBatch.journal, "$.kind"), "accounts"),
        )
        .where(ImportBatch.undone_at.is_(None))
        .order_by(ImportBatch.made_at.desc())
    )
    return [BatchLine(*row) for row in rows.tuples()]


def read_json_journals(session: Session, folder: Path) -> int:
    """Journals an older version left as JSON files in folder, stored in the database unless
    already there (the database's copy is the one that counts: it knows of later undos). A
    damaged file is passed over. Returns how many were taken in."""
    taken = 0
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            journal = Journal(**json.loads(path.read_text("utf-8")))
        except (OSError, ValueError, TypeError):
            continue
        if session.get(ImportBatch, journal.batch_id) is None:
            journal.save(session)
            taken += 1
    return taken


def run(
    session: Session,
    plan: Preview,
    options: Options,
    source: str,
    progress: Progress | None = None,
) -> Journal:
    """Write the preview's valid rows; the caller's transaction makes it all or nothing."""
    if options.all_or_nothing and plan.invalid:
        raise ImportRefused(len(plan.invalid))
    now: datetime = clock_of(session).now()
    journal = Journal(new_id(), now.isoformat(), source, invalid=len(plan.invalid))
    if plan.kind != "accounts":
        journal.kind = plan.kind
        try:
            records_batch.write(session, plan, journal, progress)
        except records_batch.Cancelled:
            raise ImportCancelled from None
        journal.save(session)
        return journal
    _check_still_new(session, plan)
    targets: dict[str, str | None] = {}  # account key -> the account its contacts go to
    with_primary: set[str] = set()  # new accounts that have their primary contact
    rows = plan.rows
    for start in range(0, len(rows), CHUNK):
        _write_chunk(session, rows[start : start + CHUNK], targets, with_primary, journal)
        if progress is not None and not progress(min(start + CHUNK, len(rows)), len(rows)):
            raise ImportCancelled
    journal.save(session)
    return journal


def _check_still_new(session: Session, plan: Preview) -> None:
    """The writes skip a second validation, so the one thing that may have changed since the
    preview (a sync or another import bringing the same tax id) is checked here."""
    existing = Existing.load(session)
    for row in plan.rows:
        if row.action == "create" and row.account.get("tax_id") in existing.by_tax_id:
            raise ValidationError(
                [
                    FieldProblem(
                        "tax_id",
                        "stale_preview",
                        N_(
                            "Line {line}: an account with this tax id arrived since the preview; "
                            "check the lines again."
                        ),
                        {"line": row.line},
                    )
                ]
            )


def _write_chunk(
    session: Session,
    rows: list[RowPlan],
    targets: dict[str, str | None],
    with_primary: set[str],
    journal: Journal,
) -> None:
    new_accounts: list[dict[str, Any]] = []
    new_contacts: list[dict[str, Any]] = []
    for row in rows:
        key = row.key
        if row.action == "create":
            account_id = new_id()
            new_accounts.append(row.account | {"id": account_id})
            journal.created["accounts"].append(account_id)
            targets[key] = account_id
        elif row.action == "update" and row.existing_id is not None:
            _update(session, row, journal)
            targets[key] = row.existing_id
        elif row.action == "skip":
            journal.skipped += 1
            targets[key] = None
        target = targets.get(key) if row.action != "invalid" else None
        if row.contact is not None and target is not None:
            new_contacts.append(row.contact | {"account_id": target, "id": new_id()})
    crud.insert_cleaned(session, Account, new_accounts)
    _add_contacts(session, new_contacts, with_primary, journal)


def _update(session: Session, row: RowPlan, journal: Journal) -> None:
    assert row.existing_id is not None
    account = crud.get_live(session, Account, row.existing_id)
    before = crud.current_values(account)
    changes = {
        k: v
        for k, v in row.account.items()
        if k in before and v is not None and v != before[k] and k not in ("kind", "tax_id_kind")
    }
    if not changes:
        return
    saved = journal.updated.setdefault(row.existing_id, {})
    for name in changes:
        saved.setdefault(name, before[name])
    accounts.update_account(session, row.existing_id, changes)


def _add_contacts(
    session: Session, contacts: list[dict[str, Any]], with_primary: set[str], journal: Journal
) -> None:
    """Contacts of new accounts in bulk (the first one primary); of existing ones, one by one
    through add_contact, which keeps the account's one primary contact."""
    bulk: list[dict[str, Any]] = []
    new_accounts = set(journal.created["accounts"])
    for contact in contacts:
        account_id = contact["account_id"]
        if account_id in new_accounts:
            contact["is_primary"] = account_id not in with_primary
            with_primary.add(account_id)
            bulk.append(contact)
        elif already_there(session, account_id, contact):
            journal.contacts_already_there += 1
        else:
            made = accounts.add_contact(session, account_id, contact)
            journal.created["contacts"].append(made.id)
    crud.insert_cleaned(session, Contact, bulk)
    journal.created["contacts"].extend(c["id"] for c in bulk)


def already_there(session: Session, account_id: str, contact: dict[str, Any]) -> bool:
    """The account has this person already (same e-mail, or same name): importing a file a
    second time must not double its contacts."""
    email = str(contact.get("email") or "").lower()
    name = (normalise(contact.get("first_name") or ""), normalise(contact.get("last_name") or ""))
    for other in accounts.live_contacts(session, account_id):
        if email and (other.email or "").lower() == email:
            return True
        if (normalise(other.first_name), normalise(other.last_name or "")) == name:
            return True
    return False


def undo(session: Session, journal: Journal) -> Journal:
    """Remove what the batch created and write back what it changed, as synced edits."""
    stored = session.get(ImportBatch, journal.batch_id)
    if journal.undone_at is not None or (stored is not None and stored.undone_at is not None):
        raise ValidationError(
            [FieldProblem("batch", "already_undone", N_("This import was already undone."))]
        )
    for contact_id in journal.created["contacts"]:
        _tombstone(session, Contact, contact_id)
    for account_id in journal.created["accounts"]:
        _tombstone(session, Account, account_id)
    for table, model in records_batch.TABLES.items():
        for row_id in journal.created.get(table, []):
            _tombstone(session, model, row_id)
    for account_id, before in journal.updated.items():
        try:
            accounts.update_account(session, account_id, before)
        except NotFound:
            continue  # deleted since: nothing to restore
    for table, rows in journal.updated_rows.items():
        for row_id, values in rows.items():
            with suppress(NotFound):  # deleted since: nothing to restore
                crud.update(session, records_batch.TABLES[table], row_id, values)
    journal.undone_at = clock_of(session).now().isoformat()
    journal.save(session)
    return journal


def _tombstone(session: Session, model: type[Synced], row_id: str) -> None:
    with suppress(NotFound):  # deleted since the import: nothing to remove
        crud.tombstone(session, model, row_id)
