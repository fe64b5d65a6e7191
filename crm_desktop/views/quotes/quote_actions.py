"""The quote builder's actions: save, send, revise, duplicate, accept, reject, preview, print,
e-mail. Each is enabled by the quote's status and runs its work through ctx.ops."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QMessageBox, QPushButton
from sqlalchemy.orm import Session

from crm_desktop.services.quotes.mail import (
    MailDraft,
    SmtpConfig,
    draft_for_quote,
    queue_message,
    setup_problems,
)
from crm_desktop.services.quotes.quote_data import QuoteData, load_quote
from crm_desktop.services.quotes.quote_status import (
    accept_quote,
    duplicate_quote,
    new_revision,
    reject_quote,
    send_quote,
)
from crm_desktop.services.quotes.quotes import save_draft
from crm_desktop.views.common.files_tab import AttachmentsDialog
from crm_desktop.views.common.guard import while_alive
from crm_desktop.views.quotes.quote_dialogs import MailDialog, PreviewDialog, print_pdf

STATUS_TABLES = frozenset({"quote_revisions", "opportunities", "activities", "account_products"})
# Which buttons each status allows.
ENABLED = {
    "draft": {"save", "send", "accept_signed", "preview", "print", "email", "duplicate"},
    "sent": {
        "new_revision",
        "accept",
        "accept_signed",
        "reject",
        "preview",
        "print",
        "email",
        "duplicate",
    },
    "accepted": {"preview", "print", "email", "duplicate"},
    "rejected": {"new_revision", "preview", "print", "duplicate"},
    "expired": {"new_revision", "preview", "print", "duplicate"},
}


class QuoteActions(QObject):
    """The buttons of one QuoteBuilder (the widget that owns them, passed in as `builder`)."""

    duplicated = Signal(str)  # the copy's quote id: the builder opens a builder for it

    def __init__(self, builder: Any) -> None:
        super().__init__(builder)
        self.b = builder
        self.buttons: dict[str, QPushButton] = {}
        self.mail_dialog: MailDialog | None = None
        self.preview: PreviewDialog | None = None
        self.sign_dialog: QDialog | None = None

    def buttons_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        for name, text, slot in (
            ("save", self.tr("Save"), self.save),
            ("send", self.tr("Mark as sent"), self.send),
            ("new_revision", self.tr("New revision"), self.revise),
            ("duplicate", self.tr("Duplicate for another account…"), self.duplicate),
            ("accept", self.tr("Accepted"), self.accept),
            ("accept_signed", self.tr("Accept with signature…"), self.accept_signed),
            ("reject", self.tr("Rejected…"), self.reject),
            ("preview", self.tr("Preview"), self.show_preview),
            ("print", self.tr("Print…"), self.print),
            ("email", self.tr("E-mail…"), self.email),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            self.buttons[name] = button
            row.addWidget(button)
            if name == "reject":
                row.addStretch(1)
        self.files = QPushButton(self.tr("Attachments…"))  # any status: not in ENABLED
        self.files.setObjectName("attachments")
        self.files.clicked.connect(self.open_files)
        row.addWidget(self.files)
        return row

    def open_files(self) -> None:
        if self.b.data is not None:
            row = ("quotes", self.b.quote_id)
            AttachmentsDialog(self.b.ctx, self.b.data.account_id, row, self.b).open()

    def update_for(self, status: str) -> None:
        allowed = ENABLED.get(status, set())
        for name, button in self.buttons.items():
            button.setEnabled(name in allowed)

    # -- writes ---------------------------------------------------------------------------
    def _save_then(
        self,
        then: Callable[[Session, str], Any] | None,
        tables: frozenset[str],
        on_success: Callable[[Any], None] | None = None,
    ) -> None:
        collected = self.b.collect()
        if collected is None:
            return
        header, lines = collected
        quote_id = self.b.quote_id

        def work(session: Session) -> Any:
            save_draft(session, quote_id, header, lines)
            return then(session, quote_id) if then is not None else None

        self.b.write(work, tables, on_success)

    def save(self) -> None:
        self._save_then(None, frozenset())

    def send(self) -> None:
        self._save_then(lambda s, q: send_quote(s, q), STATUS_TABLES)

    def revise(self) -> None:
        reason = self.b.ask_text(self.tr("New revision"), self.tr("What changes in this revision?"))
        if reason is not None:
            quote_id = self.b.quote_id
            self.b.write(lambda s: new_revision(s, quote_id, reason.strip() or None), STATUS_TABLES)

    def accept(self) -> None:
        answer = QMessageBox.question(
            self.b, self.tr("Accepted"),
            self.tr("The client accepted this quote? Its opportunity will be closed as won."),
        )  # fmt: skip
        if answer == QMessageBox.StandardButton.Yes:
            quote_id = self.b.quote_id
            self.b.write(lambda s: accept_quote(s, quote_id), STATUS_TABLES)

    def accept_signed(self) -> None:
        """In the client's office: a draft is saved as typed, then the client signs."""
        from crm_desktop.views.quotes.accept_dialog import AcceptSignedDialog

        def open_dialog(_result: object) -> None:
            data = self.b.current_data()
            if data is None:
                return
            self.sign_dialog = AcceptSignedDialog(self.b.ctx, data, self.b)
            self.sign_dialog.accepted_signed.connect(lambda _digest: self.b.reload())
            self.sign_dialog.open()

        if self.b.data is not None and self.b.data.status == "draft":
            self._save_then(None, frozenset(), open_dialog)
        else:
            open_dialog(None)

    def reject(self) -> None:
        reason = self.b.ask_text(self.tr("Rejected"), self.tr("Why did the client say no?"))
        if reason is not None:
            quote_id = self.b.quote_id
            self.b.write(lambda s: reject_quote(s, quote_id, reason), STATUS_TABLES)

    def duplicate(self) -> None:
        from crm_desktop.views.activity.quick_pick import QuickAccountPicker

        picker = QuickAccountPicker(self.b.ctx, self.tr("Duplicate for which account?"), None,
                                    self.b)  # fmt: skip
        picker.account_picked.connect(self._duplicate_for)
        picker.open()

    def _duplicate_for(self, account_id: str) -> None:
        quote_id, owner = self.b.quote_id, self.b.ctx.user_id

        self.b.write(lambda s: duplicate_quote(s, quote_id, account_id, owner).id, frozenset(),
                     self.duplicated.emit)  # fmt: skip

    # -- documents ------------------------------------------------------------------------
    def show_preview(self) -> None:
        def shown(pdf: bytes) -> None:
            self.preview = PreviewDialog(pdf, self.b.filename(), self.b)
            self.preview.show()

        self.b.render_pdf(shown)

    def print(self) -> None:
        self.b.render_pdf(lambda pdf: print_pdf(pdf, self.b, file_name=self.b.filename()))

    def email(self) -> None:
        """The saved quote's proposal, attached to the template's message to the contact."""
        b, quote_id = self.b, self.b.quote_id
        settings, company = b.ctx.settings, b.company

        def work(session: Session) -> tuple[MailDraft, QuoteData, list[str]]:
            data = load_quote(session, quote_id)
            draft = draft_for_quote(session, quote_id, company.name,
                                    settings.get("mail.subject_template"),
                                    settings.get("mail.body_template"),
                                    b.filename())  # fmt: skip
            return draft, data, setup_problems(SmtpConfig.from_settings(settings))

        def drafted(result: tuple[MailDraft, QuoteData, list[str]]) -> None:
            draft, data, problems = result
            b.render_pdf(lambda pdf: self._open_mail(draft, pdf, problems), data)

        b.ctx.ops.read(work, while_alive(b, drafted), while_alive(b, b.failed))

    def _open_mail(self, draft: MailDraft, pdf: bytes, problems: list[str]) -> None:
        def queue(edited: MailDraft, failed: Callable[[Exception], None]) -> None:
            def done(_result: object) -> None:
                if self.mail_dialog is not None:
                    self.mail_dialog.accept()
                self.send_outbox()

            self.b.ctx.ops.write(
                lambda s: queue_message(s, edited, pdf).id,
                _mail_changes(),
                while_alive(self.b, done),
                failed,
            )

        self.mail_dialog = MailDialog(draft, queue, self.b.ctx.language, self.b, problems)
        self.mail_dialog.open()

    def send_outbox(self) -> None:
        """Try the SMTP server now; offline, the message just stays queued."""
        send_mail_in_background(self.b.ctx)


def _mail_changes() -> Any:
    from crm_desktop.views.common.ops import ChangeSet

    return ChangeSet(tables=frozenset({"mail_outbox", "activities"}))


def send_mail_in_background(ctx: Any, reported: Callable[[Any], None] | None = None) -> None:
    """send_queued on a reader worker (network, short write transactions of its own); reported
    gets its SendReport (or the exception), so "Send now" always says what happened."""
    from crm_desktop.services.quotes.mail import send_queued

    config = SmtpConfig.from_settings(ctx.settings)
    sessions = ctx.database.sessions

    def announce(report: object) -> None:
        ctx.ops.changed.emit(_mail_changes())
        if reported is not None:
            reported(report)

    def failed(exc: Exception) -> None:
        if reported is not None:
            reported(exc)

    ctx.ops.read(lambda _s: send_queued(sessions, config), announce, failed)
