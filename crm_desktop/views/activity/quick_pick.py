"""Quick account picker: type a few letters, Enter, and the visit (or call) dialog opens.

Ctrl+R and Ctrl+L from anywhere. Results come from services/accounts/search.search_accounts (FTS5):
one short page read per pause in typing, the one database read allowed on the GUI thread.
"""

from __future__ import annotations

import importlib

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import text

from crm_desktop.services.accounts.search import AccountHit, search_accounts
from crm_desktop.views.common.context import AppContext

RESULTS = 20
DIALOGS = {
    "visit": ("crm_desktop.views.activity.visit_dialog", "VisitDialog"),
    "call": ("crm_desktop.views.activity.call_dialog", "CallDialog"),
}


class QuickAccountPicker(QDialog):
    """Find an account by name, tax id, city or contact; Enter picks the highlighted one."""

    account_picked = Signal(str)

    def __init__(
        self,
        ctx: AppContext,
        title: str,
        preselected: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.resize(520, 420)
        self.search = QLineEdit()
        self.search.setObjectName("quick_search")
        self.search.setPlaceholderText(self.tr("Type part of a name, tax id, city or contact"))
        self.results = QListWidget()
        self.results.setObjectName("quick_results")
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(120)
        self.timer.timeout.connect(self.run_search)
        self.search.textEdited.connect(lambda _t: self.timer.start())
        self.search.installEventFilter(self)
        self.results.itemActivated.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(title))
        layout.addWidget(self.search)
        layout.addWidget(self.results, 1)
        layout.addWidget(buttons)
        if preselected:
            self._show_preselected(preselected)

    def _show_preselected(self, account_id: str) -> None:
        with self.ctx.database.sessions() as session:
            row = session.execute(
                text("SELECT id, legal_name, trade_name, tax_id, city FROM accounts WHERE id = :i"),
                {"i": account_id},
            ).first()
        if row is not None:
            self._fill([AccountHit(*row)])

    def run_search(self) -> None:
        self.timer.stop()
        with self.ctx.database.sessions() as session:
            hits = search_accounts(session, self.search.text(), limit=RESULTS)
        self._fill(hits)

    def _fill(self, hits: list[AccountHit]) -> None:
        self.results.clear()
        for hit in hits:
            details = " · ".join(part for part in (hit.trade_name, hit.tax_id, hit.city) if part)
            item = QListWidgetItem(
                f"{hit.legal_name}\n    {details}" if details else hit.legal_name
            )
            item.setData(Qt.ItemDataRole.UserRole, hit.id)
            self.results.addItem(item)
        if hits:
            self.results.setCurrentRow(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up/Down in the search box move through the results; Enter picks."""
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                step = 1 if event.key() == Qt.Key.Key_Down else -1
                row = min(max(self.results.currentRow() + step, 0), self.results.count() - 1)
                self.results.setCurrentRow(row)
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.timer.isActive():
                self.run_search()  # Enter before the pause: search what was typed, then pick
        return super().eventFilter(watched, event)

    def picked_account_id(self) -> str | None:
        item = self.results.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def accept(self) -> None:
        account_id = self.picked_account_id()
        if account_id is None:
            return
        super().accept()
        self.account_picked.emit(account_id)


def open_activity_dialog(
    ctx: AppContext, parent: QWidget, what: str, account_id: str
) -> QDialog | None:
    """Part B's VisitDialog or CallDialog for the account; a message if not available yet."""
    module_name, cls = DIALOGS[what]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        QMessageBox.information(
            parent,
            QCoreApplication.translate("QuickAccountPicker", "Not available yet"),
            QCoreApplication.translate("QuickAccountPicker", "This dialog is not available yet."),
        )
        return None
    dialog: QDialog = getattr(module, cls)(ctx, account_id, parent=parent)
    dialog.open()
    return dialog


def pick_account_then(
    ctx: AppContext, parent: QWidget, what: str, preselected: str | None = None
) -> QuickAccountPicker:
    """Open the picker; the picked account gets a new visit (what="visit") or call ("call")."""
    title = (
        QCoreApplication.translate("QuickAccountPicker", "Record a visit: which account?")
        if what == "visit"
        else QCoreApplication.translate("QuickAccountPicker", "Log a call: which account?")
    )
    picker = QuickAccountPicker(ctx, title, preselected, parent)
    picker.account_picked.connect(
        lambda account_id: setattr(
            picker, "activity_dialog", open_activity_dialog(ctx, parent, what, account_id)
        )
    )
    picker.open()
    parent.quick_picker = picker  # type: ignore[attr-defined]
    return picker
