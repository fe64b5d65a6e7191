"""The account's timeline and header: every interaction, newest first, from one query."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from crm_desktop.i18n import set_language
from crm_desktop.models import Product, Quote, QuoteRevision
from crm_desktop.services.accounts import accounts
from crm_desktop.services.accounts.timeline import (
    account_contacts,
    account_header,
    account_timeline,
    account_values,
    format_tax_id,
    product_checklist,
)
from crm_desktop.services.activity import visits
from crm_desktop.services.core import crud
from crm_desktop.services.core.errors import NotFound
from crm_desktop.services.pipeline import pipeline
from tests.factories import at, make_account, make_user


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("es")


def _quote(session: Session, account_id: str, owner_id: str, when: datetime) -> Quote:
    quote = crud.create(
        session,
        Quote,
        {
            "number": "JP-AB12-000001",
            "account_id": account_id,
            "owner_id": owner_id,
            "issued_on": when.date(),
            "valid_until": date(2026, 6, 30),
            "total": Decimal("1190000.00"),
        },
    )
    quote.created_at = when
    revision = crud.create(
        session,
        QuoteRevision,
        {
            "quote_id": quote.id,
            "revision": 2,
            "snapshot": json.dumps({}),
            "total": Decimal("1071000.00"),
            "reason": "10 % discount",
        },
    )
    revision.created_at = at(2026, 5, 6)
    session.flush()
    return quote


def _fill(session: Session) -> tuple[str, str]:
    rep = make_user(session)
    account = make_account(session, owner_id=rep.id)
    visit = visits.plan_visit(
        session,
        {
            "account_id": account.id,
            "owner_id": rep.id,
            "planned_at": at(2026, 5, 1),
            "purpose": "Demo",
        },
    )
    visits.check_in(session, visit.id, at(2026, 5, 1, 11))
    visits.record_outcome(
        session,
        visit.id,
        {
            "outcome": "follow_up",
            "notes": "Wants 20 licenses",
            "next_step": "Send proposal",
            "follow_up_on": date(2026, 5, 8),
        },
    )
    visits.log_call(
        session,
        {
            "account_id": account.id,
            "owner_id": rep.id,
            "occurred_at": at(2026, 5, 2),
            "subject": "Price check",
            "call_result": "answered",
            "duration_minutes": 7,
        },
    )
    opp = pipeline.create_opportunity(
        session, {"account_id": account.id, "owner_id": rep.id, "name": "ERP", "amount": "5000000"}
    )
    opp.created_at = at(2026, 5, 3)
    pipeline.move_stage(session, opp.id, "closed_lost", "Too expensive")
    _quote(session, account.id, rep.id, at(2026, 5, 5))
    return account.id, rep.full_name


def test_timeline_holds_every_kind_newest_first(session: Session) -> None:
    account_id, rep_name = _fill(session)
    entries = account_timeline(session, account_id)
    kinds = [e.kind for e in entries]
    # The stage change happened "now" (after all the backdated ones), so it comes first.
    assert kinds == ["stage_change", "quote_revision", "quote", "opportunity", "call", "visit"]
    assert [e.when for e in entries] == sorted((e.when for e in entries), reverse=True)
    assert all(e.when.tzinfo is not None and e.who == rep_name for e in entries)
    by_kind = {e.kind: e for e in entries}
    visit = by_kind["visit"]
    assert visit.title == "Demo" and visit.code == "follow_up"
    assert visit.when == at(2026, 5, 1, 11)  # the check-in time, not the planned time
    assert "Wants 20 licenses" in visit.detail and "Next step: Send proposal" in visit.detail
    assert visit.follow_up_on == date(2026, 5, 8)
    assert by_kind["call"].code == "answered" and "7 min" in by_kind["call"].detail
    assert by_kind["opportunity"].amount == Decimal("5000000")
    assert by_kind["quote"].amount == Decimal("1190000.00")
    assert by_kind["quote"].title == "JP-AB12-000001"
    assert by_kind["quote_revision"].code == "2"
    assert "10 % discount" in by_kind["quote_revision"].detail
    assert "Too expensive" in by_kind["stage_change"].detail


def test_timeline_leaves_out_deleted_rows_other_accounts_and_obeys_limit(session: Session) -> None:
    account_id, _ = _fill(session)
    other = make_account(session, legal_name="Otra S.A.S.", tax_id="800.197.268-4")
    visits.add_note(
        session, {"account_id": other.id, "occurred_at": at(2026, 5, 9), "body": "Not ours"}
    )
    note = visits.add_note(
        session, {"account_id": account_id, "occurred_at": at(2026, 5, 9), "body": "Gone"}
    )
    crud.tombstone(session, type(note), note.id)
    entries = account_timeline(session, account_id)
    assert len(entries) == 6
    assert all("Not ours" not in e.detail and "Gone" not in e.detail for e in entries)
    assert [e.kind for e in account_timeline(session, account_id, limit=2)] == [
        "stage_change",
        "quote_revision",
    ]


def test_timeline_gives_titles_to_untitled_entries(session: Session) -> None:
    account = make_account(session)
    visits.add_note(session, {"account_id": account.id, "occurred_at": at(2026, 5, 9)})
    visits.plan_visit(session, {"account_id": account.id, "planned_at": at(2026, 5, 10)})
    entries = account_timeline(session, account.id)
    assert [(e.kind, e.title, e.who, e.code) for e in entries] == [
        ("visit", "Visit", "", "planned"),
        ("note", "Note", "", None),
    ]


def test_header_formats_tax_id_and_names_owner(session: Session) -> None:
    rep = make_user(session)
    account = make_account(session, owner_id=rep.id, tax_id="9001234568")
    header = account_header(session, account.id)
    assert header.legal_name == "Distribuciones Andina S.A.S."
    assert header.tax_id_display == "900.123.456-8"
    assert header.roles == ("customer", "prospect")
    assert header.owner_name == "Juana Pérez" and header.lifecycle_phase == "acquisition"
    accounts.delete_account(session, account.id)
    with pytest.raises(NotFound):
        account_header(session, account.id)


def test_format_tax_id_keeps_what_it_cannot_format() -> None:
    assert format_tax_id("cc", "52123456") == "52123456"
    assert format_tax_id("nit", None) == ""
    assert format_tax_id("cuit", "20267565393") == "20-26756539-3"


def test_values_contacts_and_product_checklist(session: Session) -> None:
    account = make_account(session)
    accounts.add_contact(session, account.id, {"first_name": "Ana", "last_name": "Ruiz"})
    accounts.add_contact(
        session, account.id, {"first_name": "Beto", "last_name": "Gil", "is_primary": True}
    )
    names = [(c.full_name, c.is_primary) for c in account_contacts(session, account.id)]
    assert names == [("Beto Gil", True), ("Ana Ruiz", False)]
    values = account_values(session, account.id)
    assert values["legal_name"] == "Distribuciones Andina S.A.S." and "id" not in values
    erp = crud.create(session, Product, {"code": "ERP", "name": "ERP", "unit": "licencia"})
    crud.create(session, Product, {"code": "OLD", "name": "Old", "unit": "u", "active": False})
    accounts.set_products_owned(session, account.id, [erp.id])
    checklist = product_checklist(session, account.id)
    assert [(p.code, p.owned) for p in checklist] == [("ERP", True)]
    assert checklist[0].id == erp.id
