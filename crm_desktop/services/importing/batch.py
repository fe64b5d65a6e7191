"""One import is one batch: written in one transaction, journalled, and undone exactly.

The journal (a small JSON file per batch, next to the database) lists the ids the batch created
and the fields it changed with their values before; undo tombstones the first and writes the
second back, through the same validated services, so the outbox syncs both like any edit.
"""

from __future__ import annotations

import json
from contextlib import suppress
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from crm_desktop.clock import clock_of
from crm_desktop.i18n import N_
from crm_desktop.models import Account, Contact
from crm_desktop.models.ids import new_id
from crm_desktop.services.accounts import accounts
from crm_desktop.services.core import crud
from crm_desktop.services.core.errors import FieldProblem, NotFound, ValidationError
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

    def save(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{self.batch_id}.json"
        path.write_text(json.dumps(asdict(self), ensure_ascii=False, default=str), "utf-8")
        return path

    @classmethod
    def load(cls, folder: Path, batch_id: str) -> Journal:
        data = json.loads((folder / f"{batch_id}.json").read_text("utf-8"))
        return cls(**data)

    @classmethod
    def all(cls, folder: Path) -> list[Journal]:
        """Every readable journal in folder, newest first (a damaged file is passed over)."""
        found: list[Journal] = []
        for path in folder.glob("*.json") if folder.exists() else []:
            try:
                found.append(cls.load(folder, path.stem))
            except (OSError, ValueError, TypeError):
                continue
        return sorted(found, key=lambda j: j.made_at, reverse=True)


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
    _check_still_new(session, plan)
    now: datetime = clock_of(session).now()
    journal = Journal(new_id(), now.isoformat(), source, invalid=len(plan.invalid))
    targets: dict[str, str | None] = {}  # account key -> the account its contacts go to
    with_primary: set[str] = set()  # new accounts that have their primary contact
    rows = plan.rows
    for start in range(0, len(rows), CHUNK):
        _write_chunk(session, rows[start : start + CHUNK], targets, with_primary, journal)
        if progress is not None and not progress(min(start + CHUNK, len(rows)), len(rows)):
            raise ImportCancelled
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
        elif _already_there(session, account_id, contact):
            journal.contacts_already_there += 1
        else:
            made = accounts.add_contact(session, account_id, contact)
            journal.created["contacts"].append(made.id)
    crud.insert_cleaned(session, Contact, bulk)
    journal.created["contacts"].extend(c["id"] for c in bulk)


def _already_there(session: Session, account_id: str, contact: dict[str, Any]) -> bool:
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
    if journal.undone_at is not None:
        raise ValidationError(
            [FieldProblem("batch", "already_undone", N_("This import was already undone."))]
        )
    for contact_id in journal.created["contacts"]:
        _tombstone(session, Contact, contact_id)
    for account_id in journal.created["accounts"]:
        _tombstone(session, Account, account_id)
    for account_id, before in journal.updated.items():
        try:
            accounts.update_account(session, account_id, before)
        except NotFound:
            continue  # deleted since: nothing to restore
    journal.undone_at = clock_of(session).now().isoformat()
    return journal


def _tombstone(session: Session, model: type[Account] | type[Contact], row_id: str) -> None:
    with suppress(NotFound):  # deleted since the import: nothing to remove
        crud.tombstone(session, model, row_id)
