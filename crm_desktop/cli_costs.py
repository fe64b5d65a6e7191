"""The cost subcommands of `crm-desktop`, for managers: product-cost and min-margin.

Costs travel to managers' laptops only; a rep who runs these makes changes the server refuses
(they are set aside with the reason, as any refused change).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any


def add_cost_commands(sub: Any) -> None:
    cost = sub.add_parser("product-cost", help="set what a product costs over a period")
    cost.add_argument("code", help="the product's code, e.g. LIC-ERP-STD")
    cost.add_argument("cost", type=_amount, help="the unit cost, e.g. 650000 or 12.50")
    cost.add_argument("--from", dest="valid_from", type=_day, help="first day (YYYY-MM-DD)")
    cost.add_argument("--to", dest="valid_to", type=_day, help="last day (YYYY-MM-DD)")
    cost.add_argument("--currency", default="COP", help="the cost's currency (default COP)")
    margin = sub.add_parser(
        "min-margin", help="the minimum margin (%% of the price) reps are warned below"
    )
    margin.add_argument("pct", type=_amount, help="e.g. 25 for 25 %%")


def run_cost_command(db: Path, args: argparse.Namespace) -> int | None:
    """The exit status of a cost subcommand; None if args.command is not one."""
    if args.command not in ("product-cost", "min-margin"):
        return None
    from sqlalchemy import select

    from crm_desktop.clock import clock_of, today
    from crm_desktop.database import open_database
    from crm_desktop.models import Product
    from crm_desktop.services.core.crud import unit_of_work
    from crm_desktop.services.core.errors import ValidationError
    from crm_desktop.services.quotes import costs

    if not db.exists():
        return _fail(args.command, f"no database at {db}")
    database = open_database(db)
    try:
        with unit_of_work(database.sessions) as session:
            if args.command == "min-margin":
                changed = costs.apply_minimum_margin(session, args.pct, today(clock_of(session)))
                print(f"Minimum prices changed on {changed} product(s)")
                return 0
            product = session.scalar(select(Product).where(Product.code == args.code))
            if product is None or product.deleted_at is not None:
                return _fail(args.command, f"no product with the code {args.code}")
            costs.set_product_cost(session, product.id, args.cost, args.valid_from,
                                   args.valid_to, args.currency)  # fmt: skip
            print(f"{args.code}: cost {args.cost} {args.currency.upper()} saved")
            return 0
    except ValidationError as exc:
        return _fail(args.command, str(exc))
    finally:
        database.engine.dispose()


def _fail(command: str, message: str) -> int:
    print(f"crm-desktop {command}: {message}", file=sys.stderr)
    return 2


def _amount(text: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"“{text}” is not a number") from None
    if not value.is_finite():
        raise argparse.ArgumentTypeError(f"“{text}” is not a number")
    return value


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a date (YYYY-MM-DD)") from None
