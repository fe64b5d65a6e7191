"""The quote builder's dialogs: PDF preview (QtPdf), printing, the e-mail and the mail outbox.

The PDF bytes are made off the GUI thread (ctx.ops.read); these dialogs only show them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import (
    QRectF,
    QSize,
    QStandardPaths,
    Qt,
    Signal,
)
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.services.core.errors import ValidationError
from crm_desktop.services.quotes.mail import MailDraft, MailState, SendReport
from crm_desktop.services.quotes.mail_errors import explain_error
from crm_desktop.views.common import fmt
from crm_desktop.views.common.field_errors import FieldErrors, failure_text
from crm_desktop.views.common.pdf_preview import PreviewDialog as PreviewDialog
from crm_desktop.views.common.pdf_preview import pdf_document

PRINT_DPI = 300
WARNING_STYLE = "background: #fff4e5; color: #7a4100; padding: 6px; border: 1px solid #f0b36b;"


def print_pdf(
    pdf: bytes,
    parent: QWidget,
    printer: QPrinter | None = None,
    ask: bool = True,
    file_name: str = "",
) -> bool:
    """Print the PDF through the system print dialog; each page drawn by QtPdf at 300 dpi.

    "Print to file" (a PDF) writes the proposal's own vector PDF, text selectable and small,
    not page images; its file name starts as the quote's, in the user's documents folder."""
    printer = printer or QPrinter(QPrinter.PrinterMode.HighResolution)
    if file_name and not printer.outputFileName():
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        printer.setOutputFileName(str(Path(folder or Path.home()) / file_name))
    if ask and QPrintDialog(printer, parent).exec() != QDialog.DialogCode.Accepted:
        return False
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
        Path(printer.outputFileName()).write_bytes(pdf)
        return True
    document = pdf_document(pdf, parent)
    painter = QPainter()
    if not painter.begin(printer):
        return False
    try:
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            _draw_page(painter, document, page)
    finally:
        painter.end()
    return True


def _draw_page(painter: QPainter, document: QPdfDocument, page: int) -> None:
    """The page rendered at 300 dpi, fitted into the printable area keeping its proportions."""
    points = document.pagePointSize(page)
    image = document.render(page, QSize(int(points.width() * PRINT_DPI / 72),
                                        int(points.height() * PRINT_DPI / 72)))  # fmt: skip
    area = painter.viewport()
    scale = min(area.width() / max(points.width(), 1), area.height() / max(points.height(), 1))
    target = QRectF(0, 0, points.width() * scale, points.height() * scale)
    painter.drawImage(target, image)


class MailDialog(QDialog):
    """The quote's e-mail, prefilled from the template; Queue puts it in the mail outbox."""

    def __init__(
        self,
        draft: MailDraft,
        queue: Callable[[MailDraft, Callable[[Exception], None]], None],
        lang: str,
        parent: QWidget | None = None,
        setup_problems: Sequence[str] = (),
    ) -> None:
        super().__init__(parent)
        self.draft, self.queue, self.lang = draft, queue, lang
        self.setWindowTitle(self.tr("E-mail the quote"))
        # What keeps the message from leaving, said before it is queued (issue 11, item 2).
        self.setup_warning = QLabel()
        self.setup_warning.setObjectName("mail_setup_warning")
        self.setup_warning.setWordWrap(True)
        self.setup_warning.setStyleSheet(WARNING_STYLE)
        if setup_problems:
            self.setup_warning.setText(
                self.tr("This message will wait in the outbox and not leave until this is fixed:")
                + "".join(f"\n• {problem}" for problem in setup_problems)
            )
        self.setup_warning.setVisible(bool(setup_problems))
        self.resize(620, 520)
        self.to = QLineEdit(draft.to)
        self.to.setObjectName("mail_to")
        self.cc = QLineEdit(draft.cc)
        self.subject = QLineEdit(draft.subject)
        self.subject.setObjectName("mail_subject")
        self.body = QPlainTextEdit(draft.body)
        form = QFormLayout()
        self.errors = FieldErrors(QLabel())
        self.errors.add_row(form, self.tr("To"), "to", self.to)
        self.errors.add_row(form, self.tr("Cc"), "cc", self.cc)
        self.errors.add_row(form, self.tr("Subject"), "subject", self.subject)
        form.addRow(self.tr("Attachment"), QLabel(draft.attachment_name or ""))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.queue_button = QPushButton(self.tr("Queue for sending"))
        self.queue_button.setObjectName("mail_queue")
        buttons.addButton(self.queue_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self._queue)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.setup_warning)
        layout.addLayout(form)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.errors.general)
        layout.addWidget(QLabel(self.tr("Offline, the message waits in the outbox and is sent "
                                        "when the laptop is online.")))  # fmt: skip
        layout.addWidget(buttons)

    def edited_draft(self) -> MailDraft:
        return MailDraft(
            to=self.to.text(),
            cc=self.cc.text(),
            subject=self.subject.text(),
            body=self.body.toPlainText(),
            attachment_name=self.draft.attachment_name,
            quote_id=self.draft.quote_id,
            account_id=self.draft.account_id,
        )

    def _queue(self) -> None:
        self.errors.clear()
        self.queue_button.setEnabled(False)
        self.queue(self.edited_draft(), self._failed)

    def _failed(self, exc: Exception) -> None:
        self.queue_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.errors.show(exc, self.lang)
        else:
            self.errors.general.setText(failure_text(exc, self.lang))
            self.errors.general.show()


class OutboxDialog(QDialog):
    """The mail outbox: each message's state in words (queued, sending, sent, failed and why),
    and Send now, which always says what happened."""

    send_requested = Signal()

    def __init__(self, rows: list[MailState], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Mail outbox"))
        self.resize(900, 400)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("outbox_table")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("To"),
                self.tr("Subject"),
                self.tr("State"),
                self.tr("Attempts"),
                self.tr("Last attempt"),
            ]
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName("outbox_status")
        self.status.setWordWrap(True)
        self.set_rows(rows)
        self.send_button = QPushButton(self.tr("Send now"))
        self.send_button.setObjectName("outbox_send_now")
        self.send_button.clicked.connect(self._send)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.send_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

    def state_text(self, row: MailState) -> str:
        if row.state == "sent":
            return self.tr("Sent {0}").format(fmt.moment(row.sent_at)).strip()
        if row.state == "sending":
            return self.tr("Sending…")
        if row.state == "failed":
            return self.tr("Failed: {0}").format(explain_error(row.error))
        if row.error:
            return self.tr("Queued; last try: {0}").format(explain_error(row.error))
        return self.tr("Queued, not tried yet") if not row.attempts else self.tr("Queued")

    def set_rows(self, rows: list[MailState]) -> None:
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            values = [row.to, row.subject, self.state_text(row), str(row.attempts),
                      fmt.moment(row.last_attempt_at)]  # fmt: skip
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if c == 2 and row.error:
                    item.setToolTip(row.error)  # the technical text, for support
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.resizeRowsToContents()

    def _send(self) -> None:
        self.send_button.setEnabled(False)
        self.status.setText(self.tr("Sending…"))
        self.send_requested.emit()

    def show_report(self, report: SendReport | Exception) -> None:
        """What Send now did, every time it is pressed."""
        self.send_button.setEnabled(True)
        if isinstance(report, Exception):
            text = self.tr("Sending failed: {0}").format(report)
        elif report.missing:
            text = self.tr("Nothing was sent; %n message(s) wait for:", "", report.waiting)
            text += "".join(f"\n• {problem}" for problem in report.missing)
        elif not (report.sent or report.failed or report.waiting):
            text = self.tr("Nothing to send: the outbox has no queued message.")
        else:
            text = self.tr("Sent: {0}. Failed: {1}. Still queued: {2}.").format(
                report.sent, report.failed, report.waiting
            )
            if report.error:
                text += " " + explain_error(report.error)
        self.status.setText(text)
