"""Quotes: numbers, prices from the account's list, lines, revisions and status moves."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal as D
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.clock import FixedClock
from crm_desktop.database import Database, open_database
from crm_desktop.models import AccountProduct, Activity, Opportunity, OutboxOp, Quote, QuoteLine
from crm_desktop.services.core import crud
from crm_desktop.services.core.crud import unit_of_work
from crm_desktop.services.core.errors import NotAllowed, ValidationError
from crm_desktop.services.pipeline.pipeline import create_opportunity
from crm_desktop.services.quotes.quote_data import live_lines, load_quote, quote_id_by_number
from crm_desktop.services.quotes.quote_status import (
    accept_quote,
    duplicate_quote,
    expire_due_quotes,
    new_revision,
    reject_quote,
    revisions,
    send_quote,
)
from crm_desktop.services.quotes.quotes import (
    add_line,
    create_quote,
    delete_line,
    move_line,
    save_draft,
    search_products,
    update_line,
    update_quote,
)
from crm_desktop.settings import Settings
from tests.factories import make_account, make_user
from tests.services.quote_fixtures import Catalog, make_catalog, make_quote


@pytest.fixture
def catalog(session: Session) -> Catalog:
    return make_catalog(session)


def test_new_quote_gets_a_number_frozen_currency_and_primary_contact(
    session: Session, catalog: Catalog
) -> None:
    quote_id = make_quote(session, catalog, lines=0)
    quote = crud.get_live(session, Quote, quote_id)
    assert quote.number.startswith("JP-") and quote.number.endswith("-000001")
    assert (quote.currency, quote.exchange_rate, quote.status) == ("COP", D(1), "draft")
    assert quote.valid_until == quote.issued_on + timedelta(days=30)
    assert load_quote(session, quote_id).client.contact_name == "Óscar Muñoz"
    assert quote_id_by_number(session, quote.number) == quote_id
    with pytest.raises(ValidationError) as error:
        update_quote(session, quote_id, {"currency": "USD"})
    assert error.value.codes() == {"currency": "frozen"}
    second = create_quote(session, quote.account_id, owner_id=quote.owner_id)
    assert second.number.endswith("-000002")


def test_usd_quote_needs_its_exchange_rate(session: Session, catalog: Catalog) -> None:
    account = make_account(session)
    with pytest.raises(ValidationError) as error:
        create_quote(session, account.id, currency="USD")
    assert error.value.codes() == {"exchange_rate": "required"}
    quote = create_quote(session, account.id, currency="USD", exchange_rate=D(4000))
    licence = add_line(session, quote.id, {"product_id": catalog.products["LIC-ERP"]})
    assert licence.unit_price == D(305)  # from the USD list
    reader = add_line(session, quote.id, {"product_id": catalog.products["HW-LEC"]})
    assert reader.unit_price == D("105.00")  # 420 000 COP / 4 000, no USD price


def test_product_line_takes_the_accounts_price_list_and_override_needs_reason(
    session: Session, catalog: Catalog
) -> None:
    account = make_account(session, price_list_id=catalog.dealers)
    quote = create_quote(session, account.id)
    hits = search_products(session, quote.id, "lector")
    assert [(h.code, h.list_price) for h in hits] == [("HW-LEC", D(357000))]
    line = add_line(session, quote.id, {"product_id": hits[0].id, "quantity": D(2)})
    assert (line.unit_price, line.list_price, line.tax_category) == (D(357000), D(357000), "iva5")
    with pytest.raises(ValidationError) as error:
        update_line(session, line.id, {"unit_price": D(300000)})
    assert error.value.codes() == {"price_override_reason": "required"}
    update_line(session, line.id, {"unit_price": D(300000), "price_override_reason": "Volumen"})
    assert crud.get_live(session, Quote, quote.id).total == D(630000)  # 600 000 + 5 % IVA


@pytest.mark.parametrize(
    ("typed", "code"),
    [("capacitacion", "SRV-IMP"), ("CAPACITACIÓN", "SRV-IMP"), ("poliza", "SEG-PL"),
     ("modulo contable", "LIC-ERP"), ("facturacion", "CUR-VIR"), ("hw-lec", "HW-LEC")],
)  # fmt: skip
def test_product_search_ignores_accents_and_case(
    session: Session, catalog: Catalog, typed: str, code: str
) -> None:
    """Issue 11, item 9: "capacitacion" finds "capacitación" as account search already did."""
    quote = create_quote(session, make_account(session).id)
    assert [h.code for h in search_products(session, quote.id, typed)] == [code]
    assert search_products(session, quote.id, "100%") == []  # % is a character, not a wildcard


def test_quote_list_search_ignores_accents(session: Session, catalog: Catalog) -> None:
    from crm_desktop.services.quotes.quote_list import list_quotes

    make_quote(session, catalog, lines=1)
    (row,) = list_quotes(session, "ferreteria")
    assert "Ferretería" in row.account_name


def test_lines_add_move_delete_and_outbox_captures_them(session: Session, catalog: Catalog) -> None:
    quote_id = make_quote(session, catalog, lines=3)
    lines = live_lines(session, quote_id)
    assert [line.kind for line in lines] == ["section", "item", "item", "item"]
    last = lines[-1]
    move_line(session, last.id, 1)
    assert [line.id for line in live_lines(session, quote_id)][1] == last.id
    delete_line(session, lines[1].id)
    assert len(live_lines(session, quote_id)) == 3
    ops = session.scalars(select(OutboxOp.table_name).where(OutboxOp.row_id == last.id)).all()
    everything = session.execute(select(OutboxOp.table_name, OutboxOp.row_id, OutboxOp.op)).all()
    assert ops == ["quote_lines", "quote_lines"], (last.id, everything[-12:])  # insert, move
    with pytest.raises(ValidationError) as error:
        update_line(session, last.id, {"discount_amount": D("999999999")})
    assert error.value.codes() == {"discount_amount": "too_large"}


def test_save_draft_saves_all_or_nothing_with_line_indexed_problems(database: Database) -> None:
    with unit_of_work(database.sessions) as s:
        quote_id = make_quote(s, make_catalog(s), lines=2)
    with database.sessions() as s:
        data = load_quote(s, quote_id)
    bad = replace(data.lines[2], quantity=D(0))
    free = replace(data.lines[1], id="", key="new", product_id=None, description="Flete")
    with pytest.raises(ValidationError) as error, unit_of_work(database.sessions) as s:
        save_draft(s, quote_id, {"notes": "x"}, [free, bad])
    assert error.value.codes() == {"lines.1.quantity": "too_small"}
    with database.sessions() as s:
        assert load_quote(s, quote_id) == data  # nothing half-saved
    with unit_of_work(database.sessions) as s:
        save_draft(s, quote_id, {"notes": "x"}, [free, data.lines[2]])
    with database.sessions() as s:
        saved = load_quote(s, quote_id)
    assert [line.description for line in saved.lines] == ["Flete", data.lines[2].description]
    assert saved.notes == "x" and saved.total == saved.totals().grand_total


def test_send_freezes_and_new_revision_keeps_the_sent_one_whole(
    session: Session, catalog: Catalog
) -> None:
    quote_id = make_quote(session, catalog, lines=2)
    sent_total = crud.get_live(session, Quote, quote_id).total
    send_quote(session, quote_id, today=date(2026, 11, 3))
    line_id = live_lines(session, quote_id)[1].id
    with pytest.raises(NotAllowed):
        update_line(session, line_id, {"quantity": D(9)})
    revised = new_revision(session, quote_id, "El cliente pidió más unidades")
    assert (revised.revision, revised.status) == (2, "draft")
    update_line(session, line_id, {"quantity": D(9)})
    (rev1,) = revisions(session, quote_id)
    snapshot = json.loads(rev1.snapshot)
    assert rev1.revision == 1 and rev1.total == sent_total
    assert rev1.reason == "El cliente pidió más unidades"
    assert snapshot["number"] == revised.number and snapshot["revision"] == 1
    assert D(snapshot["lines"][1]["quantity"]) == 1 and len(snapshot["lines"]) == 3
    assert D(snapshot["totals"]["grand_total"]) == sent_total
    assert crud.get_live(session, Quote, quote_id).total != sent_total


def test_accept_wins_the_opportunity_and_marks_products_owned(
    session: Session, catalog: Catalog
) -> None:
    quote_id = make_quote(session, catalog, lines=2)
    quote = crud.get_live(session, Quote, quote_id)
    opp = create_opportunity(
        session, {"account_id": quote.account_id, "name": "ERP 2026", "amount": D(1)}
    )
    update_quote(session, quote_id, {"opportunity_id": opp.id})
    with pytest.raises(NotAllowed):
        accept_quote(session, quote_id)  # a draft cannot be accepted
    send_quote(session, quote_id, today=date(2026, 11, 3))
    assert crud.get_live(session, Opportunity, opp.id).stage == "proposal"
    accept_quote(session, quote_id)
    opp = crud.get_live(session, Opportunity, opp.id)
    assert opp.stage == "closed_won" and opp.amount == D(1187500 + 360000)
    owned = session.scalars(
        select(AccountProduct).where(AccountProduct.account_id == quote.account_id)
    ).all()
    assert {o.product_id for o in owned} == {
        catalog.products["LIC-ERP"],
        catalog.products["SRV-IMP"],
    }
    licence = next(o for o in owned if o.product_id == catalog.products["LIC-ERP"])
    assert licence.renewal_on is not None and licence.source_quote_id == quote_id


def test_reject_needs_a_reason_and_is_on_the_timeline(session: Session, catalog: Catalog) -> None:
    quote_id = make_quote(session, catalog, lines=1)
    send_quote(session, quote_id, today=date(2026, 11, 3))
    with pytest.raises(ValidationError) as error:
        reject_quote(session, quote_id, "  ")
    assert error.value.codes() == {"rejection_reason": "required"}
    reject_quote(session, quote_id, "Precio alto")
    activity = session.scalars(select(Activity).where(Activity.quote_id == quote_id)).one()
    assert (activity.kind, activity.body) == ("rejection", "Precio alto")


def test_due_quotes_expire_and_sending_a_stale_draft_is_refused(
    session: Session, catalog: Catalog
) -> None:
    quote_id = make_quote(session, catalog, lines=1)
    issued = crud.get_live(session, Quote, quote_id).issued_on
    with pytest.raises(ValidationError) as error:
        send_quote(session, quote_id, today=issued + timedelta(days=60))
    assert error.value.codes() == {"valid_until": "expired"}
    send_quote(session, quote_id, today=issued + timedelta(days=1))
    assert expire_due_quotes(session, issued + timedelta(days=30)) == []
    number = crud.get_live(session, Quote, quote_id).number
    assert expire_due_quotes(session, issued + timedelta(days=31)) == [number]
    assert crud.get_live(session, Quote, quote_id).status == "expired"
    assert new_revision(session, quote_id).status == "draft"


def test_any_rep_duplicates_a_quote_for_another_account_repriced(
    session: Session, catalog: Catalog
) -> None:
    quote_id = make_quote(session, catalog, lines=2)
    line = live_lines(session, quote_id)[2]
    update_line(session, line.id, {"unit_price": D(100000), "price_override_reason": "Promo"})
    other_rep = make_user(session, username="mgomez", quote_prefix="MG")
    dealer = make_account(session, legal_name="Distribuidor", tax_id="900.373.913-4",
                          price_list_id=catalog.dealers)  # fmt: skip
    copy = duplicate_quote(session, quote_id, dealer.id, other_rep.id)
    assert copy.number.startswith("MG-") and copy.account_id == dealer.id
    lines = live_lines(session, copy.id)
    assert [ln.description for ln in lines] == [
        ln.description for ln in live_lines(session, quote_id)
    ]
    assert lines[1].unit_price == D(1062500)  # the dealers' price of the licence
    assert (lines[2].unit_price, lines[2].price_override_reason) == (D(100000), "Promo")
    assert session.scalar(select(QuoteLine.quote_id).where(QuoteLine.id == line.id)) == quote_id


def test_company_tax_rounding_setting_reaches_the_stored_total(
    db_path: Path, clock: FixedClock
) -> None:
    settings = Settings.beside(db_path)
    settings.set("quotes.tax_rounding", "rate")
    settings.save()
    database = open_database(db_path, clock)
    try:
        with unit_of_work(database.sessions) as s:
            quote_id = make_quote(s, make_catalog(s), lines=0)
            for _ in range(3):
                add_line(
                    s, quote_id, {"description": "Visita", "quantity": D(1), "unit_price": D(2550)}
                )
        with database.sessions() as s:
            data = load_quote(s, quote_id)
        assert data.tax_rounding == "rate"
        assert data.totals().tax_total == D(1454)  # per line it would be 3 x 485 = 1.455
        assert data.total == D(9104)
        assert replace(data, tax_rounding="line").totals().grand_total == D(9105)
    finally:
        database.engine.dispose()
