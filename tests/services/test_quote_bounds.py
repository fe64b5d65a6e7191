"""Quotes past the documented maxima are refused in words; random quotes always add up."""

from __future__ import annotations

import math
from decimal import Decimal as D
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from crm_desktop.services.core.errors import ValidationError
from crm_desktop.services.core.rules import MAX_AMOUNT, MAX_QUANTITY, MAX_UNIT_PRICE
from crm_desktop.services.quotes.pricing import TAX_RATES, Totals
from crm_desktop.services.quotes.quote_data import load_quote
from crm_desktop.services.quotes.quotes import add_line, create_quote
from crm_desktop.services.quotes.taxes import BY_CODE
from tests.factories import make_account


def _line(qty: str, price: str, **extra: object) -> dict[str, object]:
    return {"description": "Ítem", "quantity": D(qty), "unit_price": D(price), **extra}


@pytest.fixture
def quote_id(session: Session) -> str:
    account = make_account(session)
    return create_quote(session, account.id, currency="COP").id


def _refused(session: Session, quote_id: str, values: dict[str, object]) -> ValidationError:
    with pytest.raises(ValidationError) as error, session.begin_nested():
        add_line(session, quote_id, values)
    return error.value


def test_huge_line_is_refused_naming_the_field_and_the_maximum(
    session: Session, quote_id: str
) -> None:
    # 10^9 × 1.250.000 COP used to raise OverflowError from SQLite
    error = _refused(session, quote_id, _line("1000000000", "1250000"))
    assert error.codes() == {"quantity": "too_large"}
    assert "100000000000000" in str(error) and "Quantity × unit price" in str(error)
    assert _refused(session, quote_id, _line("1", "1e15")).codes() == {"unit_price": "too_large"}
    too_many = _refused(session, quote_id, _line(str(MAX_QUANTITY + 1), "0"))
    assert too_many.codes() == {"quantity": "too_large"}


@pytest.mark.parametrize("raw", ["NaN", "Infinity", "-Infinity", "sNaN"])
def test_nan_and_infinity_say_so(session: Session, quote_id: str, raw: str) -> None:
    error = _refused(session, quote_id, _line("1", "1") | {"unit_price": D(raw)})
    assert error.codes() == {"unit_price": "invalid_number"}
    assert "infinity or NaN" in str(error) and "decimal places" not in str(error)


def test_lines_under_the_maximum_whose_total_passes_it_are_refused(
    session: Session, quote_id: str
) -> None:
    exempt = {"tax_category": "exempt"}
    add_line(session, quote_id, _line("1000", str(MAX_UNIT_PRICE), **exempt))  # 10^14, the max
    assert _refused(session, quote_id, _line("1", "1", **exempt)).codes() == {"total": "too_large"}


def test_a_line_at_the_maximum_with_iva_passes_the_total_maximum(
    session: Session, quote_id: str
) -> None:
    error = _refused(session, quote_id, _line("1000", str(MAX_UNIT_PRICE), tax_category="iva19"))
    assert error.codes() == {"total": "too_large"}


# -- the property: random quotes through the services ------------------------------------------
def _round(value: Fraction, places: int) -> Fraction:
    """Half-up to places, for non-negative values, in exact fractions (no Decimal at all)."""
    scale = 10**places
    return Fraction(math.floor(value * scale + Fraction(1, 2)), scale)


def _expected_grand_total(lines: list[dict[str, object]], pct: D, per_line: bool) -> Fraction:
    """The grand total by the README's rules, recomputed independently of pricing.py."""
    nets: list[tuple[Fraction, Fraction | None, str]] = []  # net, net with tax (included), tax
    for line in lines:
        exact = Fraction(line["quantity"]) * Fraction(line["unit_price"])  # type: ignore[arg-type]
        gross = _round(exact, 0)
        if line.get("discount_pct"):
            net = _round(exact * (1 - Fraction(line["discount_pct"]) / 100), 0)  # type: ignore[arg-type]
        else:
            net = gross - _round(min(Fraction(line.get("discount_amount", 0)), gross), 0)  # type: ignore[arg-type]
        tax = BY_CODE[str(line["tax_category"])]
        with_tax = None
        if tax.price_included:
            net, with_tax = _round(net / (1 + Fraction(tax.rate)), 0), net
        if not line.get("optional"):
            nets.append((net, with_tax, tax.code))
    subtotal = sum((n for n, _, _ in nets), Fraction(0))
    discount = _round(subtotal * Fraction(pct) / 100, 0)
    shares = [discount * n / subtotal if subtotal else Fraction(0) for n, _, _ in nets]
    floors = [math.floor(s) for s in shares]
    order = sorted(range(len(nets)), key=lambda i: (-(shares[i] - floors[i]), i))
    for i in order[: int(discount) - sum(floors)]:
        floors[i] += 1
    once: dict[str, Fraction] = {}
    total_tax = Fraction(0)
    for (net, with_tax, code), share in zip(nets, floors, strict=True):
        rate = Fraction(BY_CODE[code].rate)
        if with_tax is not None and share == 0:
            total_tax += with_tax - net
        elif per_line or with_tax is not None:
            total_tax += _round((net - share) * rate, 0)
        else:
            once[code] = once.get(code, Fraction(0)) + net - share
    total_tax += sum((_round(b * Fraction(BY_CODE[c].rate), 0) for c, b in once.items()), 0)
    return subtotal - discount + total_tax


def _assert_adds_up(t: Totals) -> None:
    counted = [a for a in t.lines.values() if a.counted]
    for a in t.lines.values():
        assert a.gross - a.discount == a.net and a.net >= 0
    assert sum(a.net for a in counted) == t.subtotal == t.gross - t.line_discounts
    assert sum(t.shares.values()) == t.global_discount
    assert sum(g.base for g in t.taxes) == t.subtotal - t.global_discount
    assert sum(g.tax for g in t.taxes) == t.tax_total
    assert t.subtotal - t.global_discount + t.tax_total == t.grand_total
    assert sum(s.subtotal for s in t.sections) == t.subtotal


def _decimals(low: str, high: str, places: int) -> st.SearchStrategy[D]:
    return st.decimals(D(low), D(high), places=places, allow_nan=False, allow_infinity=False)


LINE = st.fixed_dictionaries(
    {
        "description": st.just("Ítem"),
        "quantity": _decimals("0.0001", "2000", 4) | _decimals("1", str(MAX_QUANTITY), 0),
        "unit_price": _decimals("0", "5000", 4) | _decimals("0", "1e12", 0),
        "tax_category": st.sampled_from(sorted(TAX_RATES)),
    },
    optional={
        "discount_pct": _decimals("0", "100", 4),
        "discount_amount": _decimals("0", "1000", 2),
        "optional": st.booleans(),
    },
).map(lambda d: {k: v for k, v in d.items() if k != "discount_amount" or "discount_pct" not in d})
WEIRD = st.sampled_from([D("NaN"), D("Infinity"), D("-1"), D("1e30"), D("0.00001")])


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # no shrinking: bounded CI time
)
@given(
    lines=st.lists(LINE, min_size=1, max_size=6),
    weird=st.none() | WEIRD,
    pct=_decimals("0", "100", 2),
    per_line=st.booleans(),
)
def test_random_quotes_add_up_and_match_an_exact_computation(
    session: Session,
    quote_id: str,
    lines: list[dict[str, object]],
    weird: D | None,
    pct: D,
    per_line: bool,
) -> None:
    if weird is not None:
        lines = [*lines[:-1], lines[-1] | {"unit_price": weird}]
    session.info["tax_rounding"] = "line" if per_line else "rate"
    savepoint = session.begin_nested()
    try:
        accepted = []
        for values in lines:
            try:
                with session.begin_nested():
                    add_line(session, quote_id, values)
                accepted.append(values)
            except ValidationError:
                pass  # refused in words: the only way a service may say no
        data = load_quote(session, quote_id)
        if pct:
            try:
                with session.begin_nested():
                    from crm_desktop.services.quotes.quotes import update_quote

                    update_quote(session, quote_id, {"global_discount_pct": pct})
            except ValidationError:
                pct = D(0)
        data = load_quote(session, quote_id)
        totals = data.totals()
        _assert_adds_up(totals)
        assert totals.grand_total == _expected_grand_total(accepted, pct, per_line)
        assert data.total == totals.grand_total <= MAX_AMOUNT
    finally:
        savepoint.rollback()
        session.info["tax_rounding"] = "line"
