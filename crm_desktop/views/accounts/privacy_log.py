"""The audit log of data-subject requests: who asked, who did it, when, why; exported as CSV.

A manager's laptop holds every request (the server's scope), a rep's those of their accounts.
The log names people by id only: after an erase it holds nothing personal itself.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.views.accounts.privacy_dialog import CHANNELS, REQUESTERS
from crm_desktop.views.common import fmt
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.labels import QT_TRANSLATE_NOOP

ACTIONS = {
    "export": QT_TRANSLATE_NOOP("Privacy", "Export"),
    "anonymize": QT_TRANSLATE_NOOP("Privacy", "Erase (anonymize)"),
}


def read_log(session: Any) -> list[dict[str, Any]]:
    """The audit rows with the account's name and the user's name, newest first."""
    from sqlalchemy import select

    from crm_desktop.models import Account, User
    from crm_desktop.services.accounts.privacy import audit_rows

    rows = audit_rows(session)
    wanted = {row["account_id"] for row in rows}
    names = {
        account_id: name
        for account_id, name in session.execute(
            select(Account.id, Account.legal_name).where(Account.id.in_(wanted))
        )
    }
    users = {user_id: name for user_id, name in session.execute(select(User.id, User.full_name))}
    for row in rows:
        row["account"] = names.get(row["account_id"], row["account_id"])
        row["user"] = users.get(row["done_by"] or "", "")
    return list(reversed(rows))


class PrivacyLogDialog(QDialog):
    exported = Signal(object)  # the CSV's path

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Data-subject requests (audit log)"))
        self.resize(980, 420)
        self.table = QTableWidget(0, 7)
        self.table.setHorizontalHeaderLabels([
            self.tr("When"), self.tr("Request"), self.tr("Account"), self.tr("Person"),
            self.tr("Asked by / how"), self.tr("Done by"), self.tr("Why"),
        ])  # fmt: skip
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        self.note = QLabel()
        self.export_button = QPushButton(self.tr("Export as CSV…"))
        self.export_button.clicked.connect(self.export)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        ctx.ops.read(read_log, self.show_rows)

    def show_rows(self, rows: list[dict[str, Any]]) -> None:
        def tr(text: str) -> str:
            return QCoreApplication.translate("Privacy", text)

        self.table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            asked = dict(REQUESTERS).get(row["requested_by"], row["requested_by"])
            channel = dict(CHANNELS).get(row["request_channel"], row["request_channel"])
            how = f"{tr(asked)} / {tr(channel)}"
            cells = [
                fmt.moment(datetime.fromisoformat(row["done_at"])),
                tr(ACTIONS.get(row["action"], row["action"])),
                row["account"],
                self.tr("contact …%1").replace("%1", row["contact_id"][-6:])
                if row["contact_id"]
                else self.tr("the account"),
                how,
                row["user"],
                row["reason"],
            ]
            for j, text in enumerate(cells):
                self.table.setItem(i, j, QTableWidgetItem(str(text)))
        self.table.resizeColumnsToContents()
        self.note.setText(self.tr("%n request(s)", "", len(rows)))

    def export(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export the audit log"), "solicitudes-datos.csv", "CSV (*.csv)"
        )
        if name:
            self.export_to(Path(name))

    def export_to(self, path: Path) -> None:
        from crm_desktop.files import write_atomically
        from crm_desktop.services.accounts.privacy import audit_csv

        def saved(data: bytes) -> None:
            try:
                write_atomically(path, data)
            except OSError as error:
                self.note.setText(str(error))
                return
            self.note.setText(self.tr("Saved %1.").replace("%1", str(path)))
            self.exported.emit(path)

        self.ctx.ops.read(audit_csv, saved)
