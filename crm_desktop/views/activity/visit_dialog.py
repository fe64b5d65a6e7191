"""Plan or record a visit: when and where, check in and out, outcome and the next step."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from crm_desktop.models import Account, Visit
from crm_desktop.services.accounts.timeline import ContactRow, account_contacts
from crm_desktop.services.activity import visits
from crm_desktop.services.core import crud
from crm_desktop.views.activity.call_dialog import fill_contacts, owner_for, to_utc
from crm_desktop.views.activity.contact_dialog import ContactDialog
from crm_desktop.views.common import fmt
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.field_errors import FieldErrors
from crm_desktop.views.common.files_tab import AttachmentsDialog, attachments_button
from crm_desktop.views.common.labels import choices
from crm_desktop.views.common.ops import ChangeSet
from crm_desktop.views.common.qtime import qnow, typed_dates

VISIT_CHANGES = ChangeSet(tables=frozenset({"visits", "activities", "reminders"}))


@dataclass(frozen=True)
class VisitData:
    """A visit as the dialog edits it (never an ORM row across threads)."""

    contact_id: str | None
    planned_at: datetime
    place: str | None
    purpose: str | None
    checked_in_at: datetime | None
    checked_out_at: datetime | None
    notes: str | None
    outcome: str | None
    rejection_reason: str | None
    next_step: str | None
    follow_up_on: date | None


def _read_visit(session: Session, visit_id: str) -> VisitData:
    v = crud.get_live(session, Visit, visit_id)
    return VisitData(
        v.contact_id,
        v.planned_at,
        v.place,
        v.purpose,
        v.checked_in_at,
        v.checked_out_at,
        v.notes,
        v.outcome,
        v.rejection_reason,
        v.next_step,
        v.follow_up_on,
    )


def _account_name(session: Session, account_id: str) -> str:
    account = session.get(Account, account_id)
    return account.legal_name if account is not None else ""


def _local(moment: datetime) -> QDateTime:
    return QDateTime.fromSecsSinceEpoch(int(moment.timestamp()))


def save_visit(
    session: Session,
    visit_id: str | None,
    values: dict[str, Any],
    before: VisitData | None,
    user_id: str | None,
) -> str:
    """Plan (or update), check in/out and record the outcome in one transaction."""
    plan = {k: values[k] for k in ("contact_id", "planned_at", "place", "purpose")}
    if visit_id is None:
        owner = owner_for(session, values["account_id"], user_id)
        plan |= {"account_id": values["account_id"], "owner_id": owner}
        visit_id = visits.plan_visit(session, plan).id
    else:
        visits.update_visit(session, visit_id, plan)
    if values["checked_in_at"] and (before is None or before.checked_in_at is None):
        visits.check_in(session, visit_id, values["checked_in_at"])
    if values["checked_out_at"] and (before is None or before.checked_out_at is None):
        visits.check_out(session, visit_id, values["checked_out_at"])
    rest = {
        k: values[k] for k in ("notes", "outcome", "rejection_reason", "next_step", "follow_up_on")
    }
    decided = before is None or (before.outcome, before.follow_up_on) != (
        rest["outcome"],
        rest["follow_up_on"],
    )
    if rest["outcome"] and decided:
        visits.record_outcome(session, visit_id, rest)  # the follow-up becomes a reminder
    else:
        visits.update_visit(session, visit_id, rest)
    return visit_id


class VisitDialog(QDialog):
    """A visit of one account; with no visit_id it plans one (or records one happening now)."""

    visit_saved = Signal(str)  # the visit's id

    def __init__(
        self,
        ctx: AppContext,
        account_id: str,
        visit_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.account_id, self.visit_id = ctx, account_id, visit_id
        self.before: VisitData | None = None
        self.checked_in_at: datetime | None = None
        self.checked_out_at: datetime | None = None
        self.setWindowTitle(self.tr("Visit"))
        self.setMinimumWidth(560)
        self.account_name = QLabel()
        font = self.account_name.font()
        font.setBold(True)
        self.account_name.setFont(font)
        self.errors = FieldErrors(QLabel())
        self._make_fields()
        self._build()
        self._reload_contacts()
        if visit_id is not None:
            self.setEnabled(False)
            ctx.ops.read(lambda s: _read_visit(s, visit_id), self._loaded, self._failed)

    def _make_fields(self) -> None:
        now = qnow(self.ctx.clock)
        self.day = QDateEdit(now.date())
        typed_dates(self.day)
        self.day.setCalendarPopup(True)
        self.time = QTimeEdit(QTime(now.time().hour(), now.time().minute()))
        self.place = QLineEdit()
        self.purpose = QLineEdit()
        self.contact = QComboBox()
        self.contact.setMinimumWidth(220)
        self.new_contact = QPushButton(self.tr("New contact…"))
        self.edit_contact = QPushButton(self.tr("Correct contact…"))
        self.check_in_button = QPushButton(self.tr("Check in now"))
        self.check_out_button = QPushButton(self.tr("Check out now"))
        self.check_in_label, self.check_out_label = QLabel(), QLabel()
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(80)
        self.outcome = QComboBox()
        self.outcome.addItem(self.tr("(not yet)"), None)
        for code, title in choices("outcome"):
            self.outcome.addItem(title, code)
        self.rejection_reason = QLineEdit()
        self.next_step = QLineEdit()
        self.follow_up = QCheckBox(self.tr("Follow up on"))
        self.follow_up_on = QDateEdit(now.date().addDays(7))
        typed_dates(self.follow_up_on)
        self.follow_up_on.setCalendarPopup(True)

    def _row(self, *widgets: QWidget, stretch_first: bool = False) -> QWidget:
        box = QWidget()
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        for number, widget in enumerate(widgets):
            layout.addWidget(widget, 1 if stretch_first and number == 0 else 0)
        if not stretch_first:
            layout.addStretch(1)
        return box

    def _build(self) -> None:
        form = QFormLayout()
        add = self.errors.add_row
        add(form, self.tr("Date and time"), "planned_at", self._row(self.day, self.time))
        add(form, self.tr("Place"), "place", self.place)
        add(form, self.tr("Purpose"), "purpose", self.purpose)
        add(form, self.tr("Contact"), "contact_id", self.contact)
        form.addRow("", self._row(self.new_contact, self.edit_contact))
        add(
            form,
            self.tr("Check-in"),
            "checked_in_at",
            self._row(self.check_in_button, self.check_in_label),
        )
        add(
            form,
            self.tr("Check-out"),
            "checked_out_at",
            self._row(self.check_out_button, self.check_out_label),
        )
        add(form, self.tr("Notes"), "notes", self.notes)
        add(form, self.tr("Outcome"), "outcome", self.outcome)
        add(form, self.tr("Why they said no"), "rejection_reason", self.rejection_reason)
        add(form, self.tr("Next step"), "next_step", self.next_step)
        add(form, "", "follow_up_on", self._row(self.follow_up, self.follow_up_on))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.files = attachments_button(self.buttons, self.tr("Attachments…"),
                                        self.tr("Photos and documents of this visit."),
                                        self.open_files)  # fmt: skip
        self.files.setEnabled(self.visit_id is not None)  # a new visit: once it is saved
        layout = QVBoxLayout(self)
        layout.addWidget(self.account_name)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.buttons)
        self.check_in_button.clicked.connect(self.check_in)
        self.check_out_button.clicked.connect(self.check_out)
        self.new_contact.clicked.connect(lambda: self._open_contact(None))
        self.edit_contact.clicked.connect(lambda: self._open_contact(self.contact.currentData()))
        self.contact.currentIndexChanged.connect(self._enable)
        self.outcome.currentIndexChanged.connect(self._enable)
        self.follow_up.toggled.connect(self._enable)
        self._enable()

    def _enable(self) -> None:
        self.edit_contact.setEnabled(self.contact.currentData() is not None)
        self.rejection_reason.setEnabled(self.outcome.currentData() == "rejected")
        self.follow_up_on.setEnabled(self.follow_up.isChecked())
        self.check_in_button.setEnabled(self.checked_in_at is None)
        self.check_out_button.setEnabled(
            self.checked_in_at is not None and self.checked_out_at is None
        )
        self.check_in_label.setText(fmt.moment(self.checked_in_at))
        self.check_out_label.setText(fmt.moment(self.checked_out_at))

    # -- contacts, corrected or added during the visit itself -------------------------------
    def _reload_contacts(self, select: str | None = None) -> None:
        def loaded(found: tuple[str, list[ContactRow]]) -> None:
            name, contacts = found
            self.account_name.setText(name)
            self.setWindowTitle(self.tr("Visit") + " — " + name)
            fill_contacts(self.contact, contacts, self.tr("(nobody in particular)"))
            if select is not None:
                self.contact.setCurrentIndex(max(self.contact.findData(select), 0))

        aid = self.account_id
        self.ctx.ops.read(lambda s: (_account_name(s, aid), account_contacts(s, aid)), loaded)

    def _open_contact(self, contact_id: str | None) -> None:
        dialog = ContactDialog(self.ctx, self.account_id, contact_id, self)
        dialog.contact_saved.connect(lambda saved: self._reload_contacts(saved))
        dialog.open()
        self.contact_dialog = dialog

    # -- check in and out: the times are recorded now, saved with the visit ------------------
    def check_in(self) -> None:
        self.checked_in_at = self.ctx.clock.now()
        self._enable()

    def check_out(self) -> None:
        self.checked_out_at = self.ctx.clock.now()
        self._enable()

    def _loaded(self, data: VisitData) -> None:
        self.setEnabled(True)
        self.before = data
        local = _local(data.planned_at)
        self.day.setDate(local.date())
        self.time.setTime(local.time())
        self.place.setText(data.place or "")
        self.purpose.setText(data.purpose or "")
        self._reload_contacts(data.contact_id)
        self.checked_in_at, self.checked_out_at = data.checked_in_at, data.checked_out_at
        self.notes.setPlainText(data.notes or "")
        self.outcome.setCurrentIndex(max(self.outcome.findData(data.outcome), 0))
        self.rejection_reason.setText(data.rejection_reason or "")
        self.next_step.setText(data.next_step or "")
        self.follow_up.setChecked(data.follow_up_on is not None)
        if data.follow_up_on is not None:
            f = data.follow_up_on
            self.follow_up_on.setDate(QDate(f.year, f.month, f.day))
        self._enable()

    def values(self) -> dict[str, Any]:
        def text(widget: QLineEdit) -> str | None:
            return widget.text().strip() or None

        follow = self.follow_up_on.date()
        return {
            "account_id": self.account_id,
            "contact_id": self.contact.currentData(),
            "planned_at": to_utc(QDateTime(self.day.date(), self.time.time())),
            "place": text(self.place),
            "purpose": text(self.purpose),
            "checked_in_at": self.checked_in_at,
            "checked_out_at": self.checked_out_at,
            "notes": self.notes.toPlainText().strip() or None,
            "outcome": self.outcome.currentData(),
            "rejection_reason": text(self.rejection_reason)
            if self.outcome.currentData() == "rejected"
            else None,
            "next_step": text(self.next_step),
            "follow_up_on": date(follow.year(), follow.month(), follow.day())
            if self.follow_up.isChecked()
            else None,
        }

    def open_files(self) -> None:
        if self.visit_id is not None:
            AttachmentsDialog(self.ctx, self.account_id, ("visits", self.visit_id), self).open()

    def save(self) -> None:
        self.errors.clear()
        values, visit_id, before, user_id = (
            self.values(),
            self.visit_id,
            self.before,
            self.ctx.user_id,
        )
        self.buttons.setEnabled(False)
        self.ctx.ops.write(
            lambda s: save_visit(s, visit_id, values, before, user_id),
            VISIT_CHANGES,
            self._saved,
            self._failed,
        )

    def _saved(self, visit_id: str) -> None:
        self.buttons.setEnabled(True)
        self.visit_id = visit_id
        self.visit_saved.emit(visit_id)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.setEnabled(True)
        self.buttons.setEnabled(True)
        self.errors.show_failure(exc, self.ctx.language)
