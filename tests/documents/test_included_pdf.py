"""Issue 13, item 4: an "IVA incluido" line shows the amount the client reads on the price list
(tax included), and the proposal says how that squares with the subtotal and the bases."""

from __future__ import annotations

import io
from dataclasses import replace
from decimal import Decimal as D

from pypdf import PdfReader

from crm_desktop.documents.proposal import Company, render_proposal
from crm_desktop.documents.samples import sample_quote
from crm_desktop.services.quotes.pricing import LineInput, line_amounts
from crm_desktop.services.quotes.quote_types import LineData


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def test_an_iva_incluido_line_shows_its_listed_amount_and_the_totals_explain_it() -> None:
    line = LineData(id="l1", key="l1", description="Combo oficina", quantity=D(1),
                    unit_price=D(9990), tax_category="iva19i")  # fmt: skip
    data = replace(sample_quote(1, "es"), lines=(line,), global_discount_pct=D(0))
    text = _text(render_proposal(data, Company(name="Andina")))
    assert "9.990 19% incl. 9.990" in text.replace("\u202f", "").replace(" %", "%")
    assert "Subtotal $ 8.395" in text and "IVA 19 % incluido $ 1.595" in text
    assert "TOTAL $ 9.990" in text
    assert "Las líneas marcadas «incl.» muestran su precio y su valor con el impuesto" in text


def test_a_discounted_included_line_shows_its_discount_with_tax() -> None:
    amounts = line_amounts(LineInput("a", quantity=D(2), unit_price=D(50000), discount_pct=D(10),
                                     tax_category="iva19i"), 0)  # fmt: skip
    assert (amounts.shown, amounts.shown_discount) == (D(90000), D(10000))  # what the client reads
    assert (amounts.net, amounts.discount) == (D(75630), D(8404))  # the bases, as before
    plain = line_amounts(LineInput("b", quantity=D(2), unit_price=D(50000)), 0)
    assert (plain.shown, plain.shown_discount) == (plain.net, plain.discount)
