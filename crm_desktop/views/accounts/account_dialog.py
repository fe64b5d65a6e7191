"""The "New account" dialog: an AccountForm saved through services.accounts in one write."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from crm_desktop.services.accounts.account_list import people
from crm_desktop.services.accounts.accounts import create_account
from crm_desktop.services.core.errors import ValidationError
from crm_desktop.services.importing.similar import PossibleTwin, possible_twin
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
    existing_requested = Signal(str)  # the account already here that the rep chose to open

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
        self.twin: PossibleTwin | None = None
        self.twin_box = QWidget()
        self.twin_text = QLabel()
        self.twin_text.setWordWrap(True)
        self.twin_text.setStyleSheet("color: #8a5300;")
        self.open_twin = QPushButton(self.tr("Open it"))
        self.open_twin.clicked.connect(self._open_twin)
        row = QHBoxLayout(self.twin_box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.twin_text, 1)
        row.addWidget(self.open_twin)
        self.twin_box.hide()
        for line in (self.form.tax_id, self.form.legal_name, self.form.city):
            line.editingFinished.connect(self.look_for_twin)
        self.form.tax_id_kind.currentIndexChanged.connect(self.look_for_twin)
        layout = QVBoxLayout(self)
        layout.addWidget(self.twin_box)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.saving)
        layout.addWidget(self.buttons)
        ctx.ops.read(people, while_alive(self, self._owners_loaded))

    def _owners_loaded(self, found: list[Any]) -> None:
        self.form.set_owner_choices([(p.id, p.full_name) for p in found])
        self.form.set_values({"owner_id": self.ctx.user_id})

    # -- an account that may exist already ------------------------------------------------
    def look_for_twin(self, *_args: Any) -> None:
        """As soon as the tax id (or the name and city) is typed: is it here already?"""
        values = self.form.values()

        def work(session: Session) -> PossibleTwin | None:
            return possible_twin(session, values)

        self.ctx.ops.read(work, while_alive(self, self._twin_found))

    def _twin_found(self, twin: PossibleTwin | None) -> None:
        self.twin = twin
        self.twin_box.setVisible(twin is not None)
        if twin is None:
            return
        if twin.by_tax_id:
            text = self.tr("“{0}” already has this tax id: open it instead of creating it again?")
        else:
            text = self.tr("“{0}”, in the same city, has a very similar name: is it the same?")
        self.twin_text.setText(text.format(twin.legal_name))

    def _open_twin(self) -> None:
        if self.twin is not None:
            self.existing_requested.emit(self.twin.account_id)
            self.reject()

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
