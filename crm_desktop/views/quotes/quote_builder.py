"""QuoteBuilder: build a quote in front of the client, offline; totals recomputed as you type.

The header and the lines are edited in memory and saved together (services.quotes.save_draft),
so bad input is shown at its field or cell and nothing is half-saved. Every database read or
write and every PDF rendering runs through ctx.ops, off the GUI thread.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from crm_desktop.documents.proposal import Company, proposal_filename, render_proposal
from crm_desktop.services.accounts.accounts import live_contacts
from crm_desktop.services.core.errors import NotAllowed, ValidationError
from crm_desktop.services.core.signed import client_zone
from crm_desktop.services.quotes.costs import LineCosts, builder_costs, quote_floors
from crm_desktop.services.quotes.quote_data import LineData, QuoteData, load_quote
from crm_desktop.services.quotes.quote_types import AcceptanceData
from crm_desktop.services.quotes.quotes import (
    ProductHit,
    discard_empty_draft,
    quotable_taxes,
    search_products,
)
from crm_desktop.services.quotes.taxes import TaxInfo
from crm_desktop.views.common import fmt
from crm_desktop.views.common.field_errors import FieldErrors, failure_text
from crm_desktop.views.common.guard import while_alive
from crm_desktop.views.common.labels import label
from crm_desktop.views.common.ops import ChangeSet
from crm_desktop.views.common.qtime import typed_dates
from crm_desktop.views.quotes.quote_actions import QuoteActions
from crm_desktop.views.quotes.quote_lines_model import (
    FIELDS,
    QuoteLinesModel,
    TaxDelegate,
    know_taxes,
    money,
)
from crm_desktop.views.quotes.quote_totals import TotalsPanel

QUOTE_TABLES = frozenset({"quotes", "quote_lines", "quote_acceptances"})
# What a reload brings: the quote, its account's contacts, earlier revisions, the costs, the
# minimum prices, and its signed acceptance if any.
Loaded = tuple[
    QuoteData,
    list[tuple[str, str]],
    list[str],
    LineCosts | None,
    dict[str, Decimal],
    AcceptanceData | None,
    list[TaxInfo],
]


class QuoteBuilder(QWidget):
    quote_changed = Signal(str)  # the quote id, after any successful write

    def __init__(
        self, ctx: Any, quote_id: str, parent: QWidget | None = None, new: bool = False
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.ctx, self.quote_id = ctx, quote_id
        self.new = new  # made by "New quote…": closed without a line, it is not kept
        self.data: QuoteData | None = None
        self.acceptance: AcceptanceData | None = None
        self.company = Company.from_settings(ctx.settings)
        self.setWindowTitle(self.tr("Quote"))
        self.resize(1200, 820)
        self.model = QuoteLinesModel(parent=self)
        self.totals = TotalsPanel(self)
        self.model.totals_changed.connect(self.totals.show_totals)
        self.model.margin_changed.connect(self.totals.show_margin)
        self.model.low_changed.connect(self.totals.show_below_minimum)
        self.quote_actions = QuoteActions(self)
        self.quote_actions.duplicated.connect(self._open_copy)
        layout = QVBoxLayout(self)
        layout.addWidget(self._header())
        layout.addWidget(self._lines(), 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self._terms(), 3)
        bottom.addWidget(self.totals, 2)
        layout.addLayout(bottom)
        layout.addWidget(self.errors.general)
        layout.addLayout(self.quote_actions.buttons_row())
        self.reload()

    # -- building the window --------------------------------------------------------------
    def _header(self) -> QWidget:
        box = QGroupBox()
        grid = QGridLayout(box)
        self.title = QLabel()
        self.title.setObjectName("quote_title")
        self.title.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.frozen = QLabel(self.tr("This quote was sent and is frozen. Make a new revision "
                                     "to change it."))  # fmt: skip
        self.frozen.setStyleSheet("color: #8a5300;")
        self.frozen.hide()
        self.signed = QLabel()
        self.signed.setObjectName("signed_acceptance")
        self.signed.setWordWrap(True)
        self.signed.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.signed.setStyleSheet("color: #1b5e20;")
        self.signed.hide()
        self.account = QLabel()
        self.contact = QComboBox()
        self.contact.setObjectName("contact")
        self.language = QComboBox()
        self.language.addItem(self.tr("Spanish"), "es")
        self.language.addItem(self.tr("English"), "en")
        self.issued = QDateEdit()
        typed_dates(self.issued)
        self.valid = QDateEdit()
        typed_dates(self.valid)
        self.valid.setObjectName("valid_until")
        self.currency = QLabel()
        self.global_discount = QLineEdit()
        self.global_discount.setObjectName("global_discount")
        self.global_discount.textEdited.connect(self._global_edited)
        left, right = QFormLayout(), QFormLayout()
        self.errors = FieldErrors(QLabel())
        left.addRow(self.tr("Account"), self.account)
        self.errors.add_row(left, self.tr("Contact"), "contact_id", self.contact)
        left.addRow(self.tr("Language of the proposal"), self.language)
        self.errors.add_row(right, self.tr("Issued on"), "issued_on", self.issued)
        self.errors.add_row(right, self.tr("Valid until"), "valid_until", self.valid)
        right.addRow(self.tr("Currency"), self.currency)
        self.errors.add_row(right, self.tr("Global discount %"), "global_discount_pct",
                            self.global_discount)  # fmt: skip
        grid.addWidget(self.title, 0, 0, 1, 2)
        grid.addWidget(self.frozen, 1, 0, 1, 2)
        grid.addWidget(self.signed, 2, 0, 1, 2)
        grid.addLayout(left, 3, 0)
        grid.addLayout(right, 3, 1)
        return box

    def _lines(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        search_row = QHBoxLayout()
        self.product_search = QLineEdit()
        self.product_search.setObjectName("product_search")
        self.product_search.setPlaceholderText(self.tr("Add a product: type its code or name"))
        self.search_timer = QTimer(self, singleShot=True, interval=150)
        self.search_timer.timeout.connect(self._search_products)
        self.product_search.textEdited.connect(lambda _t: self.search_timer.start())
        self.product_search.returnPressed.connect(self._add_highlighted_product)
        search_row.addWidget(self.product_search, 1)
        self.line_buttons: list[QPushButton] = []
        for name, text, slot in (
            ("add_free", self.tr("Free-text line"), lambda: self._add(LineData(description=""))),
            ("add_section", self.tr("Section"), lambda: self._add(LineData(kind="section"))),
            ("add_text", self.tr("Note"), lambda: self._add(LineData(kind="text"))),
            ("move_up", self.tr("Up"), lambda: self._move(-1)),
            ("move_down", self.tr("Down"), lambda: self._move(1)),
            ("delete_line", self.tr("Delete line"), self._delete),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            search_row.addWidget(button)
            self.line_buttons.append(button)
        self.product_results = QListWidget()
        self.product_results.setObjectName("product_results")
        self.product_results.setMaximumHeight(110)
        self.product_results.hide()
        self.product_results.itemActivated.connect(self._add_product_item)
        self.table = QTableView()
        self.table.setObjectName("quote_lines")
        self.table.setModel(self.model)
        self.taxes = TaxDelegate(self.table)
        self.table.setItemDelegateForColumn(FIELDS.index("tax_category"), self.taxes)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate((0, 60, 80, 100, 170, 70, 100, 90, 70, 110, 80)):
            if width:
                self.table.setColumnWidth(column, width)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        layout.addLayout(search_row)
        layout.addWidget(self.product_results)
        layout.addWidget(self.table, 1)
        return box

    def _terms(self) -> QWidget:
        box = QGroupBox(self.tr("Terms"))
        form = QFormLayout(box)
        self.payment = QLineEdit()
        self.delivery = QLineEdit()
        self.notes = QPlainTextEdit()
        self.notes.setMaximumHeight(70)
        self.errors.add_row(form, self.tr("Payment terms"), "payment_terms", self.payment)
        self.errors.add_row(form, self.tr("Delivery terms"), "delivery_terms", self.delivery)
        self.errors.add_row(form, self.tr("Notes"), "notes", self.notes)
        self.revisions = QLabel()
        self.revisions.setWordWrap(True)
        form.addRow(self.revisions)
        return box

    # -- loading ----------------------------------------------------------------------------
    def reload(self) -> None:
        quote_id = self.quote_id

        user_id = self.ctx.user_id

        def work(session: Session) -> Loaded:
            from crm_desktop.services.quotes.acceptance import acceptance_of
            from crm_desktop.services.quotes.quote_status import revisions

            data = load_quote(session, quote_id)
            contacts = [(c.id, c.full_name) for c in live_contacts(session, data.account_id)]
            earlier = [f"{r.revision}: {r.reason or '—'}" for r in revisions(session, quote_id)]
            costs = builder_costs(session, quote_id, user_id)
            floors = quote_floors(session, quote_id)
            taxes = quotable_taxes(session, data.issued_on)
            return data, contacts, earlier, costs, floors, acceptance_of(session, quote_id), taxes

        self.ctx.ops.read(work, while_alive(self, self._loaded), while_alive(self, self.failed))

    def _loaded(self, result: Loaded) -> None:
        data, contacts, earlier, costs, floors, accepted, taxes = result
        know_taxes(taxes)
        self.taxes.taxes = taxes
        self.table.setColumnHidden(FIELDS.index("margin"), costs is None)
        self.model.costs, self.model.floors = costs, floors
        self.data, self.acceptance = data, accepted
        self._show_acceptance(accepted)
        draft = data.status == "draft"
        status = label("quote_status", data.status)
        self.title.setText(self.tr("Quote {0} · revision {1} · {2}").format(
            data.number, data.revision, status))  # fmt: skip
        self.setWindowTitle(self.tr("Quote {0}").format(data.number))
        self.account.setText(data.client.legal_name)
        self.contact.clear()
        self.contact.addItem(self.tr("(no contact)"), None)
        for contact_id, name in contacts:
            self.contact.addItem(name, contact_id)
        self.contact.setCurrentIndex(max(0, self.contact.findData(data.contact_id)))
        self.language.setCurrentIndex(max(0, self.language.findData(data.language)))
        self.issued.setDate(QDate(data.issued_on.year, data.issued_on.month, data.issued_on.day))
        self.valid.setDate(QDate(data.valid_until.year, data.valid_until.month,
                                 data.valid_until.day))  # fmt: skip
        self.currency.setText(data.currency if data.currency == "COP" else
                              f"{data.currency} (1 = {fmt.money(data.exchange_rate)})")  # fmt: skip
        self.global_discount.setText(fmt.number(data.global_discount_pct, 2))
        self.payment.setText(data.payment_terms or "")
        self.delivery.setText(data.delivery_terms or "")
        self.notes.setPlainText(data.notes or "")
        earlier_text = self.tr("Earlier revisions: {0}").format("; ".join(earlier))
        self.revisions.setText(earlier_text if earlier else "")
        self.model.editable = draft
        self.model.set_lines(
            list(data.lines), data.currency, data.global_discount_pct, data.tax_rounding,
            data.sent_at,
        )  # fmt: skip
        for widget in (self.contact, self.language, self.issued, self.valid, self.global_discount,
                       self.payment, self.delivery, self.notes, self.product_search,
                       *self.line_buttons):  # fmt: skip
            widget.setEnabled(draft)
        self.frozen.setVisible(not draft and accepted is None)  # a signed quote says so itself
        self.errors.clear()
        self.quote_actions.update_for(data.status)

    # -- editing ----------------------------------------------------------------------------
    def _global_edited(self, text: str) -> None:
        pct = fmt.parse_decimal(text) if text.strip() else Decimal(0)
        if pct is not None and 0 <= pct <= 100:
            self.model.set_global_pct(pct)

    def _row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else len(self.model.lines) - 1

    def _add(self, line: LineData) -> None:
        row = self.model.insert_line(self._row() + 1, line)
        self.table.setCurrentIndex(self.model.index(row, 0))
        self.table.edit(self.model.index(row, 0))

    def _move(self, delta: int) -> None:
        row = self.model.move_line(self._row(), delta)
        self.table.setCurrentIndex(self.model.index(row, 0))

    def _delete(self) -> None:
        self.model.remove_line(self._row())

    def _search_products(self) -> None:
        text, quote_id = self.product_search.text(), self.quote_id
        if not text.strip():
            self.product_results.hide()
            return
        self.ctx.ops.read(lambda s: search_products(s, quote_id, text),
                          while_alive(self, self._show_products))  # fmt: skip

    def _show_products(self, hits: list[ProductHit]) -> None:
        self.product_results.clear()
        currency = self.data.currency if self.data else "COP"
        for hit in hits:
            price = money(hit.list_price, currency) if hit.list_price is not None else "—"
            item = QListWidgetItem(f"{hit.code} · {hit.name} · {price}")
            item.setData(Qt.ItemDataRole.UserRole, hit)
            self.product_results.addItem(item)
        self.product_results.setVisible(bool(hits))
        if hits:
            self.product_results.setCurrentRow(0)

    def _add_highlighted_product(self) -> None:
        item = self.product_results.currentItem()
        if item is not None and self.product_results.isVisible():
            self._add_product_item(item)

    def _add_product_item(self, item: QListWidgetItem) -> None:
        hit: ProductHit = item.data(Qt.ItemDataRole.UserRole)
        price = hit.list_price if hit.list_price is not None else Decimal(0)
        line = LineData(product_id=hit.id, description=hit.name, unit=hit.unit,
                        unit_price=price, list_price=hit.list_price,
                        tax_category=hit.tax_category)  # fmt: skip
        row = self.model.insert_line(self._row() + 1, line)
        self.table.setCurrentIndex(self.model.index(row, FIELDS.index("quantity")))
        self.product_search.clear()
        self.product_results.hide()

    def _show_acceptance(self, accepted: AcceptanceData | None) -> None:
        if accepted is None:
            self.signed.hide()
            return
        kind = accepted.signer_id_kind.upper()
        country = self.data.client.country if self.data else None
        when = fmt.ui().moment(accepted.signed_at, client_zone(country))
        self.signed.setText(self.tr("Accepted and signed by {0} ({1} {2}) on {3} · SHA-256: {4}")
                            .format(accepted.signer_name, kind, accepted.signer_id, when,
                                    accepted.sha256))  # fmt: skip
        self.signed.show()

    # -- what the actions use ---------------------------------------------------------------
    def collect(self) -> tuple[dict[str, Any], list[LineData]] | None:
        """The header changes and the lines as typed; None (with a message) if a number is bad."""
        pct = fmt.parse_decimal(self.global_discount.text() or "0")
        if pct is None:
            self.errors.show(ValidationError([]), self.ctx.language)
            self.errors.labels["global_discount_pct"].setText(self.tr("Enter a number."))
            self.errors.labels["global_discount_pct"].show()
            return None
        header = {
            "contact_id": self.contact.currentData(),
            "language": self.language.currentData(),
            "issued_on": _day(self.issued.date()),
            "valid_until": _day(self.valid.date()),
            "payment_terms": self.payment.text(),
            "delivery_terms": self.delivery.text(),
            "notes": self.notes.toPlainText(),
            "global_discount_pct": pct,
        }
        return header, list(self.model.lines)

    def current_data(self) -> QuoteData | None:
        """The quote as it is on screen (for the preview and the print), saved or not."""
        collected = self.collect() if self.data is not None else None
        if self.data is None or collected is None:
            return None
        header, lines = collected
        fields = {k: v for k, v in header.items() if k != "contact_id"}
        return replace(self.data, lines=tuple(lines), **fields)

    def render_pdf(self, on_done: Any, data: QuoteData | None = None) -> None:
        """Render the proposal of data (default: as on screen) off the GUI thread."""
        data = data or self.current_data()
        if data is None:
            return
        company = self.company
        accepted = self.acceptance if self.data is not None and not self.model.editable else None
        self.ctx.ops.read(lambda _s: render_proposal(data, company, accepted),
                          while_alive(self, on_done), while_alive(self, self.failed))  # fmt: skip

    def filename(self) -> str:
        return proposal_filename(self.data) if self.data else "quote.pdf"

    def _open_copy(self, copy_id: str) -> None:
        QuoteBuilder(self.ctx, copy_id, self.parentWidget()).show()

    def write(self, work: Any, tables: frozenset[str], on_success: Any = None) -> None:
        def done(result: Any) -> None:
            self.quote_changed.emit(self.quote_id)
            if on_success is not None:
                on_success(result)
            self.reload()

        def plain(session: Session) -> Any:
            result = work(session)  # ORM rows never cross to the GUI thread; ids do
            return result if isinstance(result, str | int | None) else None

        changes = ChangeSet(tables=QUOTE_TABLES | tables, ids=frozenset({self.quote_id}))
        self.ctx.ops.write(plain, changes, while_alive(self, done), while_alive(self, self.failed))

    def failed(self, exc: Exception) -> None:
        if isinstance(exc, ValidationError):
            self.show_problems(exc)
        elif isinstance(exc, NotAllowed):
            QMessageBox.warning(self, self.windowTitle(), exc.text(self.ctx.language))
        else:
            QMessageBox.critical(self, self.windowTitle(), failure_text(exc, self.ctx.language))

    def show_problems(self, error: ValidationError) -> None:
        """Header problems under their fields; a line's problems on its cells and listed."""
        lang = self.ctx.language
        cells: dict[tuple[int, str], str] = {}
        listed: list[str] = []
        for problem in error.problems:
            parts = problem.field.split(".")
            if parts[0] == "lines" and len(parts) == 3:
                row, field = int(parts[1]), parts[2]
                cells[(row, field)] = problem.text(lang)
                listed.append(self.tr("Line {0}: {1}").format(row + 1, problem.text(lang)))
        header = ValidationError(p for p in error.problems if not p.field.startswith("lines."))
        self.errors.show(header, lang)
        self.model.set_errors(cells)
        if listed:
            self.errors.show_general("\n".join([self.errors.general.text(), *listed]).strip())

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.new and not self.model.lines:
            quote_id = self.quote_id
            self.ctx.ops.write(
                lambda s: discard_empty_draft(s, quote_id),
                ChangeSet(tables=frozenset({"quotes"}), ids=frozenset({quote_id})),
            )
        super().closeEvent(event)

    def ask_text(self, title: str, prompt: str) -> str | None:
        text, ok = QInputDialog.getText(self, title, prompt)
        return text if ok else None


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())
