"""RowsModel: a read-only table model over a short tuple of frozen dataclass rows.

For small lists that are read whole (today's visits, due reminders): each column is a header
(marked for translation in the caller's context) and a function from row to the shown text.
Big tables use paged models instead (see account_model.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

R = TypeVar("R")
_Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 1


class ListTableModel(QAbstractTableModel, Generic[R]):
    """Rows held whole (short lists) under translated column titles; subclasses give the cells."""

    def __init__(self, context: str, titles: Sequence[str], parent: Any = None) -> None:
        super().__init__(parent)
        self.context = context  # the translation context the titles were marked in
        self.titles = list(titles)
        self.rows: list[R] = []

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> R | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.titles)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.titles):
            return QCoreApplication.translate(self.context, self.titles[section])
        if orientation == Qt.Orientation.Vertical:
            return section + 1
        return None


@dataclass(frozen=True)
class Column(Generic[R]):
    title: str  # English, marked with QT_TRANSLATE_NOOP(context, ...)
    text: Callable[[R], str]
    align_right: bool = False


class RowsModel(ListTableModel[R]):
    def __init__(
        self,
        context: str,
        columns: Sequence[Column[R]],
        highlight: Callable[[R], bool] | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(context, [column.title for column in columns], parent)
        self.columns = list(columns)
        self.highlight = highlight  # rows to show in red (e.g. overdue)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, column = self.rows[index.row()], self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return column.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and self.highlight and self.highlight(row):
            return QBrush(QColor("#c62828"))
        if role == ROW_ROLE:
            return row
        return None
