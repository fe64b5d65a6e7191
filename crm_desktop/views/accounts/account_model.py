"""AccountTableModel: the accounts table as a Qt model over paged SQL (fetchMore, 200 rows a page).

The model holds only the pages the view has asked for; a new query (search text, filter, sort)
drops them and reads the first page again. A page read is the one database call allowed on the
GUI thread: it goes through the model's own read-only sqlite3 connection (Database.
read_connection), opened in the GUI thread and never shared with a worker; being plain DB-API,
the program's first page shows before SQLAlchemy is loaded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from crm_desktop.i18n import gettext
from crm_desktop.secure.sqlcipher import Connection
from crm_desktop.services.accounts.account_list import (
    AccountQuery,
    AccountRow,
    fetch_page_dbapi,
    format_tax_id,
)
from crm_desktop.services.reports.rfm_segments import SEGMENTS
from crm_desktop.views.common import fmt
from crm_desktop.views.common.labels import QT_TRANSLATE_NOOP, label, labels

PAGE_SIZE = 200
ID_ROLE = Qt.ItemDataRole.UserRole + 1

# (sort key of services.account_list.SORTS, header)
COLUMNS: list[tuple[str, str]] = [
    ("legal_name", QT_TRANSLATE_NOOP("AccountTableModel", "Legal name")),
    ("trade_name", QT_TRANSLATE_NOOP("AccountTableModel", "Trade name")),
    ("tax_id", QT_TRANSLATE_NOOP("AccountTableModel", "Tax id")),
    ("city", QT_TRANSLATE_NOOP("AccountTableModel", "City")),
    ("kind", QT_TRANSLATE_NOOP("AccountTableModel", "Kind")),
    ("roles", QT_TRANSLATE_NOOP("AccountTableModel", "Roles")),
    ("phase", QT_TRANSLATE_NOOP("AccountTableModel", "Phase")),
    ("segment", QT_TRANSLATE_NOOP("AccountTableModel", "Segment")),
    ("owner", QT_TRANSLATE_NOOP("AccountTableModel", "Owner")),
    ("rfm_score", QT_TRANSLATE_NOOP("AccountTableModel", "RFM score")),
    ("value_segment", QT_TRANSLATE_NOOP("AccountTableModel", "Value segment")),
]
_ParentIndex = QModelIndex | QPersistentModelIndex


def cell_text(row: AccountRow, key: str) -> str:
    """What a cell shows: labels translated, tax ids formatted (NIT 900.123.456-8)."""
    return str(cell_values(row)[key] or "")


def cell_values(row: AccountRow) -> dict[str, Any]:
    """Every column's shown value of a row, by sort key (an export asks for a row at once)."""
    return {
        "legal_name": row.legal_name,
        "trade_name": row.trade_name,
        "tax_id": format_tax_id(row.tax_id_kind, row.tax_id),
        "city": row.city,
        "kind": label("kind", row.kind),
        "roles": labels("role", row.roles),
        "phase": label("phase", row.phase),
        "segment": label("segment", row.segment),
        "owner": row.owner_name,
        "rfm_score": "" if row.rfm_score is None else fmt.number(row.rfm_score, 2),
        "value_segment": gettext(SEGMENTS.get(row.value_segment or "", "")),
    }


class AccountTableModel(QAbstractTableModel):
    """Pages of AccountQuery results; canFetchMore until a page comes back short."""

    query_changed = Signal()  # after a new query's first page is in

    def __init__(self, connect: Callable[[], Connection], parent: Any = None) -> None:
        """connect opens the read-only connection (Database.read_connection), on first read."""
        super().__init__(parent)
        self._connect = connect
        self._connection: Connection | None = None
        self.query = AccountQuery()
        self._rows: list[AccountRow] = []
        self._exhausted = True

    # -- loading -----------------------------------------------------------------------------
    def _read(self, query: AccountQuery, offset: int) -> list[AccountRow]:
        if self._connection is None:
            self._connection = self._connect()
        return fetch_page_dbapi(self._connection, query, offset, PAGE_SIZE)

    def set_query(self, query: AccountQuery) -> None:
        """Show query's results from the top (reads the first page now)."""
        first = self._read(query, 0)
        self.beginResetModel()
        self.query = query
        self._rows = first
        self._exhausted = len(first) < PAGE_SIZE
        self.endResetModel()
        self.query_changed.emit()

    def reload(self) -> None:
        """Read the current query again (after an account was saved elsewhere)."""
        self.set_query(self.query)

    def canFetchMore(self, parent: _ParentIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: _ParentIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted:
            return
        page = self._read(self.query, len(self._rows))
        self._exhausted = len(page) < PAGE_SIZE
        if not page:
            return
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)  # last row inclusive
        self._rows.extend(page)
        self.endInsertRows()

    # -- the model ---------------------------------------------------------------------------
    def rowCount(self, parent: _ParentIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _ParentIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: _ParentIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return cell_text(row, COLUMNS[index.column()][0])
        if role == ID_ROLE:
            return row.id
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return QCoreApplication.translate("AccountTableModel", COLUMNS[section][1])
        if orientation == Qt.Orientation.Vertical:
            return section + 1
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        key = COLUMNS[column][0]
        if (self.query.sort, self.query.descending) == (key, descending):
            return
        self.set_query(replace(self.query, sort=key, descending=descending))

    # -- helpers for the page ----------------------------------------------------------------
    def account_id(self, row: int) -> str | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def legal_name(self, row: int) -> str | None:
        return self._rows[row].legal_name if 0 <= row < len(self._rows) else None

    def row_of(self, account_id: str) -> int | None:
        for number, row in enumerate(self._rows):
            if row.id == account_id:
                return number
        return None
