"""The profitability report on the Reports page: a manager's, exportable; a rep never sees it."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path
from typing import Any

import openpyxl
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from crm_desktop.models import Product
from crm_desktop.services.core import crud
from crm_desktop.services.quotes.costs import set_product_cost
from crm_desktop.services.quotes.quote_status import accept_quote, send_quote
from crm_desktop.services.quotes.quotes import add_line, create_quote
from crm_desktop.views.common.context import AppContext
from tests.factories import make_user
from tests.services import sales_fixtures as fx
from tests.views.test_reports_page import WAIT, choose, show_page


def _sale(ctx: AppContext) -> str:
    """Ana sold 3 licences at 1 000 000 that cost 400 000 each: margin 60 %."""
    with ctx.database.sessions() as s, s.begin():
        ana = make_user(s, "ana", full_name="Ana Ríos")
        values = {"code": "LIC", "name": "Licencia", "unit": "unidad", "product_line": "Software"}
        product = crud.create(s, Product, values)
        set_product_cost(s, product.id, D(400000), None)
        account = fx.account(s, ana.id, legal_name="Textiles del Valle S.A.S.")
        quote = create_quote(s, account.id, owner_id=ana.id, currency="COP")
        add_line(s, quote.id, {"product_id": product.id, "quantity": D(3), "unit_price": D(10**6)})
        send_quote(s, quote.id)
        accept_quote(s, quote.id)
        return ana.id


def test_a_manager_reads_and_exports_the_profitability(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path, monkeypatch: Any
) -> None:
    _sale(ctx)
    page = show_page(qtbot, ctx)
    choose(qtbot, page, "profitability")
    reps = page.reports.models[0]
    row = [reps.data(reps.index(0, c)) for c in range(reps.columnCount())]
    assert row[0] == "Ana Ríos" and row[1] == "COP\xa03,000,000" and row[4].startswith("60")
    assert page.reports.tables.count() == 5  # rep, customer, segment, product line, quarter
    assert page.reports.chart.chart().series()
    target = tmp_path / "rentabilidad.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    with qtbot.waitSignal(page.reports.exported, timeout=WAIT):
        qtbot.mouseClick(page.reports.export_buttons["xlsx"], Qt.MouseButton.LeftButton)
    book = openpyxl.load_workbook(target)
    cells = [c for sheet in book for r in sheet.iter_rows(values_only=True) for c in r]
    assert "Software" in cells and "Textiles del Valle S.A.S." in cells and 1200000 in cells
    target = tmp_path / "rentabilidad.pdf"
    with qtbot.waitSignal(page.reports.exported, timeout=WAIT):
        qtbot.mouseClick(page.reports.export_buttons["pdf"], Qt.MouseButton.LeftButton)
    text = "".join(p.extract_text() for p in PdfReader(target).pages)
    assert "Profitability" in text and "Software" in text


def test_a_rep_has_no_profitability_report(qtbot: QtBot, ctx: AppContext) -> None:
    ctx.user_id = _sale(ctx)
    page = show_page(qtbot, ctx)
    kinds = [page.reports.kind.itemData(i) for i in range(page.reports.kind.count())]
    assert "profitability" not in kinds and "activity" in kinds
