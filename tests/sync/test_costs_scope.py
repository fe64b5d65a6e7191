"""Costs reach managers only: a rep's laptop never receives a product's cost or a line's cost,
and may not set either; a rep's new product on a line drops the cost frozen for the old one."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from pathlib import Path

from sqlalchemy import select

from crm_desktop.models import Product, ProductCost, QuoteLine
from crm_desktop.services.core import crud
from crm_desktop.services.quotes.costs import may_see_costs, set_product_cost
from crm_desktop.services.quotes.quotes import add_line, create_quote, update_line
from crm_desktop.sync import resolve
from crm_server import admin
from tests.sync.harness import Laptop, ServerDb, ServerProcess, add_user, make_laptop
from tests.sync.serverdb import server_row


def _product(laptop: Laptop, code: str, cost: str) -> str:
    with laptop.tx() as s:
        p = crud.create(s, Product, {"code": code, "name": code, "unit": "unidad"})
        set_product_cost(s, p.id, D(cost), None, None)
        return p.id


def _costs(laptop: Laptop) -> list[ProductCost]:
    with laptop.db.sessions() as s:
        return list(s.scalars(select(ProductCost)))


def test_costs_reach_managers_only_and_reps_cannot_set_them(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> None:
    ana = add_user(server_db, "ana")
    add_user(server_db, "mara", role="manager")
    boss = make_laptop("m", tmp_path, template_db, server, "mara")
    lic, svc = _product(boss, "LIC", "600"), _product(boss, "SVC", "80")
    boss.sync()
    rep = make_laptop("a", tmp_path, template_db, server, "ana")
    assert rep.get(Product, lic) is not None and _costs(rep) == []  # catalog yes, costs no
    account = rep.new_account(ana)
    with rep.tx() as s:
        quote = create_quote(s, account, owner_id=ana, currency="COP")
        line = add_line(s, quote.id, {"product_id": lic, "quantity": D(2), "unit_price": D(1000)})
        line_id = line.id
    assert rep.get(QuoteLine, line_id).unit_cost is None  # nothing to freeze on a rep's laptop
    rep.sync()
    boss.sync()
    boss.update(QuoteLine, line_id, unit_cost=D("600"))  # the manager fills the cost in
    boss.sync()
    assert D(str(server_row(server_db, "quote_lines", line_id)["unit_cost"])) == D("600")  # type: ignore[index]
    rep.update(QuoteLine, line_id, quantity=D(3))
    rep.sync()  # its answer and the next pull carry the line without its cost
    assert rep.get(QuoteLine, line_id).quantity == D(3)
    assert rep.get(QuoteLine, line_id).unit_cost is None
    assert D(str(server_row(server_db, "quote_lines", line_id)["unit_cost"])) == D("600")  # type: ignore[index]
    with rep.db.sessions() as s, s.begin():
        update_line(s, line_id, {"product_id": svc})
    rep.sync()
    assert server_row(server_db, "quote_lines", line_id)["unit_cost"] is None  # type: ignore[index]
    with rep.tx() as s:  # a rep's laptop tampered with: both refused, with words
        crud.create(s, ProductCost, {"product_id": lic, "unit_cost": D(1), "currency": "COP"})
    rep.update(QuoteLine, line_id, unit_cost=D("1"))
    report = rep.sync()
    assert report.refused == 2
    with rep.db.sessions() as s:
        reasons = sorted(h.reason for h in resolve.held_ops(s))
    assert reasons == [
        "Only managers change the products' costs.",
        "Only managers set what a line costs.",
    ]
    boss.sync()
    assert len(_costs(boss)) == 2  # the manager's own two; the rep's never arrived
    rep.close()
    boss.close()


def test_a_rep_allowed_to_see_costs_receives_them_and_still_cannot_change_them(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> None:
    ana = add_user(server_db, "ana")
    add_user(server_db, "mara", role="manager")
    boss = make_laptop("m", tmp_path, template_db, server, "mara")
    lic = _product(boss, "LIC", "600")
    boss.sync()
    rep = make_laptop("a", tmp_path, template_db, server, "ana")
    account = rep.new_account(ana)
    with rep.tx() as s:
        quote = create_quote(s, account, owner_id=ana, currency="COP")
        line_id = add_line(s, quote.id, {"product_id": lic, "quantity": D(1)}).id
    rep.sync()
    boss.sync()
    boss.update(QuoteLine, line_id, unit_cost=D("600"))
    boss.sync()
    rep.sync()
    assert _costs(rep) == [] and rep.get(QuoteLine, line_id).unit_cost is None
    with server_db.engine.begin() as conn:
        said = admin.set_costs_access(conn, "ana", True)
    assert "2 row(s)" in said  # the product's cost and ana's costed line
    rep.sync()  # the cursor was past them: they are sent again
    assert [c.unit_cost for c in _costs(rep)] == [D("600")]
    assert rep.get(QuoteLine, line_id).unit_cost == D("600")
    with rep.db.sessions() as s:
        assert may_see_costs(s, ana)
    rep.update(ProductCost, _costs(rep)[0].id, unit_cost=D("1"))  # seeing is not changing
    assert rep.sync().refused == 1
    with server_db.engine.begin() as conn:
        admin.set_costs_access(conn, "ana", False)
    with boss.tx() as s:  # the open-ended cost ends, a new one starts
        first = s.scalars(select(ProductCost)).one()
        crud.update(s, ProductCost, first.id, {"valid_to": date(2029, 12, 31)})
        set_product_cost(s, lic, D("700"), date(2030, 1, 1))
    boss.sync()
    rep.sync()
    # Revoked: neither the manager's edit nor the new period arrives.
    assert [(c.valid_from, c.valid_to) for c in _costs(rep)] == [(None, None)]
    rep.close()
    boss.close()
