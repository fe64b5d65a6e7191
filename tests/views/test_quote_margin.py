"""Margins in the quote builder: shown per line and per quote to a manager, never to a rep."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import delete, update

from crm_desktop.clock import today
from crm_desktop.models import ProductCost, Quote, QuoteLine
from crm_desktop.services.core.crud import unit_of_work
from crm_desktop.services.quotes.costs import apply_minimum_margin, set_product_cost
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.quotes.quote_builder import QuoteBuilder
from crm_desktop.views.quotes.quote_lines_model import FIELDS
from tests.services.quote_fixtures import make_catalog, make_quote
from tests.views.test_quote_builder import type_into_cell


def _quote_with_costs(ctx: AppContext) -> tuple[str, str | None]:
    """A quote with one licence line (1 250 000 less 5 %), costs set before it was made."""
    with unit_of_work(ctx.database.sessions) as s:
        catalog = make_catalog(s)
        set_product_cost(s, catalog.products["LIC-ERP"], D("700000"), date(2020, 1, 1))
        set_product_cost(s, catalog.products["HW-LEC"], D("300000"), None)
        quote_id = make_quote(s, catalog, lines=1)
        return quote_id, s.get(Quote, quote_id).owner_id  # type: ignore[union-attr]


def _as_a_reps_laptop(ctx: AppContext) -> None:
    """What a rep who may not see costs holds: no cost rows, no line's cost (the server sends
    neither); written past the outbox, as a pull writes."""
    with unit_of_work(ctx.database.sessions) as s:
        s.execute(delete(ProductCost))
        s.execute(update(QuoteLine).values(unit_cost=None))


def _open(qtbot: QtBot, ctx: AppContext, quote_id: str) -> QuoteBuilder:
    builder = QuoteBuilder(ctx, quote_id)
    qtbot.addWidget(builder)
    builder.show()
    qtbot.waitUntil(lambda: len(builder.model.lines) == 2)
    return builder


def _margin_cell(builder: QuoteBuilder, row: int) -> str:
    return str(builder.model.index(row, FIELDS.index("margin")).data())


def test_a_manager_sees_each_line_and_the_quote_margin_as_they_type(
    qtbot: QtBot, ctx: AppContext, qtmodeltester: object
) -> None:
    quote_id, _rep = _quote_with_costs(ctx)
    builder = _open(qtbot, ctx, quote_id)  # ctx.user_id None: a manager's laptop
    qtmodeltester.check(builder.model)  # type: ignore[attr-defined]
    assert not builder.table.isColumnHidden(FIELDS.index("margin"))
    assert _margin_cell(builder, 1) == "41.1 %"  # (1 187 500 - 700 000) / 1 187 500
    label = builder.findChild(QLabel, "quote_margin")
    assert label.isVisible() and "487,500" in label.text() and "41.1 %" in label.text()
    qtbot.keyClicks(builder.product_search, "lector")
    qtbot.waitUntil(lambda: builder.product_results.count() == 1)
    qtbot.keyClick(builder.product_search, Qt.Key.Key_Return)
    assert _margin_cell(builder, 2) == "28.6 %"  # a new line: today's cost of the product
    assert "607,500" in label.text()  # 487 500 + 120 000
    line = builder.model.lines[1]
    builder.model.lines[1] = replace(line, discount_pct=D(50), discount_amount=D(0))
    builder.model.recompute()
    assert _margin_cell(builder, 1) == "-12.0 %"  # a deep discount sells below cost
    free = builder.findChild(type(builder.line_buttons[0]), "add_free")
    qtbot.mouseClick(free, Qt.MouseButton.LeftButton)
    assert "1 line without a cost" in label.text()


def test_a_rep_sees_no_cost_and_no_margin(qtbot: QtBot, ctx: AppContext) -> None:
    quote_id, rep = _quote_with_costs(ctx)
    _as_a_reps_laptop(ctx)
    ctx.user_id = rep
    builder = _open(qtbot, ctx, quote_id)
    assert builder.model.costs is None
    assert builder.table.isColumnHidden(FIELDS.index("margin"))
    assert _margin_cell(builder, 1) == ""
    assert not builder.findChild(QLabel, "quote_margin").isVisible()
    shown = " ".join(w.text() for w in builder.findChildren(QLabel) if w.isVisible())
    assert "700,000" not in shown and "Margin" not in shown and "cost" not in shown


def test_a_rep_is_warned_below_the_minimum_margin_without_seeing_the_cost(
    qtbot: QtBot, ctx: AppContext
) -> None:
    quote_id, rep = _quote_with_costs(ctx)
    with unit_of_work(ctx.database.sessions) as s:  # the manager: 30 % at least
        assert apply_minimum_margin(s, D(30), today(ctx.clock)) == 2  # licence and reader
    _as_a_reps_laptop(ctx)
    ctx.user_id = rep
    builder = _open(qtbot, ctx, quote_id)
    warning = builder.findChild(QLabel, "below_minimum")
    assert not warning.isVisible()  # 1 187 500 is above 700 000 / 0.7 = 1 000 000
    type_into_cell(qtbot, builder, 1, "discount_pct", "20")
    assert not warning.isVisible()  # exactly the minimum is allowed
    type_into_cell(qtbot, builder, 1, "discount_pct", "25")
    assert warning.isVisible() and warning.text().startswith("1 line below the minimum margin")
    cell = builder.model.index(1, FIELDS.index("discount_pct"))
    assert "minimum margin" in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert cell.data(Qt.ItemDataRole.BackgroundRole) is not None
    shown = " ".join(w.text() for w in builder.findChildren(QLabel) if w.isVisible())
    tips = " ".join(
        str(builder.model.index(1, c).data(Qt.ItemDataRole.ToolTipRole) or "")
        for c in range(len(FIELDS))
    )
    for secret in ("700,000", "1,000,000", "30 %", "30%"):
        assert secret not in shown and secret not in tips  # no cost, no floor, no percentage
    type_into_cell(qtbot, builder, 1, "discount_pct", "5")
    assert not warning.isVisible()


def test_a_rep_allowed_to_see_costs_sees_the_margin(qtbot: QtBot, ctx: AppContext) -> None:
    quote_id, rep = _quote_with_costs(ctx)  # the server sent this rep the costs: allowed
    ctx.user_id = rep
    builder = _open(qtbot, ctx, quote_id)
    assert builder.model.costs is not None and _margin_cell(builder, 1) == "41.1 %"
