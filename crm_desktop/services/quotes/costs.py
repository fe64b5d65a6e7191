"""What products cost us, and the margin of a line and a quote.

Managers set a product's cost per period (product_costs). A quote line freezes the cost valid
on the quote's date when it is made or its product changes, so a later cost never rewrites an
old quote's margin. A rep's laptop holds no costs (the server sends them to managers only), so
its lines freeze nothing; the reports then use the cost valid on the quote's date, which is
what freezing would have found.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_UP, Decimal
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from crm_desktop.i18n import N_
from crm_desktop.models import Product, ProductCost, Quote, QuoteLine, User
from crm_desktop.models.enums import QuoteLineKind, UserRole
from crm_desktop.services.core import crud
from crm_desktop.services.core.errors import FieldProblem, ValidationError

HUNDRED = Decimal(100)
COST_ROLES = frozenset({UserRole.MANAGER.value, UserRole.ADMIN.value})


def may_see_costs(session: Session, user_id: str | None) -> bool:
    """Costs are shown to managers and admins (and on a laptop with no signed-in rep), and to a
    rep whose laptop holds costs: the server sends them only to the reps allowed to see them."""
    if user_id is None:
        return True
    user = session.get(User, user_id)
    if user is not None and user.role in COST_ROLES:
        return True
    held = select(ProductCost.id).where(ProductCost.deleted_at.is_(None)).limit(1)
    return session.scalar(held) is not None


def find_cost(session: Session, product_id: str, on: date) -> ProductCost | None:
    """The product's live cost valid on a day (the latest-starting one if periods overlap)."""
    return session.scalar(
        select(ProductCost)
        .where(
            ProductCost.product_id == product_id,
            ProductCost.deleted_at.is_(None),
            or_(ProductCost.valid_from.is_(None), ProductCost.valid_from <= on),
            or_(ProductCost.valid_to.is_(None), ProductCost.valid_to >= on),
        )
        .order_by(ProductCost.valid_from.desc())
        .limit(1)
    )


def cost_in_quote_currency(cost: ProductCost, quote: Quote) -> Decimal | None:
    """The cost in the quote's currency: as is, or from pesos at the quote's rate; else None."""
    if cost.currency == quote.currency:
        return cost.unit_cost
    if cost.currency == "COP" and quote.exchange_rate:
        return (cost.unit_cost / quote.exchange_rate).quantize(Decimal("0.0001"))
    return None


def freeze_cost(
    session: Session, quote: Quote, data: dict[str, Any], stored: QuoteLine | None
) -> dict[str, Any]:
    """data with the line's unit_cost frozen when the line is new or its product changed."""
    product_id = data.get("product_id")
    if stored is not None and stored.product_id == product_id:
        return data  # the cost frozen when the product was chosen stays
    if not product_id or data.get("kind", "item") != QuoteLineKind.ITEM:
        return data | {"unit_cost": None}
    cost = find_cost(session, str(product_id), quote.issued_on)
    return data | {"unit_cost": cost_in_quote_currency(cost, quote) if cost else None}


def set_product_cost(
    session: Session,
    product_id: str,
    unit_cost: Decimal,
    valid_from: date | None,
    valid_to: date | None = None,
    currency: str = "COP",
) -> ProductCost:
    """A new cost period for a product; it may not overlap another live period of it."""
    for other in _periods(session, product_id):
        if _overlap((valid_from, valid_to), (other.valid_from, other.valid_to)):
            raise ValidationError(
                [
                    FieldProblem(
                        "valid_from",
                        "overlap",
                        N_("Another cost of this product covers part of this period."),
                    )
                ]
            )
    values = {
        "product_id": product_id,
        "unit_cost": unit_cost,
        "currency": currency,
        "valid_from": valid_from,
        "valid_to": valid_to,
    }
    return crud.create(session, ProductCost, values)


def apply_minimum_margin(session: Session, pct: Decimal, on: date) -> int:
    """Each product's minimum price from its cost on a day and the minimum margin (a % of the
    price): cost / (1 - pct/100), in pesos. Products with no cost then get none. Returns how
    many products changed. Reps receive the prices, never the costs or the percentage."""
    if not (Decimal(0) <= pct < HUNDRED):
        raise ValidationError(
            [FieldProblem("min_margin", "out_of_range", N_("Use a margin from 0 to 99 %."))]
        )
    changed = 0
    for product in session.scalars(select(Product).where(Product.deleted_at.is_(None))):
        cost = find_cost(session, product.id, on)
        floor = None
        if cost is not None and cost.currency == "COP":
            floor = (cost.unit_cost * HUNDRED / (HUNDRED - pct)).quantize(Decimal(1), ROUND_UP)
        if floor != product.min_price:
            crud.update(session, Product, product.id, {"min_price": floor})
            changed += 1
    return changed


def minimum_prices(session: Session, quote: Quote) -> dict[str, Decimal]:
    """Each product's minimum net unit price in the quote's currency (for everyone's builder)."""
    rows = session.execute(
        select(Product.id, Product.min_price).where(
            Product.deleted_at.is_(None), Product.min_price.is_not(None)
        )
    )
    rate = Decimal(1) if quote.currency == "COP" else quote.exchange_rate
    if not rate:
        return {}
    return {pid: (price / rate).quantize(Decimal("0.0001")) for pid, price in rows}


def quote_floors(session: Session, quote_id: str) -> dict[str, Decimal]:
    quote = session.get(Quote, quote_id)
    return {} if quote is None else minimum_prices(session, quote)


def _periods(session: Session, product_id: str) -> Iterable[ProductCost]:
    return session.scalars(
        select(ProductCost).where(
            ProductCost.product_id == product_id, ProductCost.deleted_at.is_(None)
        )
    )


def _overlap(a: tuple[date | None, date | None], b: tuple[date | None, date | None]) -> bool:
    a_start, a_end = a[0] or date.min, a[1] or date.max
    b_start, b_end = b[0] or date.min, b[1] or date.max
    return a_start <= b_end and b_start <= a_end


@dataclass(frozen=True)
class LineCosts:
    """What the builder needs for margins: each saved line's frozen cost and, for a product
    picked now, its cost in the quote's currency on the quote's date."""

    frozen: dict[str, tuple[str | None, Decimal | None]]  # line id -> (its product, its cost)
    catalog: dict[str, Decimal]  # product id -> cost

    def unit_cost(self, line_id: str | None, product_id: str | None) -> Decimal | None:
        kept = self.frozen.get(line_id or "")
        if kept is not None and kept[0] == product_id and kept[1] is not None:
            return kept[1]
        return self.catalog.get(product_id) if product_id else None


def builder_costs(session: Session, quote_id: str, user_id: str | None) -> LineCosts | None:
    """The costs for the quote builder, or None for someone who may not see costs."""
    quote = session.get(Quote, quote_id)
    if quote is None or not may_see_costs(session, user_id):
        return None
    lines = session.execute(
        select(QuoteLine.id, QuoteLine.product_id, QuoteLine.unit_cost).where(
            QuoteLine.quote_id == quote_id, QuoteLine.deleted_at.is_(None)
        )
    )
    frozen = {line_id: (product, cost) for line_id, product, cost in lines}
    on = quote.issued_on
    valid = session.scalars(
        select(ProductCost)
        .where(
            ProductCost.deleted_at.is_(None),
            or_(ProductCost.valid_from.is_(None), ProductCost.valid_from <= on),
            or_(ProductCost.valid_to.is_(None), ProductCost.valid_to >= on),
        )
        .order_by(ProductCost.valid_from.asc().nulls_first())  # the latest start wins
    )
    catalog: dict[str, Decimal] = {}
    for cost in valid:
        converted = cost_in_quote_currency(cost, quote)
        if converted is not None:
            catalog[cost.product_id] = converted
    return LineCosts(frozen, catalog)


@dataclass(frozen=True)
class Margin:
    """Revenue, cost and margin of a line or a quote; pct None when nothing has a revenue."""

    revenue: Decimal
    cost: Decimal
    without_cost: int = 0  # items whose cost is unknown (their revenue is left out)

    @property
    def margin(self) -> Decimal:
        return self.revenue - self.cost

    @property
    def pct(self) -> Decimal | None:
        if not self.revenue:
            return None
        return (self.margin * HUNDRED / self.revenue).quantize(Decimal("0.1"))


def line_margin(net: Decimal, quantity: Decimal, unit_cost: Decimal | None) -> Margin | None:
    """A line's margin from its net (after discount, before tax), or None without a cost."""
    if unit_cost is None:
        return None
    return Margin(net, (quantity * unit_cost).quantize(Decimal("0.01")))


def quote_margin(parts: Iterable[tuple[Decimal, Decimal, Decimal | None]]) -> Margin:
    """A quote's margin over its counted items: (net, quantity, unit_cost) each."""
    revenue = cost = Decimal(0)
    missing = 0
    for net, quantity, unit_cost in parts:
        line = line_margin(net, quantity, unit_cost)
        if line is None:
            missing += 1
            continue
        revenue, cost = revenue + line.revenue, cost + line.cost
    return Margin(revenue, cost, missing)
