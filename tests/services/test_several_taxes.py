"""Issue 13, item 2: several taxes on one line (IVA + INC in Colombia, IVA + a percepción in
Argentina): each frozen with its rate, each rounded per line or per rate, each its own group."""

from __future__ import annotations

import json
import re
from decimal import Decimal as D

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.documents.proposal import Company, render_proposal
from crm_desktop.models import OutboxOp, QuoteLine, Tax
from crm_desktop.services.core import crud
from crm_desktop.services.core.errors import ValidationError
from crm_desktop.services.core.rules import validate_row
from crm_desktop.services.quotes.pricing import PER_LINE, PER_RATE, LineInput, compute_totals
from crm_desktop.services.quotes.quote_data import load_quote
from crm_desktop.services.quotes.quote_types import LineData
from crm_desktop.services.quotes.quotes import add_line, create_quote, save_draft
from tests.factories import make_account


def _lines(
    n: int, price: str, main: str, extra: tuple[tuple[str, D | None], ...]
) -> list[LineData]:
    return [
        LineData(description=f"Ítem {i}", unit_price=D(price), tax_category=main, extra_taxes=extra)
        for i in range(n)
    ]


def _groups(session: Session, quote_id: str, rounding: str = PER_LINE) -> dict[str, tuple[D, D]]:
    from dataclasses import replace

    data = replace(load_quote(session, quote_id), tax_rounding=rounding)
    return {g.category: (g.base, g.tax) for g in data.totals().taxes}


@pytest.fixture
def co_quote(session: Session) -> str:
    return create_quote(session, make_account(session).id, currency="COP").id


def test_iva_and_inc_on_one_line_each_frozen_rounded_and_grouped(
    session: Session, co_quote: str
) -> None:
    save_draft(session, co_quote, {}, _lines(3, "2550", "iva19", (("inc8", None),)))
    stored = session.scalars(select(QuoteLine).where(QuoteLine.quote_id == co_quote)).all()
    assert [json.loads(line.extra_taxes or "[]") for line in stored] == [
        [{"code": "inc8", "rate": "0.0800"}]
    ] * 3  # the rate it has today, frozen on each line
    # Per line: IVA round(484,5) = 485 × 3; INC 204 × 3. Per rate: round(1.453,5) = 1.454; 612.
    assert _groups(session, co_quote) == {"iva19": (D(7650), D(1455)), "inc8": (D(7650), D(612))}
    assert _groups(session, co_quote, PER_RATE) == {
        "iva19": (D(7650), D(1454)),
        "inc8": (D(7650), D(612)),
    }
    assert load_quote(session, co_quote).total == D(9717)
    ops = session.scalars(select(OutboxOp).where(OutboxOp.table_name == "quote_lines")).all()
    assert all("extra_taxes" in json.loads(op.fields) for op in ops)  # it syncs


def test_an_argentine_percepcion_from_the_taxes_table(session: Session) -> None:
    crud.create(
        session,
        Tax,
        {"code": "ar_perc3", "name_es": "Percepción IVA 3 %", "name_en": "VAT perception 3 %",
         "rate": D("0.03"), "kind": "vat", "country": "AR"},
    )  # fmt: skip
    quote = create_quote(
        session, make_account(session).id, currency="ARS", exchange_rate=D("4.5")
    ).id
    save_draft(session, quote, {}, _lines(3, "155", "ar_iva10_5", (("ar_perc3", None),)))
    # Per line: IVA round(16,275) = 16 × 3 = 48, percepción round(4,65) = 5 × 3 = 15.
    assert _groups(session, quote) == {"ar_iva10_5": (D(465), D(48)), "ar_perc3": (D(465), D(15))}
    # Per rate: round(48,825) = 49 and round(13,95) = 14: the same total, other groups.
    assert _groups(session, quote, PER_RATE) == {
        "ar_iva10_5": (D(465), D(49)),
        "ar_perc3": (D(465), D(14)),
    }
    assert load_quote(session, quote).total == D(528)


def test_the_pdf_lists_each_tax_group_and_the_lines_rates(session: Session, co_quote: str) -> None:
    import io

    from pypdf import PdfReader

    save_draft(session, co_quote, {}, _lines(1, "100000", "iva19", (("inc8", None),)))
    pdf = render_proposal(load_quote(session, co_quote), Company(name="Andina"))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert re.search(r"19\W?% \+ 8\W?%", text)  # the line's rates (a narrow space or none)
    assert "Base gravable IVA 19 % $ 100.000 IVA 19 % $ 19.000" in text
    assert "Base gravable INC 8 % $ 100.000 INC 8 % $ 8.000" in text
    assert "TOTAL $ 127.000" in text


@pytest.mark.parametrize(
    ("main", "extra", "code"),
    [
        ("iva19", "not json", "invalid_taxes"),
        ("iva19", '[{"code": "inc8"}]', "invalid_taxes"),
        ("iva19", '[{"code": "inc8", "rate": "NaN"}]', "invalid_taxes"),
        ("iva19", '[{"code": "inc8", "rate": "1.5"}]', "invalid_taxes"),
        ("iva19", '[{"code": "inc8", "rate": "0.00001"}]', "invalid_taxes"),
        ("iva19", '[{"code": "iva19", "rate": "0.19"}]', "repeated_tax"),
        ("iva19", json.dumps([{"code": f"t{i}", "rate": "0.01"} for i in range(4)]), "too_many"),
        ("iva19i", '[{"code": "inc8", "rate": "0.08"}]', "included_alone"),
        ("iva19", "[" + '{"code": "x", "rate": "0.01"},' * 60 + "]", "too_long"),
    ],
)
def test_the_shared_rules_refuse_bad_further_taxes(main: str, extra: str, code: str) -> None:
    line = {"quote_id": "q1", "position": 1, "kind": "item", "description": "x", "quantity": "1",
            "unit_price": "1", "tax_category": main, "extra_taxes": extra}  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        validate_row("quote_lines", line)
    assert refused.value.codes() == {"extra_taxes": code}


def test_an_unknown_further_tax_is_refused_in_words(session: Session, co_quote: str) -> None:
    with pytest.raises(ValidationError) as refused:
        add_line(session, co_quote, {"description": "x", "quantity": D(1), "unit_price": D(1),
                                     "extra_taxes": (("nada", None),)})  # fmt: skip
    assert refused.value.codes() == {"extra_taxes": "unknown_tax"}
    assert "“nada”" in refused.value.text("es")


def test_pricing_alone_adds_every_tax_on_the_same_base() -> None:
    line = LineInput("a", quantity=D(2), unit_price=D("10.05"), tax_category="iva19",
                     extra_taxes=(("inc8", D("0.08")),))  # fmt: skip
    totals = compute_totals("USD", [line])
    assert [(g.category, g.base, g.tax) for g in totals.taxes] == [
        ("iva19", D("20.10"), D("3.82")),
        ("inc8", D("20.10"), D("1.61")),
    ]
    assert totals.grand_total == D("25.53")
