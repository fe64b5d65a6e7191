"""Export a table view as CSV or XLSX: what it shows, in the order and columns it shows.

Small tables (quotes, pipeline, today's lists, an account's contacts) hold their rows whole:
their visible columns, in their visual order, and their rows through the view's model (a
proxy's filter and sort included) are read on the GUI thread, and written on a worker.
Right-aligned cells that read as numbers or money in the user's language, and cells that read
as the language's short date, are written typed; a model may answer EXPORT_ROLE with the typed
value itself. The Accounts page streams its own query instead (accounts_export.py).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QUrl, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTableView,
    QWidget,
)

from crm_desktop.services.core.formats import Formats
from crm_desktop.views.common import fmt
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.guard import while_alive

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from crm_desktop.documents.table_export import TableColumn

# documents.table_export (openpyxl) is imported when a table is exported: not on the start path.

EXPORT_ROLE = Qt.ItemDataRole.UserRole + 40  # a model's typed value for a cell, if it has one
FILTERS = "Excel (*.xlsx);;CSV (*.csv)"
_CURRENCY = re.compile(r"^(-?)(?:[A-Z]{3}|[A-Z]{0,2}\$)[\s\xa0]*")


def chosen_path(path: str, selected_filter: str) -> Path:
    """The file the dialog gave, with .xlsx or .csv added when the name has neither."""
    chosen = Path(path)
    if chosen.suffix.lower() in (".csv", ".xlsx"):
        return chosen
    return chosen.with_name(chosen.name + (".csv" if "csv" in selected_filter.lower() else ".xlsx"))


def visible_columns(view: QTableView) -> list[int]:
    """The model's columns shown by the view, in the order the user sees them."""
    header = view.horizontalHeader()
    logical = [header.logicalIndex(visual) for visual in range(header.count())]
    return [column for column in logical if not header.isSectionHidden(column)]


def _date_reader(f: Formats) -> Callable[[str], date | None]:
    order = re.findall(r"[dMy]", re.sub(r"([dMy])\1+", r"\1", f.date_pattern()))
    sep = re.escape(re.sub(r"[dMy]", "", f.date_pattern())[:1] or "/")
    pattern = re.compile(rf"^(\d{{1,4}}){sep}(\d{{1,2}}){sep}(\d{{1,4}})$")

    def read(text: str) -> date | None:
        found = pattern.match(text.strip())
        if not found:
            return None
        parts = dict(zip(order, (int(g) for g in found.groups()), strict=True))
        try:
            return date(parts["y"], parts["M"], parts["d"])
        except (KeyError, ValueError):
            return None

    return read


def snapshot(view: QTableView) -> tuple[list[TableColumn], list[list[Any]]]:
    """The view's visible columns (titles, kinds) and rows, as it shows them (texts read back
    in the language the views write them in)."""
    from crm_desktop.documents.table_export import TableColumn

    model = view.model()
    f = fmt.ui()
    read_date = _date_reader(f)
    columns = visible_columns(view)
    rows: list[list[Any]] = []
    kinds: dict[int, set[str]] = {column: set() for column in columns}
    for row in range(model.rowCount()):
        values = []
        for column in columns:
            index = model.index(row, column)
            value, kind = _typed(index, f, read_date)
            kinds[column].add(kind)
            values.append(value)
        rows.append(values)
    titles = [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in columns]
    table = [TableColumn(t, _kind(kinds[c])) for t, c in zip(titles, columns, strict=True)]
    # A column typed only where it could be (a number among words): all of it as shown.
    for number, typed in enumerate(table):
        if typed.kind == "text":
            for values in rows:
                if values[number] is not None and not isinstance(values[number], str):
                    values[number] = _shown(values[number], f)
    return table, rows


def _shown(value: Any, f: Formats) -> str:
    if isinstance(value, date):
        return f.day(value)
    if isinstance(value, Decimal):
        return f.number(value, max(0, -value.as_tuple().exponent))  # type: ignore[operator]
    return str(value)


def _kind(found: set[str]) -> str:
    found.discard("")
    return found.pop() if len(found) == 1 else "text"


def _typed(index: Any, f: Formats, read_date: Callable[[str], date | None]) -> tuple[Any, str]:
    """(value, kind) of a cell; kind "" for an empty cell (it fits any column)."""
    typed = index.data(EXPORT_ROLE)
    if isinstance(typed, tuple):
        return typed[0], typed[1]
    text = str(index.data(Qt.ItemDataRole.DisplayRole) or "").strip()
    if not text:
        return None, ""
    align = index.data(Qt.ItemDataRole.TextAlignmentRole)
    if align is not None and int(align) & int(Qt.AlignmentFlag.AlignRight):
        amount = _CURRENCY.sub(r"\1", text)  # "$ 1.500.000", "US$ 20,00", "COP 21"
        number = f.parse_decimal(amount)
        if number is not None:
            if "%" in text:
                return number, "pct"
            return number, "money" if amount != text else "decimal"
    day = read_date(text)
    if day is not None:
        return day, "date"
    return text, "text"


@dataclass(frozen=True)
class FullSource:
    """For a paged model: every row its filters match, read on the worker, and typed cells."""

    load: Callable[[Session], Sequence[Any]]  # the rows, in the view's order
    cells: Callable[[Any], Sequence[Any]]  # one value per model column
    kinds: Sequence[str]  # one documents.table_export kind per model column


class TableExport(QObject):
    """Asks for a file name, writes the table on a worker and says where it was saved."""

    saved = Signal(str)  # the path written
    failed = Signal(str)  # why not, in words

    def __init__(self, ctx: AppContext, view: QTableView, name: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx, self.view, self.name, self.window = ctx, view, name, parent
        self.status: QLabel | None = None  # where "Saved to …" is written, if the page has one
        self.source: Callable[[], FullSource] | None = None  # a paged model's whole rows

    def ask_and_export(self) -> None:
        path, selected = QFileDialog.getSaveFileName(
            self.window, self.tr("Export table"), f"{self.name}.xlsx", FILTERS
        )
        if path:
            self.export(chosen_path(path, selected))

    def export(self, path: Path) -> None:
        db, lang = self.ctx.database.path, self.ctx.language
        if self.source is not None:
            work = _whole(self.source(), self.view, path, lang, db)
        else:
            columns, rows = snapshot(self.view)

            def work(_session: Session) -> str:
                from crm_desktop.documents.table_export import write_table

                write_table(path, columns, rows, lang, db=db)
                return str(path)

        self.ctx.ops.read(work, while_alive(self, self._saved), while_alive(self, self._failed))

    def _saved(self, path: str) -> None:
        say_saved(self.window, self.status, path)
        self.saved.emit(path)

    def _failed(self, error: Exception) -> None:
        message = self.tr("The file could not be written: {0}").format(error)
        self.failed.emit(message)
        QMessageBox.warning(self.window, self.tr("Export table"), message)


def _whole(
    source: FullSource, view: QTableView, path: Path, lang: str, db: Path
) -> Callable[[Session], str]:
    from crm_desktop.documents.table_export import TableColumn, write_table

    shown = visible_columns(view)
    model = view.model()
    columns = [
        TableColumn(str(model.headerData(c, Qt.Orientation.Horizontal) or ""), source.kinds[c])
        for c in shown
    ]

    def work(session: Session) -> str:
        rows = ([source.cells(row)[c] for c in shown] for row in source.load(session))
        write_table(path, columns, rows, lang, db=db)
        return str(path)

    return work


def say_saved(window: QWidget, status: QLabel | None, path: str) -> None:
    """ "Saved to …" with a link to the folder, in the page's label or the status bar."""
    text = QCoreApplication.translate("TableExport", "Saved to {0}").format(path)
    if status is not None:
        folder = QUrl.fromLocalFile(str(Path(path).parent)).toString()
        status.setTextFormat(Qt.TextFormat.RichText)
        status.setOpenExternalLinks(True)
        status.setText(
            f"<b>{html.escape(text)}</b> · <a href='{folder}'>{html.escape(_open_folder())}</a>"
        )
        return
    top = window.window()
    if isinstance(top, QMainWindow):
        top.statusBar().showMessage(text, 15_000)


def _open_folder() -> str:
    return QCoreApplication.translate("TableExport", "Open the folder")


def add_export_action(
    ctx: AppContext, view: QTableView, name: str, parent: QWidget, status: QLabel | None = None
) -> TableExport:
    """A right-click "Export as CSV or Excel…" on the table; returns the exporter."""
    exporter = TableExport(ctx, view, name, parent)
    exporter.status = status
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def menu(point: Any) -> None:
        popup = QMenu(view)
        popup.addAction(exporter.tr("Export as CSV or Excel…"), exporter.ask_and_export)
        popup.exec(view.viewport().mapToGlobal(point))

    view.customContextMenuRequested.connect(menu)
    return exporter
