"""Small dialogs of the 360° view: add a note, start an opportunity."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
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

from crm_desktop.services.activity import visits
from crm_desktop.services.core.errors import FieldProblem, ValidationError
from crm_desktop.services.core.rules import CURRENCIES
from crm_desktop.services.pipeline import pipeline
from crm_desktop.views.activity.call_dialog import owner_for
from crm_desktop.views.common import fmt
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.field_errors import FieldErrors
from crm_desktop.views.common.files_tab import AttachmentsDialog, attachments_button
from crm_desktop.views.common.labels import choices
from crm_desktop.views.common.ops import ChangeSet
from crm_desktop.views.common.qtime import qnow, typed_dates


class _SaveDialog(QDialog):
    """A form with Save/Cancel whose save runs `work` as one write and shows errors inline."""

    saved = Signal(str)

    def __init__(self, ctx: AppContext, account_id: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx, self.account_id = ctx, account_id
        self.form = QFormLayout()
        self.errors = FieldErrors(QLabel())
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.buttons)

    def write(self, work: Any, changes: ChangeSet) -> None:
        self.errors.clear()
        self.buttons.setEnabled(False)
        self.ctx.ops.write(work, changes, self._saved, self._failed)

    def save(self) -> None:
        raise NotImplementedError

    def _saved(self, row_id: str) -> None:
        self.buttons.setEnabled(True)
        self.saved.emit(row_id)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        self.errors.show_failure(exc, self.ctx.language)


class NoteDialog(_SaveDialog):
    def __init__(self, ctx: AppContext, account_id: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, account_id, parent)
        self.setWindowTitle(self.tr("Add a note"))
        self.subject = QLineEdit()
        self.body = QPlainTextEdit()
        self.errors.add_row(self.form, self.tr("Subject"), "subject", self.subject)
        self.errors.add_row(self.form, self.tr("Note"), "body", self.body)

    def save(self) -> None:
        subject, body = self.subject.text().strip(), self.body.toPlainText().strip()
        account_id, user_id = self.account_id, self.ctx.user_id
        if not body:
            problem = FieldProblem("body", "required", "This field is required.")
            self.errors.show(ValidationError([problem]), self.ctx.language)
            return

        def work(session: Session) -> str:
            values = {
                "account_id": account_id,
                "owner_id": owner_for(session, account_id, user_id),
                "occurred_at": self.ctx.clock.now(),
                "subject": subject,
                "body": body,
            }
            return visits.add_note(session, values).id

        self.write(work, ChangeSet(tables=frozenset({"activities"}), ids=frozenset({account_id})))


class OpportunityDialog(_SaveDialog):
    def __init__(self, ctx: AppContext, account_id: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, account_id, parent)
        self.setWindowTitle(self.tr("New opportunity"))
        self.name = QLineEdit()
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(fmt.number(1250000, 2))
        self.currency = QComboBox()
        for code in CURRENCIES:
            self.currency.addItem(code, code)
        self.stage = QComboBox()
        for code, title in choices("stage")[:5]:  # a new opportunity is not closed yet
            self.stage.addItem(title, code)
        self.expected_close = QDateEdit(qnow(self.ctx.clock).date().addDays(60))
        typed_dates(self.expected_close)
        self.expected_close.setCalendarPopup(True)
        add = self.errors.add_row
        add(self.form, self.tr("Name"), "name", self.name)
        add(self.form, self.tr("Amount"), "amount", self.amount)
        add(self.form, self.tr("Currency"), "currency", self.currency)
        add(self.form, self.tr("Stage"), "stage", self.stage)
        add(self.form, self.tr("Expected close"), "expected_close", self.expected_close)
        self.opportunity_id: str | None = None
        self.files_after_save = False
        self.files = attachments_button(
            self.buttons,
            self.tr("Attachments…"),
            self.tr("Save the opportunity and add its photos and documents."),
            self.save_and_open_files,
        )

    def save_and_open_files(self) -> None:
        self.files_after_save = True
        self.save()

    def _saved(self, row_id: str) -> None:
        self.opportunity_id = row_id
        super()._saved(row_id)
        if self.files_after_save:
            self.files_after_save = False
            AttachmentsDialog(self.ctx, self.account_id, ("opportunities", row_id),
                              self.parentWidget() or self).open()  # fmt: skip

    def _failed(self, exc: Exception) -> None:
        self.files_after_save = False
        super()._failed(exc)

    def values(self) -> dict[str, Any]:
        typed = self.amount.text().strip()
        amount = fmt.parse_decimal(typed) if typed else None
        close = self.expected_close.date()
        return {
            "account_id": self.account_id,
            "name": self.name.text().strip() or None,
            # what the user typed stays visible to the rules when it is not a number
            "amount": amount if amount is not None else (typed or None),
            "currency": self.currency.currentData(),
            "stage": self.stage.currentData(),
            "expected_close": date(close.year(), close.month(), close.day()),
        }

    def save(self) -> None:
        values, user_id = self.values(), self.ctx.user_id

        def work(session: Session) -> str:
            owner = owner_for(session, values["account_id"], user_id)
            return pipeline.create_opportunity(session, values | {"owner_id": owner}).id

        changes = ChangeSet(
            tables=frozenset({"opportunities"}), ids=frozenset({values["account_id"]})
        )
        self.write(work, changes)
