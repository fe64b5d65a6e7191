"""Data-subject rights from the 360° view: consent history, export, and anonymize-and-erase.

"Derechos del titular" of a contact, or of an account that is a natural person. Both actions
ask who asked, how, and why (the audit log keeps it); the erase asks for confirmation in words
that say what cannot be undone. The work runs on the Operations' workers; the dialog only shows.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.views.common import fmt
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.field_errors import failure_text
from crm_desktop.views.common.labels import QT_TRANSLATE_NOOP
from crm_desktop.views.common.ops import ChangeSet

ERASE_CHANGES = ChangeSet(tables=frozenset({
    "accounts", "contacts", "visits", "activities", "reminders", "quotes", "quote_revisions",
    "opportunities", "privacy_requests", "consent_events", "sync_outbox",
}))  # fmt: skip
REQUESTERS = (
    ("subject", QT_TRANSLATE_NOOP("Privacy", "The person")),
    ("representative", QT_TRANSLATE_NOOP("Privacy", "A representative")),
    ("authority", QT_TRANSLATE_NOOP("Privacy", "An authority (SIC, AAIP)")),
    ("company", QT_TRANSLATE_NOOP("Privacy", "The company")),
)
CHANNELS = (
    ("email", QT_TRANSLATE_NOOP("Privacy", "E-mail")),
    ("paper", QT_TRANSLATE_NOOP("Privacy", "Signed letter")),
    ("phone", QT_TRANSLATE_NOOP("Privacy", "Phone")),
    ("in_person", QT_TRANSLATE_NOOP("Privacy", "In person")),
    ("web", QT_TRANSLATE_NOOP("Privacy", "Web")),
)
PURPOSES = {
    "data_processing": QT_TRANSLATE_NOOP("Privacy", "data processing"),
    "marketing": QT_TRANSLATE_NOOP("Privacy", "marketing"),
}


class SubjectRightsDialog(QDialog):
    exported = Signal(object)  # [json path, pdf path]
    erased = Signal()
    failed = Signal(str)

    def __init__(
        self,
        ctx: AppContext,
        account_id: str,
        contact_id: str | None,
        name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.account_id, self.contact_id = ctx, account_id, contact_id
        self.confirm_box: QMessageBox | None = None
        self.setWindowTitle(self.tr("Data-subject rights — %1").replace("%1", name))
        self.setMinimumWidth(560)
        intro = QLabel(self.tr(
            "The person may ask for everything held about them, and for its erasure (Colombia: "
            "Ley 1581 de 2012; Argentina: Ley 25.326). Each request is kept in the audit log."
        ))  # fmt: skip
        intro.setWordWrap(True)
        self.consents = QListWidget()
        self.consents.setMaximumHeight(110)
        self.requested_by = self._combo(REQUESTERS)
        self.channel = self._combo(CHANNELS)
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText(self.tr("e.g. She asked by e-mail on 3 March to be erased."))
        self.reason.setMaximumHeight(70)
        form = QFormLayout()
        form.addRow(self.tr("Consent history"), self.consents)
        form.addRow(self.tr("Who asks"), self.requested_by)
        form.addRow(self.tr("How it was asked"), self.channel)
        form.addRow(self.tr("Why (kept in the log)"), self.reason)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.export_button = QPushButton(self.tr("Export the data (JSON and PDF)…"))
        self.export_button.clicked.connect(self.export)
        self.erase_button = QPushButton(self.tr("Anonymize and erase…"))
        self.erase_button.setStyleSheet("color: #b00020;")
        self.erase_button.clicked.connect(self.erase)
        actions = QHBoxLayout()
        actions.addWidget(self.export_button)
        actions.addWidget(self.erase_button)
        actions.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for item in (intro, form, actions, self.status, close):
            layout.addWidget(item) if isinstance(item, QWidget) else layout.addLayout(item)
        self._read_consents()

    def _combo(self, choices: tuple[tuple[str, str], ...]) -> QComboBox:
        from PySide6.QtCore import QCoreApplication

        box = QComboBox()
        for key, title in choices:
            box.addItem(QCoreApplication.translate("Privacy", title), key)
        return box

    def _read_consents(self) -> None:
        from crm_desktop.services.accounts.consent import consent_history

        account, contact = self.account_id, self.contact_id
        self.ctx.ops.read(lambda s: consent_history(s, account, contact), self._show_consents)

    def _show_consents(self, lines: list[Any]) -> None:
        from PySide6.QtCore import QCoreApplication

        self.consents.clear()
        for line in reversed(lines):
            what = QCoreApplication.translate("Privacy", PURPOSES.get(line.purpose, line.purpose))
            verb = self.tr("given") if line.granted else self.tr("withdrawn")
            channel = dict(CHANNELS).get(line.channel, line.channel)
            self.consents.addItem(
                f"{fmt.moment(line.recorded_at)} · {what}: {verb} "
                f"({QCoreApplication.translate('Privacy', channel)})"
            )
        if not lines:
            self.consents.addItem(self.tr("No consent recorded yet."))

    def _request(self) -> tuple[str, str, str, str | None]:
        return (
            str(self.requested_by.currentData()),
            str(self.channel.currentData()),
            self.reason.toPlainText().strip(),
            self.ctx.user_id,
        )

    def _reason_given(self) -> bool:
        """The audit log needs the why: asked here, before anything is done."""
        if len(self.reason.toPlainText().strip()) >= 5:
            return True
        self._say_failure(self.tr("Write why (a few words): it is kept in the audit log."))
        self.reason.setFocus()
        return False

    def _say_failure(self, text: str) -> None:
        self.status.setStyleSheet("color: #b00020;")
        self.status.setText(text)
        self.failed.emit(text)

    def _fail(self, exc: Exception) -> None:
        self._say_failure(failure_text(exc, self.ctx.language))

    # -- export ----------------------------------------------------------------------------
    def export(self) -> None:
        if not self._reason_given():
            return
        folder = QFileDialog.getExistingDirectory(self, self.tr("Where to save the export"))
        if folder:
            self.export_to(Path(folder))

    def export_to(self, folder: Path) -> None:
        from crm_desktop.documents.privacy_export import person_pdf
        from crm_desktop.services.accounts.privacy import person_data, person_json, record_request

        if not self._reason_given():
            return
        account, contact = self.account_id, self.contact_id
        who, channel, reason, done_by = self._request()
        company = str(self.ctx.settings.get("company.name"))
        lang, today = self.ctx.language, self.ctx.clock.now().date()

        def work(s: Any) -> tuple[bytes, bytes]:
            data = person_data(s, account, contact)
            record_request(s, account, contact, "export", who, channel, reason, done_by)
            return person_json(data), person_pdf(data, company, today, lang)

        self.ctx.ops.write(work, ERASE_CHANGES, lambda r: self._save(folder, today, *r), self._fail)

    def _save(self, folder: Path, today: date, json_bytes: bytes, pdf: bytes) -> None:
        from crm_desktop.files import write_atomically

        stem = f"datos-personales-{(self.contact_id or self.account_id)[-8:]}-{today.isoformat()}"
        try:
            paths = [write_atomically(folder / f"{stem}.json", json_bytes),
                     write_atomically(folder / f"{stem}.pdf", pdf)]  # fmt: skip
        except OSError as error:
            self._fail(error)
            return
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Saved %1 and %2.").replace("%1", paths[0].name)
                            .replace("%2", paths[1].name))  # fmt: skip
        self.exported.emit(paths)

    # -- erase -----------------------------------------------------------------------------
    def erase(self) -> None:
        if not self._reason_given():
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Anonymize and erase"))
        box.setText(self.tr(
            "The name, e-mail, phones and notes of this person will be erased for good: on "
            "this laptop now, and on the server and every other laptop when they sync. Quotes "
            "and visits keep their figures. This cannot be undone."
        ))  # fmt: skip
        yes = box.addButton(self.tr("Erase for good"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda _r: self.erase_confirmed() if box.clickedButton() is yes
                             else None)  # fmt: skip
        self.confirm_box = box
        box.open()

    def erase_confirmed(self) -> None:
        from crm_desktop.services.accounts.privacy import anonymize_person, erase_leftovers

        if not self._reason_given():
            return
        account, contact = self.account_id, self.contact_id
        who, channel, reason, done_by = self._request()
        database = self.ctx.database

        def work(s: Any) -> int:
            return anonymize_person(s, account, contact, who, channel, reason, done_by)

        def leftovers(_changed: int) -> None:
            self.ctx.ops.write(
                lambda _s: erase_leftovers(database.engine, database.path),
                ChangeSet(),
                lambda _r: self._erased(),
                self._fail,
            )

        self.ctx.ops.write(work, ERASE_CHANGES, leftovers, self._fail)

    def _erased(self) -> None:
        self.status.setStyleSheet("")
        self.status.setText(self.tr(
            "Erased on this laptop. The server and the other laptops erase it at their next sync."
        ))  # fmt: skip
        self.erase_button.setEnabled(False)
        self.export_button.setEnabled(False)
        self.erased.emit()
