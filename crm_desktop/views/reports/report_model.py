"""ReportTableModel: one report table (services.reports.Table) shown with locale formatting.

Reports are small (one row per rep, stage, reason...), so the model holds the rows it is given;
the totals row, when there is one, is the last row, in bold. Column titles and code values
(stages, kinds, segments) are domain words translated with the project's gettext helper.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from crm_desktop.i18n import gettext
from crm_desktop.services.reports.reports import Column, Table
from crm_desktop.views.common import fmt

_Index = QModelIndex | QPersistentModelIndex
NUMERIC = ("int", "money", "pct", "decimal")


def cell_text(column: Column, value: Any) -> str:
    """A value as the user reads it: $ 1.250.000,00, 80,5 %, 1.234, Propuesta."""
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        if column.kind == "money":
            return fmt.money(Decimal(value))
        if column.kind == "pct":
            return fmt.number(Decimal(value), 1) + " %"
        if column.kind == "decimal":
            places = max(0, -Decimal(value).normalize().as_tuple().exponent)  # type: ignore[operator]
            return fmt.number(Decimal(value), min(places, 2))
        return fmt.number(Decimal(value))
    return column.label(value)


class ReportTableModel(QAbstractTableModel):
    def __init__(self, table: Table | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self.table: Table | None = None
        self._rows: tuple[tuple[Any, ...], ...] = ()
        if table is not None:
            self.set_table(table)

    def set_table(self, table: Table | None) -> None:
        self.beginResetModel()
        self.table = table
        rows = table.rows if table else ()
        self._rows = (*rows, table.totals) if table and table.totals else tuple(rows)
        self.endResetModel()

    def is_totals(self, row: int) -> bool:
        return bool(self.table and self.table.totals and row == len(self._rows) - 1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.table is None else len(self.table.columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.table is None or not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        column = self.table.columns[index.column()]
        value = self._rows[index.row()][index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return cell_text(column, value)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and self.is_totals(index.row()):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.UserRole:
            return value
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or self.table is None:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.table.columns):
            return gettext(self.table.columns[section].title)
        return None
