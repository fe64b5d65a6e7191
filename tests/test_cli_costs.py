"""`crm-desktop product-cost` and `crm-desktop min-margin` as a manager scripts them."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from sqlalchemy import select

from crm_desktop.__main__ import main
from crm_desktop.database import Database
from crm_desktop.models import OutboxOp, Product, ProductCost
from crm_desktop.services.core.crud import unit_of_work
from tests.services.quote_fixtures import make_catalog


def test_a_manager_sets_costs_and_the_minimum_margin(
    database: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    with unit_of_work(database.sessions) as s:
        make_catalog(s)
    db = ["--db", str(database.path)]
    assert main(["product-cost", "LIC-ERP", "700000", "--from", "2020-01-01", *db]) == 0
    assert "LIC-ERP: cost 700000 COP saved" in capsys.readouterr().out
    assert main(["product-cost", "LIC-ERP", "650000", "--from", "2021-01-01", *db]) == 2
    assert "covers part of this period" in capsys.readouterr().err  # nothing half-saved
    assert main(["product-cost", "NOPE", "1", *db]) == 2
    assert "no product with the code NOPE" in capsys.readouterr().err
    assert main(["min-margin", "30", *db]) == 0
    assert "1 product(s)" in capsys.readouterr().out
    with database.sessions() as s:
        [cost] = s.scalars(select(ProductCost))
        assert cost.unit_cost == D(700000)
        price = s.scalar(select(Product.min_price).where(Product.code == "LIC-ERP"))
        assert price == D(1000000)
        tables = {op.table_name for op in s.scalars(select(OutboxOp))}
    assert {"product_costs", "products"} <= tables  # both travel at the next sync


def test_bad_numbers_and_dates_are_refused_by_the_parser(
    database: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main(["product-cost", "LIC-ERP", "mucho", "--db", str(database.path)])
    assert "is not a number" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["product-cost", "LIC-ERP", "1", "--from", "31/12/2026"])
    assert "is not a date" in capsys.readouterr().err
