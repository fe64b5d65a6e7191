"""Accounts and contacts through the services: side effects and nothing half-saved."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.database import Database
from crm_desktop.models import Account, Contact, OutboxOp, Product
from crm_desktop.services.accounts import accounts as svc
from crm_desktop.services.core.crud import unit_of_work
from crm_desktop.services.core.errors import NotFound, ValidationError
from tests.factories import account_values, make_account


def test_create_cleans_and_stamps_consent(session: Session) -> None:
    account = make_account(session, consent_data_processing_at=None, consent_marketing=False)
    assert account.tax_id == "9001234568"
    assert account.consent_data_processing_at is not None
    assert account.consent_marketing_at is None


def test_withdrawing_consent_clears_its_date(session: Session) -> None:
    account = make_account(session)
    assert account.consent_data_processing_at is not None
    svc.update_account(session, account.id, {"consent_data_processing": False})
    assert account.consent_data_processing_at is None


def test_bad_account_saves_nothing(database: Database) -> None:
    with pytest.raises(ValidationError) as failure, unit_of_work(database.sessions) as s:
        svc.create_account(s, account_values(email="x@", tax_id="1"))
    assert set(failure.value.codes()) == {"email", "tax_id"}
    with database.sessions() as s:
        assert s.scalars(select(Account)).all() == []
        assert s.scalars(select(OutboxOp)).all() == []


def test_bad_update_changes_nothing(session: Session) -> None:
    account = make_account(session)
    with pytest.raises(ValidationError):
        svc.update_account(session, account.id, {"city": "Cali", "email": "nope"})
    session.refresh(account)
    assert account.city == "Bogotá"


def test_unknown_and_bookkeeping_fields_are_refused(session: Session) -> None:
    account = make_account(session)
    with pytest.raises(ValidationError) as failure:
        svc.update_account(session, account.id, {"server_version": 99, "colour": "red"})
    assert failure.value.codes() == {"server_version": "unknown_field", "colour": "unknown_field"}


def test_duplicate_tax_id_is_refused(session: Session) -> None:
    first = make_account(session)
    with pytest.raises(ValidationError) as failure:
        make_account(session, legal_name="Otra S.A.S.", tax_id="9001234568")
    assert failure.value.codes() == {"tax_id": "duplicate_tax_id"}
    assert first.legal_name in failure.value.by_field("en")["tax_id"][0]
    svc.delete_account(session, first.id)
    assert make_account(session, legal_name="Otra S.A.S.").tax_id == "9001234568"


def test_deleted_account_cannot_be_edited(session: Session) -> None:
    account = make_account(session)
    svc.delete_account(session, account.id)
    with pytest.raises(NotFound):
        svc.update_account(session, account.id, {"city": "Cali"})


def test_first_contact_is_primary_and_primary_is_unique(session: Session) -> None:
    account = make_account(session)
    ana = svc.add_contact(session, account.id, {"first_name": "Ana", "last_name": "Gómez"})
    luis = svc.add_contact(session, account.id, {"first_name": "Luis"})
    assert ana.is_primary and not luis.is_primary
    svc.set_primary_contact(session, luis.id)
    assert [c.first_name for c in svc.live_contacts(session, account.id) if c.is_primary] == [
        "Luis"
    ]
    svc.delete_contact(session, luis.id)
    assert ana.is_primary


def test_contact_validation_reports_fields(session: Session) -> None:
    account = make_account(session)
    with pytest.raises(ValidationError) as failure:
        svc.add_contact(session, account.id, {"first_name": "", "email": "a@b"})
    assert set(failure.value.codes()) == {"first_name", "email"}
    assert session.scalars(select(Contact)).all() == []


def test_products_owned_checklist(session: Session) -> None:
    account = make_account(session)
    products = [Product(code=f"P{i}", name=f"Producto {i}", unit="unidad") for i in range(3)]
    session.add_all(products)
    session.flush()
    owned = svc.set_products_owned(
        session, account.id, [products[0].id, products[1].id], since=date(2026, 1, 31)
    )
    assert {o.product_id for o in owned} == {products[0].id, products[1].id}
    owned = svc.set_products_owned(session, account.id, [products[1].id, products[2].id])
    assert {o.product_id for o in owned} == {products[1].id, products[2].id}
    with pytest.raises(ValidationError):
        svc.set_products_owned(session, account.id, ["no-such-product"])
