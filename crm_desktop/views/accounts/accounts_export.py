"""The Accounts page to CSV/XLSX: every account of the current search, filters and sort.

Not the pages the table has loaded: the page's query is streamed on a reader thread
(services/accounts/account_export.py), with the columns the table shows in their order, a
progress dialog with Cancel when it takes a while, and "Saved to …" under the search box.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QProgressDialog, QTableView

from crm_desktop.services.accounts import account_list
from crm_desktop.services.accounts.account_list import AccountQuery, AccountRow
from crm_desktop.views.accounts.account_model import COLUMNS, cell_values
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.guard import while_alive
from crm_desktop.views.common.table_export import (
    FILTERS,
    chosen_path,
    say_saved,
    visible_columns,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

SHOW_PROGRESS_AFTER_MS = 400


def export_cells(row: AccountRow, keys: Sequence[str]) -> list[Any]:
    """A row's cells as the table shows them, in keys' order; numbers kept as numbers."""
    shown = cell_values(row)
    shown["rfm_score"] = row.rfm_score if isinstance(row.rfm_score, Decimal) else None
    return [shown[key] or None for key in keys]


class _Signals(QObject):
    counted = Signal(int)
    progressed = Signal(int)


class AccountsExport(QObject):
    """Asks for a file, streams the page's query into it, and says where it went."""

    saved = Signal(str)
    cancelled = Signal()

    def __init__(self, ctx: AppContext, table: QTableView, status: QLabel) -> None:
        super().__init__(table)
        self.ctx, self.table, self.status = ctx, table, status
        self.progress: QProgressDialog | None = None
        self._stop = threading.Event()
        self._signals = _Signals(self)

    def ask_and_export(self, query: AccountQuery) -> None:
        name = self.tr("accounts") + ".xlsx"
        path, selected = QFileDialog.getSaveFileName(
            self.table.window(), self.tr("Export accounts"), name, FILTERS
        )
        if path:
            self.export(chosen_path(path, selected), query)

    def columns(self) -> list[tuple[str, str]]:
        """(sort key, header as shown) of the visible columns, in the order shown."""
        model = self.table.model()
        return [
            (COLUMNS[c][0], str(model.headerData(c, Qt.Orientation.Horizontal)))
            for c in visible_columns(self.table)
        ]

    def export(self, path: Path, query: AccountQuery) -> None:
        columns, lang, db = self.columns(), self.ctx.language, self.ctx.database.path
        self._stop = threading.Event()
        stop, signals = self._stop, self._signals
        self._show_progress()

        def progress(done: int) -> bool:
            signals.progressed.emit(done)
            return not stop.is_set()

        def work(session: Session) -> str:
            from crm_desktop.documents.account_export import export_accounts  # openpyxl: late

            signals.counted.emit(account_list.count(session, query))
            export_accounts(session, query, columns, export_cells, path, lang, progress, db)
            return str(path)

        self.ctx.ops.read(work, while_alive(self, self._saved), while_alive(self, self._failed))

    def _show_progress(self) -> None:
        dialog = QProgressDialog(
            self.tr("Exporting accounts…"), self.tr("Cancel"), 0, 0, self.table.window()
        )
        dialog.setWindowTitle(self.tr("Export accounts"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(SHOW_PROGRESS_AFTER_MS)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self._stop.set)
        self._signals.counted.connect(dialog.setMaximum)
        self._signals.progressed.connect(dialog.setValue)
        self.progress = dialog

    def cancel(self) -> None:
        self._stop.set()

    def _close_progress(self) -> None:
        if self.progress is not None:
            self._signals.counted.disconnect(self.progress.setMaximum)
            self._signals.progressed.disconnect(self.progress.setValue)
            self.progress.reset()  # stops its timer: a quick export never shows it afterwards
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def _saved(self, path: str) -> None:
        self._close_progress()
        say_saved(self.table, self.status, path)
        self.saved.emit(path)

    def _failed(self, error: Exception) -> None:
        from crm_desktop.documents.table_export import ExportCancelled

        self._close_progress()
        if isinstance(error, ExportCancelled):
            self.status.setText(self.tr("Export cancelled: no file was written."))
            self.cancelled.emit()
            return
        QMessageBox.warning(
            self.table.window(),
            self.tr("Export accounts"),
            self.tr("The file could not be written: {0}").format(error),
        )
