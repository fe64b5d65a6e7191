"""The generic table export: what a small table shows, typed, in its column order and sort."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from openpyxl import load_workbook
from PySide6.QtWidgets import QTableView

from crm_desktop.views.common import fmt
from crm_desktop.views.common.rows_model import Column, RowsModel
from crm_desktop.views.common.table_export import TableExport, snapshot

ROWS = [
    ("=cmd|' /C calc'!A0", Decimal("1500000"), date(2026, 3, 9), "50 %"),
    ("Ñandú S.A.S.", Decimal("20.5"), date(2027, 1, 31), "10 %"),
]
COLUMNS = [
    Column("Name", lambda r: r[0]),
    Column("Amount", lambda r: fmt.money(r[1], "COP"), align_right=True),
    Column("Closes", lambda r: fmt.day(r[2])),
    Column("Probability", lambda r: r[3], align_right=True),
]


def _view(qtbot) -> QTableView:  # type: ignore[no-untyped-def]
    model: RowsModel[tuple[object, ...]] = RowsModel("Test", COLUMNS)
    model.set_rows(ROWS[::-1])  # as a sort left them: newest first
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    header = view.horizontalHeader()
    header.moveSection(2, 0)  # Closes first
    header.hideSection(3)
    return view


def test_a_small_table_exports_what_it_shows_typed(qtbot, ctx, tmp_path) -> None:
    view = _view(qtbot)
    columns, rows = snapshot(view)
    assert [(c.title, c.kind) for c in columns] == [
        ("Closes", "date"), ("Name", "text"), ("Amount", "money"),
    ]  # fmt: skip
    assert rows[0] == [date(2027, 1, 31), "Ñandú S.A.S.", Decimal("21")]  # as shown
    exporter = TableExport(ctx, view, "test", view)
    path = tmp_path / "t.xlsx"
    with qtbot.waitSignal(exporter.saved, timeout=5000):
        exporter.export(path)
    sheet = load_workbook(path).active
    assert sheet is not None
    assert [c.value for c in sheet[1]] == ["Closes", "Name", "Amount"]
    assert sheet["A3"].is_date and sheet["A3"].value.date() == date(2026, 3, 9)
    assert sheet["B3"].value == "'=cmd|' /C calc'!A0"  # defused
    assert sheet["C3"].value == 1500000 and "#,##0.00" in sheet["C3"].number_format
