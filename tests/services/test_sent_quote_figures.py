"""A sent quote never changes: an Argentine quote sent while ARS was priced in centavos keeps
the figures it was sent with (issue 11), though ARS is priced in whole pesos since.

3 × $ 1.234,56 at IVA 21 %, as sent: net 3.703,68, IVA 777,77 (3.703,68 × 0,21 = 777,7728),
total 4.481,45. Under today's whole-peso rule the same lines are 3.704 + 778 = 4.482.
"""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal as D

from pypdf import PdfReader
from sqlalchemy import update
from sqlalchemy.orm import Session

from crm_desktop.documents.proposal import Company, render_proposal
from crm_desktop.models import Quote
from crm_desktop.services.core import crud
from crm_desktop.services.core.currencies import WHOLE_UNITS_SINCE, pricing_places
from crm_desktop.services.quotes.derived import recompute_totals
from crm_desktop.services.quotes.mail import draft_for_quote
from crm_desktop.services.quotes.quote_data import load_quote
from crm_desktop.services.quotes.quote_list import list_quotes
from crm_desktop.services.quotes.quotes import add_line, create_quote
from crm_desktop.settings import Settings
from tests.factories import make_account, make_user

SENT_BEFORE = WHOLE_UNITS_SINCE["ARS"] - timedelta(days=20)
AS_SENT = D("4481.45")


def test_pricing_places_are_those_of_when_the_quote_was_sent() -> None:
    since = WHOLE_UNITS_SINCE["ARS"]
    assert pricing_places("ARS") == 0  # a draft: today's rule
    assert pricing_places("ARS", since - timedelta(seconds=1)) == 2
    assert pricing_places("ARS", since.replace(tzinfo=None) - timedelta(days=1)) == 2  # naive UTC
    assert pricing_places("ARS", since) == 0
    assert pricing_places("COP", datetime(2020, 1, 1, tzinfo=UTC)) == 0  # always whole
    assert pricing_places("USD", since - timedelta(days=1)) == 2


def _argentine_quote(session: Session) -> str:
    user = make_user(session, "mrojas", full_name="Marta Rojas", quote_prefix="MR")
    account = make_account(session, owner_id=user.id, legal_name="Metalúrgica del Plata S.A.",
                           email="compras@metalplata.com.ar")  # fmt: skip
    quote = create_quote(session, account.id, owner_id=user.id, currency="ARS",
                         exchange_rate=D("0.25"))  # fmt: skip
    add_line(session, quote.id, {"description": "Válvula de bronce 2 pulgadas",
                                 "quantity": D(3), "unit_price": D("1234.56"),
                                 "tax_category": "ar_iva21"})  # fmt: skip
    # Sent before ARS lost its cents: the total stored then, in centavos.
    session.execute(
        update(Quote).where(Quote.id == quote.id)
        .values(status="sent", sent_at=SENT_BEFORE, total=AS_SENT)
    )  # fmt: skip
    return quote.id


def test_an_old_ars_quote_with_cents_totals_as_it_was_sent(session: Session) -> None:
    quote_id = _argentine_quote(session)
    totals = load_quote(session, quote_id).totals()
    assert totals.places == 2
    assert (totals.subtotal, totals.tax_total, totals.grand_total) == (
        D("3703.68"), D("777.77"), AS_SENT)  # fmt: skip
    # The total is derived: recomputed after a pull, it stays what was sent.
    assert recompute_totals(session, [quote_id]) == 0
    assert crud.get_live(session, Quote, quote_id).total == AS_SENT
    # The same lines as a draft today are priced in whole pesos.
    draft = replace(load_quote(session, quote_id), status="draft", sent_at=None)
    assert draft.totals().grand_total == D(4482) and draft.totals().places == 0


def test_an_old_ars_quote_renders_as_it_was_sent_pdf_mail_and_list(session: Session) -> None:
    quote_id = _argentine_quote(session)
    data = load_quote(session, quote_id)
    pdf = render_proposal(data, Company.from_settings(Settings(None)))
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    for figure in ("1.234,56", "3.703,68", "777,77", "4.481,45"):
        assert figure in text, figure
    assert "4.482" not in text
    mail = draft_for_quote(session, quote_id, "Soluciones Andinas")
    assert "4.481,45" in mail.body
    (row,) = [r for r in list_quotes(session, "") if r.id == quote_id]
    assert row.total == AS_SENT and pricing_places(row.currency, row.sent_at) == 2
