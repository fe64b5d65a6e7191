"""The Quotes page: every quote with its status, number, account, validity, total and e-mail
state; search and status filter; open one in the builder; start a new one; the mail outbox."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from crm_desktop.services.core.currencies import pricing_places
from crm_desktop.services.quotes.mail import outbox, release_stale
from crm_desktop.services.quotes.quote_list import QuoteRow, count_quotes, list_quotes
from crm_desktop.services.quotes.quote_status import expire_due_quotes
from crm_desktop.services.quotes.quotes import create_quote, default_currency
from crm_desktop.views.common import fmt
from crm_desktop.views.common.columns import fit_columns
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.guard import while_alive
from crm_desktop.views.common.labels import choices, label
from crm_desktop.views.common.ops import ChangeSet
from crm_desktop.views.common.table_export import FullSource, add_export_action
from crm_desktop.views.quotes.quote_actions import send_mail_in_background
from crm_desktop.views.quotes.quote_builder import QuoteBuilder
from crm_desktop.views.quotes.quote_dialogs import OutboxDialog
from crm_desktop.views.quotes.quote_lines_model import money

Index = QModelIndex | QPersistentModelIndex
PAGE = 100
MAIL_RETRY_MS = 5 * 60 * 1000
WATCHED = ("quotes", "quote_lines", "mail_outbox", "accounts")
HEADERS = (
    QT_TRANSLATE_NOOP("QuotesModel", "Number"),
    QT_TRANSLATE_NOOP("QuotesModel", "Rev."),
    QT_TRANSLATE_NOOP("QuotesModel", "Status"),
    QT_TRANSLATE_NOOP("QuotesModel", "Account"),
    QT_TRANSLATE_NOOP("QuotesModel", "Issued"),
    QT_TRANSLATE_NOOP("QuotesModel", "Valid until"),
    QT_TRANSLATE_NOOP("QuotesModel", "Total"),
    QT_TRANSLATE_NOOP("QuotesModel", "E-mail"),
)
MAIL_STATES = {
    "queued": QT_TRANSLATE_NOOP("QuotesModel", "Queued"),
    "sending": QT_TRANSLATE_NOOP("QuotesModel", "Sending"),
    "sent": QT_TRANSLATE_NOOP("QuotesModel", "Sent"),
    "failed": QT_TRANSLATE_NOOP("QuotesModel", "Failed"),
}


def _tr(text: object) -> str:
    return QCoreApplication.translate("QuotesModel", str(text))


class QuotesModel(QAbstractTableModel):
    """Quotes a page at a time: the view asks for more as it scrolls (fetchMore)."""

    def __init__(self, ctx: AppContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[QuoteRow] = []
        self.total = 0
        self.text = ""
        self.status: str | None = None
        self.loading = False
        self.generation = 0  # answers to an older filter are dropped

    def reload(self, text: str, status: str | None) -> None:
        self.text, self.status = text, status
        self.generation += 1
        generation, owner = self.generation, self.ctx.user_id

        def work(session: Session) -> tuple[int, list[QuoteRow]]:
            return (count_quotes(session, text, status, owner),
                    list_quotes(session, text, status, owner, 0, PAGE))  # fmt: skip

        self.loading = True
        # Guarded: a read may answer after the page (and this model) were closed.
        self.ctx.ops.read(
            work, while_alive(self, lambda result: self._replace(generation, *result))
        )

    def _replace(self, generation: int, total: int, rows: list[QuoteRow]) -> None:
        if generation != self.generation:
            return
        self.beginResetModel()
        self.total, self.rows, self.loading = total, rows, False
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self.loading and len(self.rows) < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        text, status, offset = self.text, self.status, len(self.rows)
        generation, owner = self.generation, self.ctx.user_id
        self.loading = True

        def appended(rows: list[QuoteRow]) -> None:
            self._append(generation, offset, rows)

        self.ctx.ops.read(lambda s: list_quotes(s, text, status, owner, offset, PAGE),
                          while_alive(self, appended))  # fmt: skip

    def _append(self, generation: int, offset: int, rows: list[QuoteRow]) -> None:
        if generation != self.generation or offset != len(self.rows):
            return
        self.loading = False
        if rows:
            self.beginInsertRows(QModelIndex(), offset, offset + len(rows) - 1)
            self.rows.extend(rows)
            self.endInsertRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(HEADERS)):  # fmt: skip
            return _tr(HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (1, 6):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def export_source(self) -> FullSource:
        """Every quote of the search and status (not only the loaded pages), typed cells."""
        text, status, owner = self.text, self.status, self.ctx.user_id

        def load(session: Session) -> list[QuoteRow]:
            return list_quotes(
                session, text, status, owner, 0, count_quotes(session, text, status, owner)
            )

        def cells(row: QuoteRow) -> list[Any]:
            shown = [self._text(row, column) for column in range(len(HEADERS))]
            return [*shown[:1], row.revision, *shown[2:4], row.issued_on, row.valid_until,
                    row.total, shown[7]]  # fmt: skip

        kinds = ("text", "int", "text", "text", "date", "date", "money", "text")
        return FullSource(load, cells, kinds)

    def _text(self, row: QuoteRow, column: int) -> str:
        values = (
            row.number,
            str(row.revision),
            label("quote_status", row.status),
            row.account_name,
            fmt.day(row.issued_on),
            fmt.day(row.valid_until),
            money(row.total, row.currency, pricing_places(row.currency, row.sent_at)),
            _tr(MAIL_STATES[row.mail_state]) if row.mail_state in MAIL_STATES else "",
        )
        return values[column]


class QuotesPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.builders: list[QuoteBuilder] = []
        self.outbox_dialog: OutboxDialog | None = None
        self.search = QLineEdit()
        self.search.setObjectName("quote_search")
        self.search.setPlaceholderText(self.tr("Search by number or account"))
        self.status = QComboBox()
        self.status.setObjectName("quote_status_filter")
        self.status.addItem(self.tr("All statuses"), None)
        for code, text in choices("quote_status"):
            self.status.addItem(text, code)
        new = QPushButton(self.tr("New quote…"))
        new.setObjectName("new_quote")
        new.clicked.connect(self.new_quote)
        mail = QPushButton(self.tr("Mail outbox"))
        mail.clicked.connect(self.show_outbox)
        top = QHBoxLayout()
        for widget in (self.search, self.status, new, mail):
            top.addWidget(widget)
        self.model = QuotesModel(ctx, self)
        self.table = QTableView()
        self.table.setObjectName("quotes_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        fit_columns(self.table, stretch=3)  # number, status, total fit; the account stretches
        self.table.doubleClicked.connect(self._open_index)
        self.count = QLabel()
        self.export_status = QLabel()  # "Saved to …" after an export
        self.exporter = add_export_action(ctx, self.table, self.tr("quotes"), self,
                                          self.export_status)  # fmt: skip
        self.exporter.source = self.model.export_source
        export = QPushButton(self.tr("Export…"))
        export.setObjectName("export_quotes")
        export.clicked.connect(self.exporter.ask_and_export)
        top.addWidget(export)
        self.model.modelReset.connect(self._show_count)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.export_status)
        self.timer = QTimer(self, singleShot=True, interval=200)
        self.timer.timeout.connect(self.refresh)
        self.search.textEdited.connect(lambda _t: self.timer.start())
        self.status.currentIndexChanged.connect(lambda _i: self.refresh())
        ctx.ops.changed.connect(self._on_changed)
        # Sent quotes past their validity become expired as soon as the page opens.
        ctx.ops.write(expire_due_quotes, ChangeSet(tables=frozenset({"quotes"})))
        self.refresh()
        # Messages a crash left "sending" go back to the queue; then retry the queue now and
        # every few minutes, so mail goes out once the laptop is online.
        sessions = ctx.database.sessions
        ctx.ops.read(lambda _s: release_stale(sessions),
                     while_alive(self, lambda _r: send_mail_in_background(ctx)))  # fmt: skip
        self.mail_timer = QTimer(self, interval=MAIL_RETRY_MS)
        self.mail_timer.timeout.connect(lambda: send_mail_in_background(ctx))
        self.mail_timer.start()

    def refresh(self) -> None:
        self.model.reload(self.search.text(), self.status.currentData())

    def _on_changed(self, changes: ChangeSet) -> None:
        if changes.touches(*WATCHED):
            self.refresh()

    def _show_count(self) -> None:
        self.count.setText(self.tr("%n quote(s)", "", self.model.total))

    def _open_index(self, index: QModelIndex) -> None:
        quote_id = index.data(Qt.ItemDataRole.UserRole)
        if quote_id:
            self.open_builder(str(quote_id))

    def open_builder(self, quote_id: str, new: bool = False) -> QuoteBuilder:
        builder = QuoteBuilder(self.ctx, quote_id, self, new=new)
        self.builders = [b for b in self.builders if b.isVisible()] + [builder]
        builder.show()
        return builder

    def new_quote(self) -> None:
        from crm_desktop.views.activity.quick_pick import QuickAccountPicker

        picker = QuickAccountPicker(self.ctx, self.tr("New quote for which account?"), None, self)
        picker.account_picked.connect(self.create_for)
        picker.open()

    def create_for(self, account_id: str) -> None:
        settings, owner = self.ctx.settings, self.ctx.user_id
        rates = {"USD": settings.get("quotes.rate_usd"), "EUR": settings.get("quotes.rate_eur")}

        def work(session: Session) -> str:
            currency = default_currency(session, account_id)
            quote = create_quote(
                session,
                account_id,
                owner_id=owner,
                currency=currency,
                exchange_rate=rates.get(currency),
                validity_days=settings.get("quotes.validity_days"),
                payment_terms=settings.get("quotes.payment_terms") or None,
                delivery_terms=settings.get("quotes.delivery_terms") or None,
                language=self.ctx.language,
            )
            return quote.id

        self.ctx.ops.write(work, ChangeSet(tables=frozenset({"quotes"})),
                           while_alive(self, lambda q: self.open_builder(q, new=True)))  # fmt: skip

    def show_outbox(self) -> None:
        def shown(rows: list[Any]) -> None:
            self.outbox_dialog = OutboxDialog(rows, self)
            self.outbox_dialog.send_requested.connect(self._send_from_outbox)
            self.outbox_dialog.show()

        self.ctx.ops.read(outbox, while_alive(self, shown))

    def _send_from_outbox(self) -> None:
        def reported(report: Any) -> None:
            dialog = self.outbox_dialog
            if dialog is not None:
                dialog.show_report(report)
                self.ctx.ops.read(outbox, while_alive(dialog, dialog.set_rows))

        send_mail_in_background(self.ctx, while_alive(self, reported))
