"""What the costs tab reads and does: every product's cost periods, a new period, and ending
one (so a new cost can start the next day). Only managers and admins change costs; a rep's
laptop holds costs only when the server lets that rep see them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.i18n import N_
from crm_desktop.models import Product, ProductCost
from crm_desktop.services.core import crud
from crm_desktop.services.core.errors import FieldProblem, ValidationError
from crm_desktop.services.quotes.costs import may_see_costs

MAX_SHOWN = 5000


@dataclass(frozen=True)
class CostRow:
    id: str
    product_id: str
    product: str  # "CODE — name"
    unit_cost: Decimal
    currency: str
    valid_from: date | None
    valid_to: date | None


@dataclass(frozen=True)
class CostsView:
    visible: bool  # whether this user may see costs at all
    rows: tuple[CostRow, ...]
    products: tuple[tuple[str, str], ...]  # (id, "CODE — name") to choose from


def costs_view(session: Session, user_id: str | None) -> CostsView:
    if not may_see_costs(session, user_id):
        return CostsView(False, (), ())
    query = (
        select(
            ProductCost.id,
            Product.id,
            Product.code,
            Product.name,
            ProductCost.unit_cost,
            ProductCost.currency,
            ProductCost.valid_from,
            ProductCost.valid_to,
        )
        .join(Product, Product.id == ProductCost.product_id)
        .where(ProductCost.deleted_at.is_(None))
        .order_by(Product.code, ProductCost.valid_from)
        .limit(MAX_SHOWN)
    )
    rows = tuple(
        CostRow(i, p, f"{code} — {name}", Decimal(cost), cur, since, until)
        for i, p, code, name, cost, cur, since, until in session.execute(query)
    )
    products = session.execute(
        select(Product.id, Product.code, Product.name)
        .where(Product.deleted_at.is_(None))
        .order_by(Product.code)
    )
    return CostsView(True, rows, tuple((i, f"{c} — {n}") for i, c, n in products))


def end_cost(session: Session, cost_id: str, last_day: date) -> ProductCost:
    """The cost period ends on last_day (a new cost may then start the day after)."""
    cost = crud.get_live(session, ProductCost, cost_id)
    if cost.valid_from is not None and last_day < cost.valid_from:
        words = N_("A cost cannot end before it starts.")
        raise ValidationError([FieldProblem("valid_to", "before_start", words)])
    return crud.update(session, ProductCost, cost_id, {"valid_to": last_day})
