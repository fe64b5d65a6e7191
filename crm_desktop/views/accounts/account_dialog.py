"""The "New account" dialog: an AccountForm saved through services.accounts in one write."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from crm_desktop.services.accounts.account_list import people
from crm_desktop.services.accounts.accounts import create_account
from crm_desktop.services.core.errors import ValidationError
from crm_desktop.views.accounts.account_form import AccountForm
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.guard import while_alive
from crm_desktop.views.common.ops import ChangeSet

DEFAULTS: dict[str, Any] = {
    "kind": "legal_entity",
    "roles": "prospect",
    "tax_id_kind": "nit",
    "lifecycle_phase": "engagement",
}


class NewAccountDialog(QDialog):
    """Fill in an account; Save validates the whole row and saves all of it or nothing."""

    account_created = Signal(str)  # the new account's id

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("New account"))
        self.resize(920, 560)
        self.form = AccountForm()
        self.form.set_values(DEFAULTS | {"owner_id": ctx.user_id})
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.saving = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.saving)
        layout.addWidget(self.buttons)
        ctx.ops.read(people, while_alive(self, self._owners_loaded))

    def _owners_loaded(self, found: list[Any]) -> None:
        self.form.set_owner_choices([(p.id, p.full_name) for p in found])
        self.form.set_values({"owner_id": self.ctx.user_id})

    def save(self) -> None:
        values = self.form.values()
        self.form.clear_errors()
        self.buttons.setEnabled(False)
        self.saving.setText(self.tr("Saving…"))

        def work(session: Session) -> str:
            return create_account(session, values).id

        self.ctx.ops.write(
            work,
            ChangeSet(tables=frozenset({"accounts"})),
            while_alive(self, self._saved),
            while_alive(self, self._failed),
        )

    def _saved(self, account_id: str) -> None:
        self.saving.clear()
        self.account_created.emit(account_id)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        self.saving.clear()
        if isinstance(exc, ValidationError):
            self.form.show_errors(exc)
            return
        QMessageBox.warning(
            self,
            self.tr("The account was not saved"),
            self.tr("Nothing was saved: {0}").format(exc),
        )
