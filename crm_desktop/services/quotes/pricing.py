"""Quote arithmetic in exact Decimal: line nets, discounts, taxes per rate and grand total.

No database here: the builder recomputes as the rep types, the services store the result and
the PDF prints it, all from this one module.

The rules (the PDF's figures must add up exactly, on paper, for a client with a calculator):

* Rounding unit. Every amount is rounded half-up to the quote currency's *pricing places*: the
  ISO 4217 minor unit (services.rules.CURRENCIES), except currencies whose documents show no
  cents, where it is the whole unit: COP, ARS and CLP are priced and shown in whole pesos
  (services/core/currencies.py). Rounding to centavos but printing whole pesos would print
  lines that do not add up to the printed total, the very complaint about other CRMs' PDFs.
  Unit prices keep their own decimals (up to 4).
* A line: gross = round(quantity × unit price). With a percentage d, net = round(quantity ×
  unit price × (1 − d / 100)), rounded half-up from the exact value as invoicing systems do
  (5 × 5.75 at 18 % off: 23.575 → 23.58), and the discount column is derived: gross − net.
  With a discount amount instead, discount = round(min(amount, gross)) and net = gross −
  discount. Either way the gross, discount and net columns reconcile on every line.
* Optional lines are priced and shown but count in no total. Section and text lines carry no
  amounts; a section's subtotal is the sum of its counted lines' nets.
* Subtotal = sum of the counted lines' nets (after line discounts).
* Global discount D = round(subtotal × global pct / 100), on top of the line discounts. D is
  allocated to the lines in proportion to their nets by the largest-remainder method in whole
  rounding units (ties go to the earlier line), so the allocations sum to D exactly and every
  line's base (net − its share) is itself a rounded amount.
* Taxes: the base of a tax category is the sum of its lines' bases (net − share). The tax is
  rounded the company's way (setting quotes.tax_rounding): "line" (the default, as invoicing
  systems commonly do) rounds each line's tax, round(line base × rate), and sums them per rate;
  "rate" rounds once per rate, round(base × rate). 3 lines of 2.550 COP at 19 %: 485 × 3 =
  1.455 per line, round(7.650 × 0.19) = 1.454 per rate. Exempt lines have rate 0 and are
  listed; excluded lines are outside IVA and listed apart from exempt ones.
* Several taxes on one line (IVA + INC, IVA + a percepción): each is computed on the line's same
  base, rounded on its own (per line, or once per rate) and listed in its own group.
* Grand total = subtotal − D + the sum of the taxes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext

from crm_desktop.services.core.currencies import WHOLE_UNIT_CURRENCIES as WHOLE_UNIT_CURRENCIES
from crm_desktop.services.core.currencies import pricing_places as pricing_places
from crm_desktop.services.quotes.taxes import BY_CODE, SEEDED, ExtraTaxes, UnknownTax

# Line kinds and the default tax as plain strings (models.enums.QuoteLineKind, TaxCategory):
# importing the models package would load SQLAlchemy, which the PDF command does not need.
ITEM, SECTION, DEFAULT_TAX = "item", "section", "iva19"
ZERO = Decimal(0)
EXACT = Context(prec=60)  # every product of bounded inputs (rules.MAX_*) fits exactly
HUNDRED = Decimal(100)
TAX_RATES: dict[str, Decimal] = {tax.code: tax.rate for tax in SEEDED}
TAX_ORDER = tuple(TAX_RATES)  # how tax groups are listed; unseeded codes follow, as they come
PER_LINE, PER_RATE = "line", "rate"  # how tax is rounded (setting quotes.tax_rounding)
TAX_ROUNDINGS = (PER_LINE, PER_RATE)


def quantum(places: int) -> Decimal:
    return Decimal(1).scaleb(-places)


def round_money(value: Decimal, places: int) -> Decimal:
    return value.quantize(quantum(places), rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class LineInput:
    """What the arithmetic needs of one quote line; hashable, so results can be cached."""

    key: str
    kind: str = ITEM
    quantity: Decimal = Decimal(1)
    unit_price: Decimal = ZERO
    discount_pct: Decimal = ZERO
    discount_amount: Decimal = ZERO
    tax_category: str = DEFAULT_TAX
    optional: bool = False
    description: str = ""
    tax_rate: Decimal | None = None  # frozen on the line; None: the seeded tax's rate
    price_included: bool | None = None  # None: as the seeded tax says
    extra_taxes: ExtraTaxes = ()  # further taxes on the same base, each with its rate

    def taxes(self) -> tuple[tuple[str, Decimal], ...]:
        """Every tax of the line with its rate: the main one first."""
        extra = tuple((code, _rate_of(code, rate)) for code, rate in self.extra_taxes)
        return ((self.tax_category, self.rate()), *extra)

    def rate(self) -> Decimal:
        """The line's tax rate; a tax neither frozen nor seeded is an error, never a 0."""
        if self.tax_rate is not None:
            return self.tax_rate
        tax = BY_CODE.get(self.tax_category)
        if tax is None:
            raise UnknownTax(self.tax_category)
        return tax.rate

    def included(self) -> bool:
        if self.price_included is not None:
            return self.price_included
        tax = BY_CODE.get(self.tax_category)
        return tax is not None and tax.price_included


def _rate_of(code: str, frozen: Decimal | None) -> Decimal:
    if frozen is not None:
        return frozen
    tax = BY_CODE.get(code)
    if tax is None:
        raise UnknownTax(code)
    return tax.rate


@dataclass(frozen=True, slots=True)
class LineAmounts:
    key: str
    gross: Decimal
    discount: Decimal
    net: Decimal
    counted: bool  # an item that is not optional: it counts in the totals
    with_tax: Decimal | None = None  # a price-included line's net, tax included
    gross_with_tax: Decimal | None = None  # and its gross (quantity × list price), tax included

    @property
    def shown(self) -> Decimal:
        """The line's amount as the client reads it: with the tax in it when the price holds it
        (an "IVA incluido" quote), else its net."""
        return self.with_tax if self.with_tax is not None else self.net

    @property
    def shown_discount(self) -> Decimal:
        if self.with_tax is not None and self.gross_with_tax is not None:
            return self.gross_with_tax - self.with_tax
        return self.discount


@dataclass(frozen=True, slots=True)
class TaxGroup:
    category: str
    rate: Decimal
    base: Decimal
    tax: Decimal


@dataclass(frozen=True, slots=True)
class SectionTotal:
    key: str | None  # the section line's key; None for lines before any section
    title: str
    subtotal: Decimal


@dataclass(frozen=True)
class Totals:
    currency: str
    places: int
    lines: dict[str, LineAmounts]  # item lines by key
    gross: Decimal
    line_discounts: Decimal
    subtotal: Decimal
    global_discount_pct: Decimal
    global_discount: Decimal
    shares: dict[str, Decimal]  # each counted line's share of the global discount
    taxes: tuple[TaxGroup, ...]
    tax_total: Decimal
    grand_total: Decimal
    optional_total: Decimal
    sections: tuple[SectionTotal, ...]

    @property
    def discounts(self) -> Decimal:
        return self.line_discounts + self.global_discount


def line_amounts(line: LineInput, places: int) -> LineAmounts:
    """Gross, discount and net of one line, each rounded (see the module's rules)."""
    if line.kind != ITEM:
        return LineAmounts(line.key, ZERO, ZERO, ZERO, counted=False)
    with localcontext(EXACT):  # 28 digits would round 10^9 × 10^11 with 8 decimals
        exact = line.quantity * line.unit_price
        gross = round_money(exact, places)
        if line.discount_pct:
            net = round_money(exact * (HUNDRED - line.discount_pct) / HUNDRED, places)
            net = min(max(net, ZERO), gross)
        else:
            net = gross - round_money(min(line.discount_amount, gross), places)
        if line.included():
            return _without_tax(line, gross, net, places)
    return LineAmounts(line.key, gross, gross - net, net, counted=not line.optional)


def _without_tax(line: LineInput, gross: Decimal, net: Decimal, places: int) -> LineAmounts:
    """A price-included line in tax-excluded columns: base = round(with tax / (1 + rate)), the
    tax is what is left, so the line's total with tax is exactly quantity × list price."""
    divisor = 1 + line.rate()
    base_gross = round_money(gross / divisor, places)
    base = round_money(net / divisor, places)
    return LineAmounts(
        line.key, base_gross, base_gross - base, base, counted=not line.optional, with_tax=net,
        gross_with_tax=gross,
    )  # fmt: skip


def allocate(total: Decimal, weights: Sequence[Decimal], places: int) -> list[Decimal]:
    """total split in proportion to weights, in whole rounding units, summing to total exactly.

    Largest remainder: everyone gets the floor of their exact share; the units left over go to
    the largest remainders, the earlier weight first on a tie.
    """
    scale = Decimal(10) ** places
    units, parts = int(total * scale), [int(w * scale) for w in weights]
    whole = sum(parts)
    if whole <= 0 or units == 0:
        return [ZERO for _ in weights]
    floors, remainders = [], []
    for index, part in enumerate(parts):
        share, rest = divmod(units * part, whole)
        floors.append(share)
        remainders.append((-rest, index))
    left = units - sum(floors)
    for _rest, index in sorted(remainders)[:left]:
        floors[index] += 1
    return [Decimal(f).scaleb(-places) for f in floors]


class QuoteCalculator:
    """Totals of a quote, keeping each line's amounts so one changed line costs one line."""

    def __init__(
        self, currency: str, tax_rounding: str = PER_LINE, sent_at: datetime | None = None
    ) -> None:
        self.currency = currency
        self.tax_rounding = tax_rounding
        self.places = pricing_places(currency, sent_at)  # a sent quote: as it was sent
        self._cache: dict[LineInput, LineAmounts] = {}

    def line(self, line: LineInput) -> LineAmounts:
        found = self._cache.get(line)
        if found is None:
            found = self._cache[line] = line_amounts(line, self.places)
        return found

    def totals(self, lines: Sequence[LineInput], global_discount_pct: Decimal = ZERO) -> Totals:
        amounts = [self.line(line) for line in lines]
        if len(self._cache) > 4 * len(lines) + 64:  # forget edits that no longer exist
            self._cache = {line: a for line, a in zip(lines, amounts, strict=True)}
        return _sum_up(
            self.currency, self.places, lines, amounts, global_discount_pct, self.tax_rounding
        )


def compute_totals(
    currency: str,
    lines: Iterable[LineInput],
    global_discount_pct: Decimal = ZERO,
    tax_rounding: str = PER_LINE,
    sent_at: datetime | None = None,
) -> Totals:
    """Totals of a quote from scratch (the PDF, the services); a sent quote's as it was sent."""
    calculator = QuoteCalculator(currency, tax_rounding, sent_at)
    return calculator.totals(list(lines), global_discount_pct)


def _sum_up(
    currency: str,
    places: int,
    lines: Sequence[LineInput],
    amounts: Sequence[LineAmounts],
    global_pct: Decimal,
    tax_rounding: str = PER_LINE,
) -> Totals:
    counted = [a for a in amounts if a.counted]
    subtotal = sum((a.net for a in counted), ZERO)
    global_discount = round_money(subtotal * global_pct / HUNDRED, places)
    shares = dict(
        zip(
            (a.key for a in counted),
            allocate(global_discount, [a.net for a in counted], places),
            strict=True,
        )
    )
    taxes = _taxes(lines, amounts, shares, places, tax_rounding == PER_LINE)
    tax_total = sum((t.tax for t in taxes), ZERO)
    return Totals(
        currency=currency,
        places=places,
        lines={a.key: a for a, line in zip(amounts, lines, strict=True) if line.kind == "item"},
        gross=sum((a.gross for a in counted), ZERO),
        line_discounts=sum((a.discount for a in counted), ZERO),
        subtotal=subtotal,
        global_discount_pct=global_pct,
        global_discount=global_discount,
        shares=shares,
        taxes=taxes,
        tax_total=tax_total,
        grand_total=subtotal - global_discount + tax_total,
        optional_total=sum((a.net for a in amounts if a.gross and not a.counted), ZERO),
        sections=_sections(lines, amounts),
    )


def _taxes(
    lines: Sequence[LineInput],
    amounts: Sequence[LineAmounts],
    shares: dict[str, Decimal],
    places: int,
    per_line: bool,
) -> tuple[TaxGroup, ...]:
    """Base and tax per (tax, frozen rate); every counted line's base lands in a group."""
    bases: dict[tuple[str, Decimal], Decimal] = {}
    summed: dict[tuple[str, Decimal], Decimal] = {}  # taxes rounded per line
    rounded_once: dict[tuple[str, Decimal], Decimal] = {}  # bases whose tax rounds per rate
    for line, amount in zip(lines, amounts, strict=True):
        if not amount.counted:
            continue
        base = amount.net - shares[amount.key]
        for index, group in enumerate(line.taxes()):  # each tax on the same base, each rounded
            bases[group] = bases.get(group, ZERO) + base
            if index == 0 and amount.with_tax is not None and base == amount.net:
                tax = amount.with_tax - amount.net  # the price already holds it
            elif per_line or amount.with_tax is not None:
                tax = round_money(base * group[1], places)
            else:
                rounded_once[group] = rounded_once.get(group, ZERO) + base
                tax = ZERO
            summed[group] = summed.get(group, ZERO) + tax
    order = {code: index for index, code in enumerate(TAX_ORDER)}
    return tuple(
        TaxGroup(
            code,
            rate,
            bases[(code, rate)],
            summed[(code, rate)] + round_money(rounded_once.get((code, rate), ZERO) * rate, places),
        )
        for code, rate in sorted(bases, key=lambda g: (order.get(g[0], len(order)), -g[1]))
    )


def _sections(
    lines: Sequence[LineInput], amounts: Sequence[LineAmounts]
) -> tuple[SectionTotal, ...]:
    found: list[SectionTotal] = []
    key: str | None = None
    title, subtotal, seen_any = "", ZERO, False
    for line, amount in zip(lines, amounts, strict=True):
        if line.kind == SECTION:
            if key is not None or seen_any:
                found.append(SectionTotal(key, title, subtotal))
            key, title, subtotal, seen_any = line.key, line.description, ZERO, True
        elif amount.counted:
            subtotal += amount.net
            seen_any = True
    if key is not None or seen_any:
        found.append(SectionTotal(key, title, subtotal))
    return tuple(found)
