"""Add or correct a contact of an account, with each problem shown under its field."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from crm_desktop.services.accounts import accounts
from crm_desktop.services.accounts.timeline import ContactRow, account_contacts
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.field_errors import FieldErrors
from crm_desktop.views.common.files_tab import AttachmentsDialog, attachments_button
from crm_desktop.views.common.ops import ChangeSet

CONTACT_CHANGES = ChangeSet(tables=frozenset({"contacts"}))


class ContactDialog(QDialog):
    """Contact data: name, job title, phones, e-mail, primary; saved in one operation."""

    contact_saved = Signal(str)  # the contact's id

    def __init__(
        self,
        ctx: AppContext,
        account_id: str,
        contact_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.account_id, self.contact_id = ctx, account_id, contact_id
        self.setWindowTitle(self.tr("New contact") if contact_id is None else self.tr("Contact"))
        self.first_name = QLineEdit()
        self.last_name = QLineEdit()
        self.job_title = QLineEdit()
        self.phone = QLineEdit()
        self.mobile = QLineEdit()
        self.email = QLineEdit()
        self.is_primary = QCheckBox(self.tr("Primary contact of the account"))
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(70)
        self.errors = FieldErrors(QLabel())
        self._build()
        if contact_id is not None:
            self.setEnabled(False)
            ctx.ops.read(self._load_work, self._loaded, self._failed)

    def _build(self) -> None:
        form = QFormLayout()
        rows: list[tuple[str, str, QWidget]] = [
            (self.tr("First name"), "first_name", self.first_name),
            (self.tr("Last name"), "last_name", self.last_name),
            (self.tr("Job title"), "job_title", self.job_title),
            (self.tr("Phone"), "phone", self.phone),
            (self.tr("Mobile"), "mobile", self.mobile),
            (self.tr("E-mail address"), "email", self.email),
            ("", "is_primary", self.is_primary),
            (self.tr("Notes"), "notes", self.notes),
        ]
        for title, name, field in rows:
            self.errors.add_row(form, title, name, field)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.files = attachments_button(
            self.buttons,
            self.tr("Attachments…"),
            self.tr("Photos and documents of this contact (a new one is saved first)."),
            self.open_files,
        )
        self.files_after_save = False
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.buttons)

    def _load_work(self, session: Session) -> ContactRow | None:
        found = [c for c in account_contacts(session, self.account_id) if c.id == self.contact_id]
        return found[0] if found else None

    def _loaded(self, contact: ContactRow | None) -> None:
        self.setEnabled(True)
        if contact is None:
            self.errors.show_general(self.tr("This contact no longer exists."))
            return
        self.set_values(contact)

    def set_values(self, contact: ContactRow) -> None:
        for name in ("first_name", "last_name", "job_title", "phone", "mobile", "email"):
            widget: QLineEdit = getattr(self, name)
            widget.setText(getattr(contact, name) or "")
        self.is_primary.setChecked(contact.is_primary)
        # An account always keeps a primary contact: another one is made primary instead.
        self.is_primary.setEnabled(not contact.is_primary)
        self.notes.setPlainText(contact.notes or "")

    def values(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            name: getattr(self, name).text().strip()
            for name in ("first_name", "last_name", "job_title", "phone", "mobile", "email")
        }
        found["is_primary"] = self.is_primary.isChecked()
        found["notes"] = self.notes.toPlainText().strip()
        return {k: (v if v != "" else None) for k, v in found.items()} | {
            "last_name": found["last_name"]
        }

    def open_files(self) -> None:
        """This contact's files; a new contact is saved first, then they open."""
        if self.contact_id is None:
            self.files_after_save = True
            self.save()
            return
        AttachmentsDialog(self.ctx, self.account_id, ("contacts", self.contact_id),
                          self.parentWidget() or self).open()  # fmt: skip

    def save(self) -> None:
        self.errors.clear()
        values, account_id, contact_id = self.values(), self.account_id, self.contact_id

        def work(session: Session) -> str:
            if contact_id is None:
                return accounts.add_contact(session, account_id, values).id
            return accounts.update_contact(session, contact_id, values).id

        self.buttons.setEnabled(False)
        self.ctx.ops.write(work, CONTACT_CHANGES, self._saved, self._failed)

    def _saved(self, contact_id: str) -> None:
        self.buttons.setEnabled(True)
        self.contact_id = contact_id
        self.contact_saved.emit(contact_id)
        self.accept()
        if self.files_after_save:
            self.files_after_save = False
            self.open_files()

    def _failed(self, exc: Exception) -> None:
        self.files_after_save = False
        self.setEnabled(True)
        self.buttons.setEnabled(True)
        self.errors.show_failure(exc, self.ctx.language)
