"""AcceptSignedDialog: "Aceptar con firma" — the client signs on the screen, types their name
and id, and the quote is accepted with a record of it (services.quotes.acceptance)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from crm_desktop.documents.proposal import Company
from crm_desktop.documents.signed_files import accept_and_file
from crm_desktop.services.attachments.attachments import policy_of
from crm_desktop.services.core.errors import NotAllowed, ValidationError
from crm_desktop.services.core.signed import client_zone, utc_offset
from crm_desktop.services.quotes.quote_data import QuoteData
from crm_desktop.views.common import fmt
from crm_desktop.views.common.field_errors import FieldErrors, failure_text, with_error
from crm_desktop.views.common.guard import while_alive
from crm_desktop.views.common.ops import ChangeSet
from crm_desktop.views.quotes.signature_pad import SignaturePad

# The ids a signer may give, by the client's country (the first is the usual one).
ID_KINDS = {
    "CO": ("cc", "ce", "nit", "passport"),
    "AR": ("dni", "cuit", "passport"),
    "CL": ("rut", "passport"),
}
ACCEPT_TABLES = frozenset(
    {"quotes", "quote_lines", "quote_acceptances", "quote_revisions", "opportunities",
     "activities", "account_products", "attachments"}
)  # fmt: skip


class AcceptSignedDialog(QDialog):
    accepted_signed = Signal(str)  # the SHA-256 of what was signed

    def __init__(self, ctx: Any, data: QuoteData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.data = ctx, data
        self.setObjectName("accept_signed_dialog")
        self.setWindowTitle(self.tr("Accept with signature · quote {0}").format(data.number))
        self.setModal(True)
        self.resize(640, 560)
        layout = QVBoxLayout(self)
        total = fmt.money(data.totals().grand_total, data.currency)
        intro = QLabel(self.tr("{0} accepts quote {1}, revision {2}, for {3}.").format(
            data.client.legal_name, data.number, data.revision, total))  # fmt: skip
        intro.setWordWrap(True)
        intro.setStyleSheet("font-weight: bold;")
        layout.addWidget(intro)
        layout.addWidget(self._pad_box(), 1)
        layout.addLayout(self._form())
        self.buttons = QDialogButtonBox()
        self.sign = self.buttons.addButton(self.tr("Accept and sign"),
                                           QDialogButtonBox.ButtonRole.AcceptRole)  # fmt: skip
        self.sign.setObjectName("sign")
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.buttons)
        self.pad.changed.connect(self._pad_changed)
        self._pad_changed()

    def _pad_box(self) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        self.pad = SignaturePad()
        self.pad.hint = self.tr("Sign here")
        framed, self.pad_error = with_error(self.pad)
        column.addWidget(QLabel(self.tr("Client's signature")))
        column.addWidget(framed, 1)
        row = QHBoxLayout()
        self.undo_button = QPushButton(self.tr("Undo stroke"))
        self.undo_button.setObjectName("undo_stroke")
        self.redo_button = QPushButton(self.tr("Redo stroke"))
        self.redo_button.setObjectName("redo_stroke")
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.setObjectName("clear_signature")
        for button, slot in ((self.undo_button, self.pad.undo), (self.redo_button, self.pad.redo),
                             (self.clear_button, self.pad.clear)):  # fmt: skip
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        column.addLayout(row)
        return box

    def _form(self) -> QFormLayout:
        form = QFormLayout()
        self.errors = FieldErrors(QLabel())
        self.errors.labels["signature_png"] = self.pad_error
        self.errors.fields["signature_png"] = self.pad
        self.name = QLineEdit(self.data.client.contact_name or "")
        self.name.setObjectName("signer_name")
        self.name.setMaxLength(120)
        self.kind = QComboBox()
        self.kind.setObjectName("signer_id_kind")
        titles = {
            "cc": self.tr("Citizen id card (CC)"), "ce": self.tr("Foreigner id card (CE)"),
            "nit": self.tr("NIT"), "dni": self.tr("DNI"), "cuit": self.tr("CUIT / CUIL"),
            "rut": self.tr("RUT"), "passport": self.tr("Passport"),
        }  # fmt: skip
        for code in ID_KINDS.get(self.data.client.country, tuple(titles)):
            self.kind.addItem(titles[code], code)
        self.number = QLineEdit()
        self.number.setObjectName("signer_id")
        self.number.setMaxLength(32)
        self.moment = QLabel(self._now())
        self.moment.setObjectName("signed_at")
        self.errors.add_row(form, self.tr("Name of who signs"), "signer_name", self.name)
        self.errors.add_row(form, self.tr("Id type"), "signer_id_kind", self.kind)
        self.errors.add_row(form, self.tr("Id number"), "signer_id", self.number)
        form.addRow(self.tr("Date and time"), self.moment)
        return form

    def _now(self) -> str:
        """Now, as the accepted PDF will say it: in the client's zone, with its offset."""
        zone = client_zone(self.data.client.country)
        local = self.ctx.clock.now().astimezone(zone)
        return f"{fmt.ui().moment(local, zone)} ({utc_offset(local)})"

    def _pad_changed(self) -> None:
        self.undo_button.setEnabled(bool(self.pad.strokes))
        self.redo_button.setEnabled(bool(self.pad.undone))
        self.clear_button.setEnabled(bool(self.pad.strokes))
        if not self.pad.is_empty():
            self.pad_error.hide()

    def submit(self) -> None:
        self.errors.clear()
        if self.pad.is_empty():
            self.errors.show_at("signature_png", self.tr("The client has not signed yet."))
            return
        quote_id, png = self.data.id, self.pad.to_png()
        signer = (self.name.text(), self.kind.currentData(), self.number.text())
        db, user, company = self.ctx.database.path, self.ctx.user_id, Company.from_settings(
            self.ctx.settings)  # fmt: skip
        policy = policy_of(self.ctx.settings)

        def work(session: Session) -> str:
            # The signed proposal and the signature are filed with the quote's attachments.
            return accept_and_file(session, db, quote_id, signer, png, company, user, policy).sha256

        self.sign.setEnabled(False)
        self.moment.setText(self._now())
        changes = ChangeSet(tables=ACCEPT_TABLES, ids=frozenset({quote_id}))
        self.ctx.ops.write(work, changes, while_alive(self, self._done),
                           while_alive(self, self._failed))  # fmt: skip

    def _done(self, digest: str) -> None:
        self.accepted_signed.emit(digest)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.sign.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.errors.show(exc, self.ctx.language)
        elif isinstance(exc, NotAllowed):
            self.errors.show_general(exc.text(self.ctx.language))
        else:
            self.errors.show_general(failure_text(exc, self.ctx.language))

    def keyPressEvent(self, event: Any) -> None:
        """Enter in a field does not sign for the client: only the button does."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.sign.hasFocus():
            event.ignore()
            return
        super().keyPressEvent(event)
