"""Issue 13, item 4: the README's worked examples by country ("Worked examples by country"),
one test per row: the lines, then the taxes and the total, per line and per rate."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from crm_desktop.services.quotes.pricing import PER_LINE, PER_RATE, LineInput, compute_totals

PERC = (("ar_perc3", D("0.03")),)  # an admin's tax: percepción IVA 3 %


def lines(
    n: int, price: str, tax: str, qty: str = "1", pct: str = "0", extra=()
) -> list[LineInput]:  # type: ignore[no-untyped-def]
    return [
        LineInput(
            f"l{i}",
            quantity=D(qty),
            unit_price=D(price),
            discount_pct=D(pct),
            tax_category=tax,
            extra_taxes=extra,
        )
        for i in range(n)
    ]


# country, lines, taxes per line → {code: tax}, total per line; per rate the same, or its own
ROWS = [
    ("CO", lines(3, "2550", "iva19"), {"iva19": 1455}, 9105, ({"iva19": 1454}, 9104)),
    ("CO", lines(1, "420000", "iva5"), {"iva5": 21000}, 441000, None),
    ("CO", lines(1, "95000", "exempt") + lines(1, "300000", "excluded"),
     {"exempt": 0, "excluded": 0}, 395000, None),
    ("CO", lines(1, "9990", "iva19i"), {"iva19i": 1595}, 9990, None),
    ("CO", lines(1, "50000", "iva19i", qty="2", pct="10"), {"iva19i": 14370}, 90000, None),
    ("CO", lines(3, "2550", "iva19", extra=(("inc8", D("0.08")),)),
     {"iva19": 1455, "inc8": 612}, 9717, ({"iva19": 1454, "inc8": 612}, 9716)),
    ("AR", lines(3, "155", "ar_iva21"), {"ar_iva21": 99}, 564, ({"ar_iva21": 98}, 563)),
    ("AR", lines(1, "1000", "ar_iva27"), {"ar_iva27": 270}, 1270, None),
    ("AR", lines(1, "1000", "ar_iva21i", qty="7"), {"ar_iva21i": 1215}, 7000, None),
    ("AR", lines(3, "155", "ar_iva10_5", extra=PERC),
     {"ar_iva10_5": 48, "ar_perc3": 15}, 528, ({"ar_iva10_5": 49, "ar_perc3": 14}, 528)),
]  # fmt: skip


@pytest.mark.parametrize(("country", "quote", "taxes", "total", "per_rate"), ROWS)
def test_each_worked_example(  # type: ignore[no-untyped-def]
    country, quote, taxes, total, per_rate
) -> None:
    currency = {"CO": "COP", "AR": "ARS"}[country]
    for rounding, (want_taxes, want_total) in (
        (PER_LINE, (taxes, total)),
        (PER_RATE, per_rate or (taxes, total)),
    ):
        got = compute_totals(currency, quote, tax_rounding=rounding)
        assert {g.category: int(g.tax) for g in got.taxes} == want_taxes, rounding
        assert got.grand_total == want_total, rounding
