"""Two accounts side by side for a manager's merge: what differs and what the survivor takes.

The merge itself runs on the server (crm_server.account_merge); the laptop reads both accounts
here (a manager's laptop holds every account), lets the manager pick per field, and sends the
names of the fields the survivor takes from the other account.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.models import Account, Contact, User
from crm_desktop.services.accounts.account_list import format_tax_id

# The fields a manager chooses between, in the form's order (never the identity, the owner
# or the sync marks: a merge does not reassign).
MERGE_FIELDS: tuple[str, ...] = (
    "legal_name", "trade_name", "kind", "roles", "tax_id_kind", "tax_id", "economic_activity",
    "employee_count", "legal_representative", "address", "city", "region", "country", "phone",
    "email", "website", "lifecycle_phase", "segment", "price_list_id", "vision", "notes",
    "consent_data_processing", "consent_data_processing_at", "consent_marketing",
    "consent_marketing_at",
)  # fmt: skip


@dataclass(frozen=True)
class AccountSide:
    id: str
    legal_name: str
    tax_id: str  # as shown
    owner_name: str
    contacts: int
    values: dict[str, Any]


@dataclass(frozen=True)
class MergePair:
    """Two live accounts; `differing` lists the fields whose values are not the same."""

    first: AccountSide
    second: AccountSide
    differing: tuple[str, ...]


def _side(session: Session, account: Account) -> AccountSide:
    owner = session.get(User, account.owner_id) if account.owner_id else None
    contacts = len(
        session.scalars(
            select(Contact.id).where(Contact.account_id == account.id, Contact.deleted_at.is_(None))
        ).all()
    )
    return AccountSide(
        id=account.id,
        legal_name=account.legal_name,
        tax_id=format_tax_id(account.tax_id_kind, account.tax_id),
        owner_name=owner.full_name if owner else "",
        contacts=contacts,
        values={name: getattr(account, name) for name in MERGE_FIELDS},
    )


def read_pair(session: Session, first_id: str, second_id: str) -> MergePair | None:
    """Both accounts as this laptop has them; None if either is missing or gone (sync first)."""
    found = []
    for account_id in (first_id, second_id):
        account = session.get(Account, account_id)
        if account is None or account.deleted_at is not None:
            return None
        found.append(_side(session, account))
    first, second = found
    differing = tuple(
        n for n in MERGE_FIELDS if _blank(first.values[n]) != _blank(second.values[n])
    )
    return MergePair(first, second, differing)


def _blank(value: Any) -> Any:
    return None if value in ("", None) else value


def default_choice(pair: MergePair, survivor_id: str) -> dict[str, str]:
    """field -> id of the account whose value the survivor keeps: its own, unless it is empty
    and the other's is not (nothing known is thrown away by default)."""
    survivor, other = (
        (pair.first, pair.second) if survivor_id == pair.first.id else (pair.second, pair.first)
    )
    return {
        name: other.id
        if _blank(survivor.values[name]) is None and _blank(other.values[name]) is not None
        else survivor.id
        for name in pair.differing
    }


def fields_to_take(choice: dict[str, str], survivor_id: str) -> list[str]:
    """The names the server's merge takes from the other account."""
    return sorted(name for name, account_id in choice.items() if account_id != survivor_id)
