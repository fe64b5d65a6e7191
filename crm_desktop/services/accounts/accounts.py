"""Accounts, their contacts and the products they own."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm_desktop.clock import clock_of, today
from crm_desktop.i18n import N_
from crm_desktop.models import Account, AccountProduct, Contact, Product
from crm_desktop.services.accounts.consent import record_account_changes
from crm_desktop.services.core import crud
from crm_desktop.services.core.errors import FieldProblem, ValidationError
from crm_desktop.services.core.rules import normal_tax_id


def _stamp_consent(
    now: datetime, values: dict[str, Any], before: Mapping[str, Any] | None = None
) -> None:
    """Consent given now gets today's date; consent withdrawn loses its date."""
    for consent in ("consent_data_processing", "consent_marketing"):
        if consent not in values:
            continue
        given_before = bool(before and before.get(consent))
        if values[consent] and not given_before and not values.get(f"{consent}_at"):
            values[f"{consent}_at"] = now
        elif not values[consent]:
            values[f"{consent}_at"] = None


def same_tax_id(
    session: Session, values: Mapping[str, Any], own_id: str | None = None
) -> tuple[str, str] | None:
    """(id, legal name) of a live account holding the values' tax id once normalised
    (900.123.456-8 and 9001234568 are one NIT); None if none does or the id is not valid."""
    compact = normal_tax_id(values.get("tax_id_kind"), values.get("tax_id"))
    if compact is None:
        return None  # empty, or the field rule reports the problem
    found = session.execute(
        select(Account.id, Account.legal_name).where(
            Account.tax_id == compact, Account.deleted_at.is_(None), Account.id != (own_id or "")
        )
    ).first()
    return None if found is None else (found[0], found[1])


def _check_unique_tax_id(session: Session, values: Mapping[str, Any], own_id: str | None) -> None:
    same = same_tax_id(session, values, own_id)
    clash = None if same is None else same[1]
    if clash is not None:
        raise ValidationError(
            [
                FieldProblem(
                    "tax_id",
                    "duplicate_tax_id",
                    N_("{name} already has this tax id."),
                    {"name": clash},
                )
            ]
        )


def create_account(session: Session, values: Mapping[str, Any]) -> Account:
    """A new account; consent_channel / consent_recorded_by (optional) say how and by whom
    its consents were given: each one becomes the first event of its history."""
    data = dict(values)
    channel, recorded_by = _consent_source(data)
    _stamp_consent(clock_of(session).now(), data)
    _check_unique_tax_id(session, crud_defaults(data), None)
    account = crud.create(session, Account, data)
    record_account_changes(session, account.id, None, data, channel, recorded_by)
    return account


def _consent_source(data: dict[str, Any]) -> tuple[str, str | None]:
    return str(data.pop("consent_channel", None) or "form"), data.pop("consent_recorded_by", None)


def crud_defaults(values: Mapping[str, Any]) -> dict[str, Any]:
    return {"kind": "legal_entity", "tax_id_kind": "nit", "country": "CO"} | dict(values)


def update_account(session: Session, account_id: str, changes: Mapping[str, Any]) -> Account:
    account = crud.get_live(session, Account, account_id)
    data = dict(changes)
    channel, recorded_by = _consent_source(data)
    before = crud.current_values(account)
    _stamp_consent(clock_of(session).now(), data, before)
    if "tax_id" in data or "tax_id_kind" in data:
        _check_unique_tax_id(session, before | data, account_id)
    updated = crud.update(session, Account, account_id, data)
    record_account_changes(session, account_id, before, data, channel, recorded_by)
    return updated


def delete_account(session: Session, account_id: str) -> Account:
    return crud.tombstone(session, Account, account_id)


def live_contacts(session: Session, account_id: str) -> list[Contact]:
    return list(
        session.scalars(
            select(Contact)
            .where(Contact.account_id == account_id, Contact.deleted_at.is_(None))
            .order_by(Contact.is_primary.desc(), Contact.first_name, Contact.last_name)
        )
    )


def add_contact(session: Session, account_id: str, values: Mapping[str, Any]) -> Contact:
    """A new contact; the first one of an account, or one marked primary, becomes primary."""
    crud.get_live(session, Account, account_id)
    others = live_contacts(session, account_id)
    data = dict(values) | {"account_id": account_id}
    data["is_primary"] = bool(data.get("is_primary")) or not others
    contact = crud.create(session, Contact, data)
    if contact.is_primary:
        _demote_others(session, contact)
    return contact


def update_contact(session: Session, contact_id: str, changes: Mapping[str, Any]) -> Contact:
    if "account_id" in changes:
        raise ValidationError(
            [FieldProblem("account_id", "unknown_field", N_("This field cannot be set here."))]
        )
    contact = crud.update(session, Contact, contact_id, changes)
    if changes.get("is_primary"):
        _demote_others(session, contact)
    return contact


def set_primary_contact(session: Session, contact_id: str) -> Contact:
    return update_contact(session, contact_id, {"is_primary": True})


def _demote_others(session: Session, primary: Contact) -> None:
    for other in live_contacts(session, primary.account_id):
        if other.id != primary.id and other.is_primary:
            other.is_primary = False
    session.flush()


def delete_contact(session: Session, contact_id: str) -> Contact:
    """Delete a contact; if it was the primary one, the next contact becomes primary."""
    contact = crud.tombstone(session, Contact, contact_id)
    if contact.is_primary:
        rest = live_contacts(session, contact.account_id)
        if rest:
            rest[0].is_primary = True
            session.flush()
    return contact


def owned_products(session: Session, account_id: str) -> list[AccountProduct]:
    return list(
        session.scalars(
            select(AccountProduct).where(
                AccountProduct.account_id == account_id, AccountProduct.deleted_at.is_(None)
            )
        )
    )


def set_products_owned(
    session: Session, account_id: str, product_ids: Iterable[str], since: date | None = None
) -> list[AccountProduct]:
    """Make the account's checklist of owned products exactly product_ids."""
    crud.get_live(session, Account, account_id)
    wanted = set(product_ids)
    known = set(session.scalars(select(Product.id).where(Product.id.in_(wanted))))
    if wanted - known:
        raise ValidationError(
            [FieldProblem("product_id", "unknown_product", N_("Unknown product."))]
        )
    current = {ap.product_id: ap for ap in owned_products(session, account_id)}
    for product_id, row in current.items():
        if product_id not in wanted:
            crud.tombstone(session, AccountProduct, row.id)
    for product_id in sorted(wanted - current.keys()):
        crud.create(
            session,
            AccountProduct,
            {
                "account_id": account_id,
                "product_id": product_id,
                "since": since or today(clock_of(session)),
            },
        )
    return owned_products(session, account_id)


def count_live_accounts(session: Session) -> int:
    return session.scalar(select(func.count()).where(Account.deleted_at.is_(None))) or 0
