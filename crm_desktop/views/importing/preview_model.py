"""The preview's rows as a table: line, what happens, the account, its problems."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from crm_desktop.services.importing.accounts_import import Preview, RowPlan

Index = QModelIndex | QPersistentModelIndex


class PreviewModel(QAbstractTableModel):
    """Over the preview already in memory (the file was read whole); cells made on demand."""

    def __init__(self, plan: Preview, lang: str, only_problems: bool = False) -> None:
        super().__init__()
        self.lang = lang
        self._all = plan.rows
        self.rows: list[RowPlan] = plan.invalid if only_problems else plan.rows
        self.actions = {
            "create": self.tr("New"),
            "update": self.tr("Update"),
            "skip": self.tr("Skip"),
            "contact": self.tr("Contact of the account above"),
            "invalid": self.tr("Has problems"),
        }
        what = {
            "accounts": self.tr("Account"),
            "products": self.tr("Product"),
            "price_lists": self.tr("Price list · product code"),
            "opportunities": self.tr("Opportunity"),
        }[plan.kind]
        self.headers = [self.tr("Line"), self.tr("Action"), what, self.tr("Problems")]

    def set_only_problems(self, only: bool) -> None:
        self.beginResetModel()
        self.rows = [r for r in self._all if r.action == "invalid"] if only else self._all
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole and row.action == "invalid":
            return QBrush(QColor("#b3261e"))
        if role == Qt.ItemDataRole.ForegroundRole and row.similar_to is not None:
            return QBrush(QColor("#8a5300"))  # amber: look before importing
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        column = index.column()
        if column == 0:
            return row.line
        if column == 1:
            return self.actions[row.action]
        if column == 2:
            return row.title
        texts = [*row.problem_texts(self.lang), row.warning_text(self.lang)]
        separator = "\n" if role == Qt.ItemDataRole.ToolTipRole else " "
        return separator.join(t for t in texts if t)
