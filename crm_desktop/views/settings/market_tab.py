"""The Settings page's "Market sizes" tab: a manager estimates what a city or a company-size
segment buys in a period (everyone's sales, not only ours); the "Market share" report sets our
sales there against it. Managers' data: it syncs to managers' laptops only."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.clock import today
from crm_desktop.services.reports.market_share import (
    MarketRow,
    delete_market_size,
    market_rows,
    set_market_size,
)
from crm_desktop.views.common import fmt
from crm_desktop.views.common.columns import fit_columns
from crm_desktop.views.common.field_errors import ERROR_STYLE, failure_text
from crm_desktop.views.common.guard import while_alive
from crm_desktop.views.common.labels import QT_TRANSLATE_NOOP, choices, label
from crm_desktop.views.common.ops import ChangeSet
from crm_desktop.views.common.qtime import date_field, pydate
from crm_desktop.views.common.rows_model import ROW_ROLE, Column, RowsModel

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

CTX = "MarketTab"
CHANGED = ChangeSet(tables=frozenset({"market_sizes"}))


def _where(m: MarketRow) -> str:
    return m.market_key if m.dimension == "city" else label("segment", m.market_key)


COLUMNS: list[Column[MarketRow]] = [
    Column(QT_TRANSLATE_NOOP("MarketTab", "Market"), _where),
    Column(QT_TRANSLATE_NOOP("MarketTab", "From"), lambda m: fmt.day(m.starts_on)),
    Column(QT_TRANSLATE_NOOP("MarketTab", "Until"), lambda m: fmt.day(m.ends_on)),
    Column(QT_TRANSLATE_NOOP("MarketTab", "Market size"), lambda m: fmt.money(m.amount), True),
    Column(QT_TRANSLATE_NOOP("MarketTab", "Note"), lambda m: m.note),
]


class MarketTab(QWidget):
    loaded = Signal()

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        note = QLabel(self.tr("What a market buys in a period, everyone's sales included: a city "
                              "or a company-size segment. The Market share report on the Reports "
                              "page sets our sales there against it."))  # fmt: skip
        note.setWordWrap(True)
        self.markets: RowsModel[MarketRow] = RowsModel(CTX, COLUMNS, parent=self)
        self.table = QTableView()
        self.table.setObjectName("markets_table")
        self.table.setModel(self.markets)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        fit_columns(self.table, stretch=0)
        self.dimension = QComboBox()
        self.dimension.addItem(self.tr("City"), "city")
        self.dimension.addItem(self.tr("Segment"), "segment")
        self.key = QComboBox()
        self.key.setObjectName("market_key")
        self.key.setMinimumContentsLength(14)
        self.dimension.currentIndexChanged.connect(lambda _i: self._keys())
        self._keys()
        self.starts_on, self.ends_on = date_field(today(ctx.clock)), date_field(today(ctx.clock))
        self.amount = QLineEdit()
        self.amount.setObjectName("market_amount")
        self.amount.setPlaceholderText(self.tr("Market size (COP)"))
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("Source of the estimate"))
        self.add_button = QPushButton(self.tr("Add"))
        self.add_button.setObjectName("add_market")
        self.add_button.clicked.connect(self.add)
        self.delete_button = QPushButton(self.tr("Delete the selected one"))
        self.delete_button.clicked.connect(self.delete_selected)
        self.message = QLabel()
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.editors = QWidget()
        entry = QGridLayout(self.editors)
        entry.setContentsMargins(0, 0, 0, 0)
        self.titles = {
            "dimension": self.tr("Market by"),
            "market_key": self.tr("Which"),
            "starts_on": self.tr("From"),
            "ends_on": self.tr("Until"),
            "amount": self.tr("Market size"),
            "note": self.tr("Source"),
        }
        fields = (self.dimension, self.key, self.starts_on, self.ends_on, self.amount, self.note)
        for column, (title, widget) in enumerate(zip(self.titles.values(), fields, strict=True)):
            caption = QLabel(title)
            caption.setBuddy(widget)
            entry.addWidget(caption, 0, column)
            entry.addWidget(widget, 1, column)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.delete_button)
        entry.addLayout(buttons, 1, len(fields))
        entry.setColumnStretch(4, 1)
        entry.setColumnStretch(5, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.editors)
        layout.addWidget(self.message)
        self.set_editable(False)
        ctx.ops.changed.connect(while_alive(self, self._on_changed))
        self.reload()

    def _keys(self) -> None:
        self.key.clear()
        city = self.dimension.currentData() == "city"
        self.key.setEditable(city)  # a city is typed; a segment is chosen
        if not city:
            for code, title in choices("segment"):
                self.key.addItem(title, code)

    def set_editable(self, editable: bool) -> None:
        """Managers estimate markets (the server refuses anyone else's change)."""
        self.editors.setVisible(editable)

    def _on_changed(self, changes: Any) -> None:
        if changes.touches("market_sizes", "*"):
            self.reload()

    def reload(self) -> None:
        self.ctx.ops.read(market_rows, while_alive(self, self._loaded))

    def _loaded(self, rows: list[MarketRow]) -> None:
        self.markets.set_rows(rows)
        self.loaded.emit()

    def values(self) -> dict[str, Any]:
        city = self.dimension.currentData() == "city"
        key = self.key.currentText().strip() if city else self.key.currentData()
        amount = fmt.parse_decimal(self.amount.text())
        return {
            "dimension": self.dimension.currentData(),
            "market_key": key or None,
            "starts_on": pydate(self.starts_on.date()),
            "ends_on": pydate(self.ends_on.date()),
            "amount": amount if amount is not None else (self.amount.text().strip() or None),
            "note": self.note.text().strip(),
        }

    def add(self) -> None:
        self.message.clear()
        values = self.values()

        def work(session: Session) -> None:
            set_market_size(session, values)

        self.ctx.ops.write(work, CHANGED, while_alive(self, lambda _r: self.amount.clear()),
                           while_alive(self, self._failed))  # fmt: skip

    def delete_selected(self) -> None:
        chosen = self.table.selectionModel().selectedRows()
        row = self.markets.data(chosen[0], ROW_ROLE) if chosen else None
        if row is None:
            return

        def work(session: Session) -> None:
            delete_market_size(session, row.id)

        self.ctx.ops.write(work, CHANGED, None, while_alive(self, self._failed))

    def _failed(self, exc: Exception) -> None:
        self.message.setText(failure_text(exc, self.ctx.language, self.titles))
