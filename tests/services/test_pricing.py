"""Quote arithmetic on the hard cases: rounding per line, mixed taxes, global discounts."""

from __future__ import annotations

import dataclasses
from decimal import Decimal as D

import pytest

from crm_desktop.services.quotes.pricing import (
    LineInput,
    QuoteCalculator,
    allocate,
    compute_totals,
    line_amounts,
    pricing_places,
)
from crm_desktop.services.quotes.taxes import UnknownTax


def item(key: str, qty: str, price: str, **kw: object) -> LineInput:
    return LineInput(key=key, quantity=D(qty), unit_price=D(price), **kw)  # type: ignore[arg-type]


def test_cop_is_priced_in_whole_pesos_and_usd_in_cents() -> None:
    assert pricing_places("COP") == 0 and pricing_places("CLP") == 0
    assert pricing_places("USD") == 2 and pricing_places("EUR") == 2
    cop = line_amounts(item("a", "3", "1000.50"), pricing_places("COP"))
    assert (cop.gross, cop.net) == (D(3002), D(3002))  # 3001.5 rounds half-up
    usd = line_amounts(item("a", "3", "10.005"), pricing_places("USD"))
    assert usd.gross == D("30.02")  # 30.015 rounds half-up to the cent


def test_line_discount_percent_and_amount_round_per_line() -> None:
    pct = line_amounts(item("a", "7", "333.33", discount_pct=D("12.5")), 2)
    assert pct.gross == D("2333.31")
    assert pct.discount == D("291.66")  # 291.66375
    assert pct.net == pct.gross - pct.discount == D("2041.65")
    amount = line_amounts(item("b", "2", "100", discount_amount=D("30.555")), 2)
    assert (amount.discount, amount.net) == (D("30.56"), D("169.44"))
    capped = line_amounts(item("c", "1", "50", discount_amount=D(80)), 2)
    assert capped.net == 0  # a discount never makes a line negative


def test_many_rounding_lines_total_is_the_sum_of_rounded_lines() -> None:
    lines = [item(str(i), "3", "0.335", discount_pct=D("3.3")) for i in range(101)]
    totals = compute_totals("USD", lines)
    one = line_amounts(lines[0], 2)
    # net = round(1.005 x 0.967) = round(0.971835) = 0.97; the discount is what is left
    assert one.gross == D("1.01") and one.discount == D("0.04") and one.net == D("0.97")
    assert totals.subtotal == D("97.97")  # 101 x 0.97, not round(101 x 3 x 0.335 x 0.967)
    assert totals.gross - totals.line_discounts == totals.subtotal


def test_mixed_tax_rates_exempt_and_excluded_are_listed_apart() -> None:
    lines = [
        item("a", "1", "1000000", tax_category="iva19"),
        item("b", "2", "250000", tax_category="iva5"),
        item("c", "1", "300000", tax_category="exempt"),
        item("d", "1", "120000", tax_category="excluded"),
        item("z", "0.0001", "0", tax_category="iva19"),  # a zero line changes nothing
    ]
    totals = compute_totals("COP", lines)
    by_cat = {t.category: (t.base, t.tax) for t in totals.taxes}
    assert by_cat == {
        "iva19": (D(1000000), D(190000)),
        "iva5": (D(500000), D(25000)),
        "exempt": (D(300000), D(0)),
        "excluded": (D(120000), D(0)),
    }
    assert [t.category for t in totals.taxes] == ["iva19", "iva5", "exempt", "excluded"]
    assert totals.grand_total == D(1920000) + D(215000)


def test_global_discount_on_top_of_line_discounts_is_allocated_exactly() -> None:
    lines = [
        item("a", "1", "100.01", discount_pct=D(10), tax_category="iva19"),
        item("b", "1", "100.01", tax_category="iva5"),
        item("c", "1", "100.01", tax_category="exempt"),
    ]
    totals = compute_totals("USD", lines, D("33.3333"))
    assert totals.subtotal == D("90.01") + D("100.01") + D("100.01")
    assert totals.global_discount == D("96.68")  # 290.03 x 33.3333 % = 96.6765
    assert sum(totals.shares.values()) == totals.global_discount
    bases = sum(t.base for t in totals.taxes)
    assert bases == totals.subtotal - totals.global_discount
    iva19 = next(t for t in totals.taxes if t.category == "iva19")
    assert iva19.tax == (iva19.base * D("0.19")).quantize(D("0.01"))
    assert totals.grand_total == totals.subtotal - totals.global_discount + totals.tax_total
    assert totals.discounts == D("10.00") + totals.global_discount


def test_allocation_gives_leftover_units_to_largest_remainders_first_line_on_ties() -> None:
    assert allocate(D(1), [D(1), D(1), D(1)], 0) == [D(1), D(0), D(0)]
    assert allocate(D(2), [D(1), D(1), D(1)], 0) == [D(1), D(1), D(0)]
    assert allocate(D("0.10"), [D(1), D(2)], 2) == [D("0.03"), D("0.07")]
    assert allocate(D(5), [D(0), D(0)], 0) == [D(0), D(0)]


def test_optional_lines_and_sections() -> None:
    lines = [
        LineInput(key="s1", kind="section", description="Licencias"),
        item("a", "2", "1000"),
        item("b", "1", "500", optional=True),
        LineInput(key="t", kind="text", description="Nota"),
        LineInput(key="s2", kind="section", description="Servicios"),
        item("c", "3", "100"),
    ]
    totals = compute_totals("COP", lines)
    assert totals.subtotal == D(2300)
    assert totals.optional_total == D(500)
    assert [(s.title, s.subtotal) for s in totals.sections] == [
        ("Licencias", D(2000)),
        ("Servicios", D(300)),
    ]
    assert totals.lines["b"].net == D(500) and not totals.lines["b"].counted


def test_large_quantities_stay_exact() -> None:
    lines = [item("a", "1000000", "99999.9999", tax_category="iva19")]
    totals = compute_totals("COP", lines)
    assert totals.subtotal == D(99999999900)
    assert totals.tax_total == D(18999999981)
    assert totals.grand_total == D(118999999881)


def test_calculator_recomputes_after_one_line_changes() -> None:
    lines = [item(str(i), str(i % 5 + 1), "1234.5", discount_pct=D(i % 3)) for i in range(500)]
    calc = QuoteCalculator("COP")
    before = calc.totals(lines, D(5))
    lines[42] = dataclasses.replace(lines[42], quantity=lines[42].quantity + 1)
    after = calc.totals(lines, D(5))
    assert after.subtotal - before.subtotal == D(4938) - D(3704)  # 4 x 1234.5 vs 3 x 1234.5
    assert after == compute_totals("COP", lines, D(5))


@pytest.mark.parametrize("currency", ["COP", "USD"])
def test_empty_quote_is_zero(currency: str) -> None:
    totals = compute_totals(currency, [])
    assert totals.grand_total == 0 and totals.taxes == () and totals.sections == ()


# -- the README's worked examples of rounding (issue 13, item 3) --------------------------------
def test_discounted_net_rounds_half_up_from_the_exact_value() -> None:
    # 5 x 5.75 at 18 % off: exact net 23.575 -> 23.58 (gross - round(5.175) gave 23.57)
    one = line_amounts(item("a", "5", "5.75", discount_pct=D(18)), 2)
    assert (one.gross, one.discount, one.net) == (D("28.75"), D("5.17"), D("23.58"))
    assert one.gross - one.discount == one.net


def test_tax_per_line_then_summed_is_the_default() -> None:
    # 3 lines of 2.550 COP at 19 %: 484.5 -> 485 each, 1.455 in all; per rate 1.453,5 -> 1.454
    lines = [item(str(i), "1", "2550") for i in range(3)]
    per_line = compute_totals("COP", lines)
    per_rate = compute_totals("COP", lines, tax_rounding="rate")
    assert per_line.taxes[0].tax == D(1455) and per_line.grand_total == D(9105)
    assert per_rate.taxes[0].tax == D(1454) and per_rate.grand_total == D(9104)
    for totals in (per_line, per_rate):
        assert totals.taxes[0].base == D(7650)
        assert totals.grand_total == totals.subtotal - totals.global_discount + totals.tax_total


def test_per_line_tax_uses_each_line_base_after_its_global_discount_share() -> None:
    lines = [
        item("a", "1", "10.05"),
        item("b", "1", "10.05"),
        item("c", "1", "0.15", tax_category="iva5"),
    ]
    totals = compute_totals("USD", lines, D(10))
    shares = totals.shares
    expected_19 = sum(
        ((totals.lines[k].net - shares[k]) * D("0.19")).quantize(D("0.01"), "ROUND_HALF_UP")
        for k in ("a", "b")
    )
    by_cat = {t.category: t for t in totals.taxes}
    assert by_cat["iva19"].tax == expected_19
    assert sum(t.base for t in totals.taxes) == totals.subtotal - totals.global_discount


def test_usd_per_line_and_per_rate_differ_by_a_cent() -> None:
    # 8 lines of 1.45 USD at 19 %: 0.2755 -> 0.28 each = 2.24; per rate 11.60 x 0.19 = 2.204 -> 2.20
    lines = [item(str(i), "1", "1.45") for i in range(8)]
    assert compute_totals("USD", lines).tax_total == D("2.24")
    assert compute_totals("USD", lines, tax_rounding="rate").tax_total == D("2.20")


# -- taxes as data (issue 13, items 1 and 2) ----------------------------------------------------
def test_argentine_rates_and_colombian_consumption_tax_each_get_their_group() -> None:
    lines = [
        item("a", "1", "1000", tax_category="ar_iva21"),
        item("b", "1", "1000", tax_category="ar_iva10_5"),
        item("c", "1", "1000", tax_category="ar_iva27"),
        item("d", "1", "1000", tax_category="ar_iva0"),
        item("e", "1", "1000", tax_category="inc8"),
    ]
    totals = compute_totals("ARS", lines)
    by_cat = {t.category: (t.rate, t.base, t.tax) for t in totals.taxes}
    assert by_cat == {
        "inc8": (D("0.08"), D(1000), D(80)),
        "ar_iva21": (D("0.21"), D(1000), D(210)),
        "ar_iva10_5": (D("0.105"), D(1000), D(105)),
        "ar_iva27": (D("0.27"), D(1000), D(270)),
        "ar_iva0": (D(0), D(1000), D(0)),
    }
    assert totals.grand_total == D(5000 + 80 + 210 + 105 + 270)


def test_a_frozen_rate_wins_and_an_unknown_tax_is_an_error_not_a_lost_base() -> None:
    old = item("a", "1", "1000", tax_rate=D("0.16"))  # IVA was 16 % when this line was made
    new = item("b", "1", "1000")
    totals = compute_totals("COP", [old, new])
    assert [(t.category, t.rate, t.tax) for t in totals.taxes] == [
        ("iva19", D("0.19"), D(190)),
        ("iva19", D("0.16"), D(160)),
    ]
    assert sum(t.base for t in totals.taxes) == totals.subtotal
    with pytest.raises(UnknownTax, match="vat_x"):
        compute_totals("COP", [item("c", "1", "1000", tax_category="vat_x")])
    frozen = compute_totals(
        "COP", [item("c", "1", "1000", tax_category="vat_x", tax_rate=D("0.1"))]
    )
    assert frozen.taxes[0].base == D(1000) and frozen.grand_total == D(1100)


@pytest.mark.parametrize(
    ("currency", "qty", "price", "code", "pct", "base", "tax"),
    [
        ("COP", "1", "9990", "iva19i", "0", "8395", "1595"),  # 9.990 / 1,19 = 8.394,96
        ("ARS", "7", "1000", "ar_iva21i", "0", "5785", "1215"),  # 7.000 / 1,21 = 5.785,12
        ("USD", "3", "99.99", "iva19i", "0", "252.08", "47.89"),  # a naive 19 % gives 47.90
        ("COP", "2", "50000", "iva19i", "10", "75630", "14370"),  # 90.000 / 1,19 = 75.630,25
    ],
)
def test_price_included_total_is_list_price_times_quantity(
    currency: str, qty: str, price: str, code: str, pct: str, base: str, tax: str
) -> None:
    line = item("a", qty, price, tax_category=code, discount_pct=D(pct))
    for rounding in ("line", "rate"):
        totals = compute_totals(currency, [line], tax_rounding=rounding)
        assert (totals.subtotal, totals.tax_total) == (D(base), D(tax))
        places = pricing_places(currency)
        expected = (D(qty) * D(price) * (100 - D(pct)) / 100).quantize(D(1).scaleb(-places))
        assert totals.grand_total == expected
        one = totals.lines["a"]
        assert one.gross - one.discount == one.net and one.with_tax == expected


def test_pricing_constants_match_the_enums() -> None:
    from crm_desktop.models.enums import QuoteLineKind, TaxCategory
    from crm_desktop.services.quotes import pricing
    from crm_desktop.services.quotes.taxes import BY_CODE

    assert (pricing.ITEM, pricing.SECTION) == (QuoteLineKind.ITEM, QuoteLineKind.SECTION)
    assert pricing.DEFAULT_TAX == TaxCategory.IVA_19
    assert set(BY_CODE) == {t.value for t in TaxCategory}
