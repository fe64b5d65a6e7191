"""Log a call: who, the answer (a call back becomes a reminder), subject, notes, duration."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from crm_desktop.models import Account
from crm_desktop.services.accounts.timeline import ContactRow, account_contacts
from crm_desktop.services.activity import visits
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.field_errors import FieldErrors
from crm_desktop.views.common.labels import choices
from crm_desktop.views.common.ops import ChangeSet
from crm_desktop.views.common.qtime import qnow, typed_dates

CALL_CHANGES = ChangeSet(tables=frozenset({"activities", "reminders"}))


def owner_for(session: Session, account_id: str, user_id: str | None) -> str | None:
    """Whoever records it: the signed-in rep, or else the account's owner."""
    if user_id is not None:
        return user_id
    account = session.get(Account, account_id)
    return account.owner_id if account is not None else None


def _account_name(session: Session, account_id: str) -> str:
    account = session.get(Account, account_id)
    return account.legal_name if account is not None else ""


def to_utc(value: QDateTime) -> datetime:
    """A local date and time from an editor as an aware UTC datetime."""
    return datetime.fromtimestamp(value.toSecsSinceEpoch(), UTC)


def fill_contacts(combo: QComboBox, contacts: list[ContactRow], none_text: str) -> None:
    """Contacts as combo items (data: id), keeping the current choice where it still exists."""
    current = combo.currentData()
    combo.clear()
    combo.addItem(none_text, None)
    for contact in contacts:
        title = f" — {contact.job_title}" if contact.job_title else ""
        combo.addItem(contact.full_name + title, contact.id)
    index = combo.findData(current)
    combo.setCurrentIndex(max(index, 0))


class CallDialog(QDialog):
    """One call to one of the account's contacts, saved in one operation."""

    call_logged = Signal(str)  # the activity's id

    def __init__(
        self,
        ctx: AppContext,
        account_id: str,
        contact_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.account_id = ctx, account_id
        self.setWindowTitle(self.tr("Log a call"))
        # Which account the call is for, in large type at the top (issue 11, item 18).
        self.account_name = QLabel()
        self.account_name.setObjectName("call_account")
        font = self.account_name.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.account_name.setFont(font)
        self.contact = QComboBox()
        self.contact.addItem(self.tr("(nobody in particular)"), None)
        if contact_id is not None:
            self.contact.addItem("…", contact_id)
            self.contact.setCurrentIndex(1)
        self.answer = QComboBox()
        for code, title in choices("call_result"):
            self.answer.addItem(title, code)
        self.call_back_at = QDateTimeEdit(qnow(ctx.clock).addDays(1))
        typed_dates(self.call_back_at)
        self.subject = QLineEdit()
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(90)
        self.duration = QSpinBox()
        self.duration.setRange(0, 24 * 60)
        self.duration.setSuffix(self.tr(" min"))
        self.errors = FieldErrors(QLabel())
        self._build()
        self.answer.currentIndexChanged.connect(self._result_changed)
        self._result_changed()
        ctx.ops.read(
            lambda s: (_account_name(s, account_id), account_contacts(s, account_id)),
            self._contacts_loaded,
        )

    def _build(self) -> None:
        form = QFormLayout()
        self.errors.add_row(form, self.tr("Contact"), "contact_id", self.contact)
        self.errors.add_row(form, self.tr("Answer"), "call_result", self.answer)
        self.errors.add_row(form, self.tr("Call back on"), "call_back_at", self.call_back_at)
        self.errors.add_row(form, self.tr("Subject"), "subject", self.subject)
        self.errors.add_row(form, self.tr("Notes"), "body", self.notes)
        self.errors.add_row(form, self.tr("Duration"), "duration_minutes", self.duration)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.account_name)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.buttons)

    def _contacts_loaded(self, found: tuple[str, list[ContactRow]]) -> None:
        name, contacts = found
        self.account_name.setText(name)
        self.setWindowTitle(self.tr("Log a call") + " — " + name)
        fill_contacts(self.contact, contacts, self.tr("(nobody in particular)"))

    def _result_changed(self) -> None:
        self.call_back_at.setEnabled(self.answer.currentData() == "call_back")

    def values(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "account_id": self.account_id,
            "contact_id": self.contact.currentData(),
            "call_result": self.answer.currentData(),
            "subject": self.subject.text().strip(),
            "body": self.notes.toPlainText().strip() or None,
            "duration_minutes": self.duration.value(),
            "occurred_at": self.ctx.clock.now(),
        }
        if found["call_result"] == "call_back":
            found["call_back_at"] = to_utc(self.call_back_at.dateTime())
        return found

    def save(self) -> None:
        self.errors.clear()
        values, user_id = self.values(), self.ctx.user_id
        if (
            values.get("call_back_at") is not None
            and values["call_back_at"] <= values["occurred_at"]
        ):
            self.errors.show_at("call_back_at", self.tr("Choose a time after now."))
            return

        def work(session: Session) -> str:
            owner = owner_for(session, values["account_id"], user_id)
            return visits.log_call(session, values | {"owner_id": owner}).id

        self.buttons.setEnabled(False)
        self.ctx.ops.write(work, CALL_CHANGES, self._saved, self._failed)

    def _saved(self, activity_id: str) -> None:
        self.buttons.setEnabled(True)
        self.call_logged.emit(activity_id)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        self.errors.show_failure(exc, self.ctx.language)
