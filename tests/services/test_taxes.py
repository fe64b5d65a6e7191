"""Taxes as data: seeded in the file, synced as catalog, frozen on the lines that use them."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.models import OutboxOp, Tax
from crm_desktop.models.base import synced_classes
from crm_desktop.services.core import crud
from crm_desktop.services.core.errors import ValidationError
from crm_desktop.services.core.rules import validate_row
from crm_desktop.services.quotes.quote_data import load_quote
from crm_desktop.services.quotes.quotes import add_line, create_quote, update_line
from crm_desktop.services.quotes.taxes import SEEDED
from crm_server.rows import GLOBAL_TABLES
from tests.factories import make_account


def _line(code: str, price: str = "1000") -> dict[str, object]:
    return {"description": "Ítem", "quantity": D(1), "unit_price": D(price), "tax_category": code}


@pytest.fixture
def quote_id(session: Session) -> str:
    return create_quote(session, make_account(session).id, currency="COP").id


def test_a_new_file_holds_the_seeded_colombian_and_argentine_taxes(session: Session) -> None:
    rows = {
        t.code: (t.rate, t.kind, t.country, t.price_included) for t in session.scalars(select(Tax))
    }
    assert rows == {t.code: (t.rate, t.kind, t.country, t.price_included) for t in SEEDED}
    assert rows["inc8"] == (D("0.08"), "consumption", "CO", False)
    assert rows["ar_iva10_5"] == (D("0.105"), "vat", "AR", False)
    assert {"exempt", "excluded", "iva19", "iva5", "ar_iva21", "ar_iva27", "ar_iva0"} <= set(rows)


def test_taxes_sync_as_global_catalog_and_are_captured(session: Session) -> None:
    assert "taxes" in synced_classes() and "taxes" in GLOBAL_TABLES
    tax = crud.create(
        session,
        Tax,
        {"code": "ibua", "name_es": "Impuesto bebidas", "name_en": "Beverage tax",
         "rate": D("0.2"), "kind": "consumption", "country": "CO"},
    )  # fmt: skip
    ops = session.scalars(select(OutboxOp).where(OutboxOp.row_id == tax.id)).all()
    assert [(o.table_name, o.op) for o in ops] == [("taxes", "insert")]
    assert json.loads(ops[0].fields)["code"] == "ibua"
    with pytest.raises(ValidationError) as error:
        validate_row("taxes", {"code": "x y", "name_es": "", "name_en": "X", "rate": D(2),
                               "kind": "other", "country": "ZZ"})  # fmt: skip
    assert error.value.codes() == {
        "code": "invalid_code",
        "name_es": "required",
        "rate": "too_large",
        "kind": "invalid_choice",
        "country": "invalid_choice",
    }


def test_a_line_freezes_its_tax_rate_and_keeps_it_when_the_rate_changes(
    session: Session, quote_id: str
) -> None:
    line = add_line(session, quote_id, _line("ar_iva10_5"))
    assert line.tax_rate == D("0.105")
    tax = session.scalars(select(Tax).where(Tax.code == "ar_iva10_5")).one()
    crud.update(session, Tax, tax.id, {"rate": D("0.12")})  # the rate changes later
    update_line(session, line.id, {"quantity": D(2)})
    assert load_quote(session, quote_id).lines[0].tax_rate == D("0.105")
    assert load_quote(session, quote_id).totals().tax_total == D(210)
    update_line(session, line.id, {"tax_category": "iva5"})
    update_line(session, line.id, {"tax_category": "ar_iva10_5"})  # chosen again: today's rate
    assert load_quote(session, quote_id).totals().tax_total == D(240)


def test_an_admins_new_tax_is_usable_and_an_unknown_one_is_refused_in_words(
    session: Session, quote_id: str
) -> None:
    crud.create(
        session,
        Tax,
        {"code": "inc16", "name_es": "INC 16 %", "name_en": "Consumption 16 %",
         "rate": D("0.16"), "kind": "consumption", "country": "CO",
         "valid_from": date(2020, 1, 1)},
    )  # fmt: skip
    add_line(session, quote_id, _line("inc16"))
    assert load_quote(session, quote_id).totals().taxes[0].tax == D(160)
    with pytest.raises(ValidationError) as error, session.begin_nested():
        add_line(session, quote_id, _line("nope"))
    assert error.value.codes() == {"tax_category": "unknown_tax"}
    assert "nope" in str(error.value)
