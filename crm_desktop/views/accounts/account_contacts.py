"""The contacts tab of the 360° view: add, correct, mark primary, delete, call or e-mail."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from crm_desktop.services.accounts import accounts
from crm_desktop.services.accounts.timeline import ContactRow
from crm_desktop.views.accounts.account_models import ContactsModel
from crm_desktop.views.activity.contact_dialog import CONTACT_CHANGES, ContactDialog
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.field_errors import failure_text
from crm_desktop.views.common.flow_layout import FlowLayout
from crm_desktop.views.common.table_export import add_export_action


def open_url(url: str) -> bool:
    """tel: and mailto: links go to the system's phone or mail program."""
    return QDesktopServices.openUrl(QUrl(url))


def confirm(parent: QWidget, text: str, then: Callable[[], None]) -> QMessageBox:
    """Ask yes/no without blocking; `then` runs on yes."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setText(text)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDefaultButton(QMessageBox.StandardButton.No)

    def clicked(button: object) -> None:
        if box.standardButton(button) == QMessageBox.StandardButton.Yes:  # type: ignore[arg-type]
            then()

    box.buttonClicked.connect(clicked)
    box.open()
    return box


class ContactsTab(QWidget):
    log_call_requested = Signal(str)  # contact id

    def __init__(self, ctx: AppContext, account_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.account_id = ctx, account_id
        self.dialog: QWidget | None = None
        self.model = ContactsModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.doubleClicked.connect(lambda _index: self.edit())
        add_export_action(ctx, self.table, self.tr("contacts"), self)  # right click: export
        self.note = QLabel()
        row = QWidget()  # wraps onto a second line in the narrow 360° view
        buttons = FlowLayout(row)
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot in (
            ("add", self.tr("Add contact…"), self.add),
            ("edit", self.tr("Edit…"), self.edit),
            ("primary", self.tr("Mark primary"), self.mark_primary),
            ("delete", self.tr("Delete"), self.delete),
            ("call", self.tr("Call by phone"), self.call),
            ("email", self.tr("Send e-mail"), self.email),
            ("log_call", self.tr("Log call…"), self.log_call),
            ("rights", self.tr("Data-subject rights…"), self.rights),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
            self.buttons[key] = button
        layout = QVBoxLayout(self)
        layout.addWidget(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        self.table.selectionModel().selectionChanged.connect(self._enable)
        self._enable()

    def show_contacts(self, contacts: list[ContactRow]) -> None:
        chosen = self.current()
        self.model.set_contacts(contacts)
        for row, contact in enumerate(contacts):
            if chosen is not None and contact.id == chosen.id:
                self.table.selectRow(row)
        self._enable()

    def current(self) -> ContactRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.model.contacts):
            return None
        return self.model.contacts[rows[0].row()]

    def _enable(self) -> None:
        contact = self.current()
        for key in ("edit", "delete", "log_call", "rights"):
            self.buttons[key].setEnabled(contact is not None)
        self.buttons["primary"].setEnabled(contact is not None and not contact.is_primary)
        self.buttons["call"].setEnabled(bool(contact and (contact.mobile or contact.phone)))
        self.buttons["email"].setEnabled(bool(contact and contact.email))

    def _open_dialog(self, contact_id: str | None) -> ContactDialog:
        dialog = ContactDialog(self.ctx, self.account_id, contact_id, self)
        self.dialog = dialog
        dialog.open()
        return dialog

    def add(self) -> None:
        self._open_dialog(None)

    def edit(self) -> None:
        contact = self.current()
        if contact is not None:
            self._open_dialog(contact.id)

    def _write(self, work: Callable[[Session], object]) -> None:
        self.note.clear()
        self.ctx.ops.write(
            work,
            CONTACT_CHANGES,
            None,
            lambda exc: self.note.setText(failure_text(exc, self.ctx.language)),
        )

    def mark_primary(self) -> None:
        contact = self.current()
        if contact is not None:
            cid = contact.id
            self._write(lambda s: accounts.set_primary_contact(s, cid).id)

    def delete(self) -> None:
        contact = self.current()
        if contact is None:
            return
        cid = contact.id
        text = self.tr("Delete the contact %1?").replace("%1", contact.full_name)
        self.dialog = confirm(
            self, text, lambda: self._write(lambda s: accounts.delete_contact(s, cid).id)
        )

    def call(self) -> None:
        contact = self.current()
        number = contact and (contact.mobile or contact.phone)
        if number:
            open_url("tel:" + number)

    def email(self) -> None:
        contact = self.current()
        if contact is not None and contact.email:
            open_url("mailto:" + contact.email)

    def rights(self) -> None:
        """Export or erase the selected contact's data (views/accounts/privacy_dialog.py)."""
        from crm_desktop.views.accounts.privacy_dialog import SubjectRightsDialog

        contact = self.current()
        if contact is not None:
            dialog = SubjectRightsDialog(
                self.ctx, self.account_id, contact.id, contact.full_name, self
            )
            self.dialog = dialog
            dialog.open()

    def log_call(self) -> None:
        contact = self.current()
        if contact is not None:
            self.log_call_requested.emit(contact.id)
