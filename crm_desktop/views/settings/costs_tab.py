"""The Settings page's "Product costs" tab: what each product costs us, period by period.

Managers and admins add a cost period and end one; a rep allowed to see costs reads them; for
any other rep the tab is not there (the laptop holds no costs)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.clock import today
from crm_desktop.services.quotes.cost_list import CostRow, CostsView, costs_view, end_cost
from crm_desktop.services.quotes.costs import set_product_cost
from crm_desktop.views.common import fmt
from crm_desktop.views.common.columns import fit_columns
from crm_desktop.views.common.field_errors import ERROR_STYLE, failure_text
from crm_desktop.views.common.guard import while_alive
from crm_desktop.views.common.labels import QT_TRANSLATE_NOOP
from crm_desktop.views.common.ops import ChangeSet
from crm_desktop.views.common.qtime import date_field, pydate
from crm_desktop.views.common.rows_model import ROW_ROLE, Column, RowsModel

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

CTX = "CostsTab"
CHANGED = ChangeSet(tables=frozenset({"product_costs", "products"}))
COLUMNS: list[Column[CostRow]] = [
    Column(QT_TRANSLATE_NOOP("CostsTab", "Product"), lambda c: c.product),
    Column(
        QT_TRANSLATE_NOOP("CostsTab", "Cost"),
        lambda c: fmt.money(c.unit_cost, c.currency, None if c.currency == "COP" else 2),
        True,
    ),
    Column(QT_TRANSLATE_NOOP("CostsTab", "From"), lambda c: fmt.day(c.valid_from) or "—"),
    Column(QT_TRANSLATE_NOOP("CostsTab", "Until"), lambda c: fmt.day(c.valid_to) or "—"),
]


class CostsTab(QWidget):
    loaded = Signal(bool)  # whether this user may see costs

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.editable = False
        note = QLabel(self.tr("What each product costs us, period by period. A quote line keeps "
                              "the cost of its quote's day. Only managers change costs; a rep "
                              "sees them only if an administrator allows it."))  # fmt: skip
        note.setWordWrap(True)
        self.costs: RowsModel[CostRow] = RowsModel(CTX, COLUMNS, parent=self)
        self.table = QTableView()
        self.table.setObjectName("costs_table")
        self.table.setModel(self.costs)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        fit_columns(self.table, stretch=0)
        self.product = QComboBox()
        self.product.setObjectName("cost_product")
        self.product.setMinimumContentsLength(24)
        self.amount = QLineEdit()
        self.amount.setObjectName("cost_unit_cost")
        self.amount.setPlaceholderText(self.tr("Cost (COP)"))
        self.valid_from = date_field(today(ctx.clock))
        self.open_end = QCheckBox(self.tr("No end"))
        self.open_end.setChecked(True)
        self.valid_to = date_field(today(ctx.clock))
        self.valid_to.setEnabled(False)
        self.open_end.toggled.connect(lambda on: self.valid_to.setEnabled(not on))
        self.add_button = QPushButton(self.tr("Add cost"))
        self.add_button.setObjectName("add_product_cost")
        self.add_button.clicked.connect(self.add)
        self.end_day = date_field(today(ctx.clock))
        self.end_button = QPushButton(self.tr("End the selected cost on"))
        self.end_button.clicked.connect(self.end_selected)
        self.message = QLabel()
        self.message.setObjectName("costs_message")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        entry = QHBoxLayout()
        since, until = QLabel(self.tr("from")), QLabel(self.tr("to"))
        for widget in (self.product, self.amount, since, self.valid_from, until, self.valid_to,
                       self.open_end, self.add_button):  # fmt: skip
            entry.addWidget(widget)
        ending = QHBoxLayout()
        ending.addWidget(self.end_button)
        ending.addWidget(self.end_day)
        ending.addStretch(1)
        self.editors = QWidget()
        editors = QVBoxLayout(self.editors)
        editors.setContentsMargins(0, 0, 0, 0)
        editors.addLayout(entry)
        editors.addLayout(ending)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.editors)
        layout.addWidget(self.message)
        self.set_editable(False)
        ctx.ops.changed.connect(while_alive(self, self._on_changed))
        self.reload()

    def set_editable(self, editable: bool) -> None:
        """Managers and admins change costs (the server refuses anyone else's change)."""
        self.editable = editable
        self.editors.setVisible(editable)

    def _on_changed(self, changes: Any) -> None:
        if changes.touches("product_costs", "products", "users", "*"):
            self.reload()

    def reload(self) -> None:
        user_id = self.ctx.user_id

        def work(session: Session) -> CostsView:
            return costs_view(session, user_id)

        self.ctx.ops.read(work, while_alive(self, self._loaded))

    def _loaded(self, found: CostsView) -> None:
        self.costs.set_rows(found.rows)
        chosen = self.product.currentData()
        self.product.clear()
        for product_id, name in found.products:
            self.product.addItem(name, product_id)
        self.product.setCurrentIndex(max(self.product.findData(chosen), 0))
        self.loaded.emit(found.visible)

    def add(self) -> None:
        self.message.clear()
        product_id, cost = self.product.currentData(), fmt.parse_decimal(self.amount.text())
        if not product_id:
            self.message.setText(self.tr("Choose the product."))
            return
        if cost is None or cost < 0:
            self.message.setText(self.tr("Write the cost, for example 350.000."))
            return
        since = pydate(self.valid_from.date())
        until = None if self.open_end.isChecked() else pydate(self.valid_to.date())

        def work(session: Session) -> None:
            set_product_cost(session, product_id, cost, since, until)

        self.ctx.ops.write(work, CHANGED, while_alive(self, lambda _r: self.amount.clear()),
                           while_alive(self, self._failed))  # fmt: skip

    def end_selected(self) -> None:
        self.message.clear()
        chosen = self.table.selectionModel().selectedRows()
        row = self.costs.data(chosen[0], ROW_ROLE) if chosen else None
        if row is None:
            self.message.setText(self.tr("Choose the cost to end in the table."))
            return
        last_day = pydate(self.end_day.date())

        def work(session: Session) -> None:
            end_cost(session, row.id, last_day)

        self.ctx.ops.write(work, CHANGED, None, while_alive(self, self._failed))

    def _failed(self, exc: Exception) -> None:
        self.message.setText(failure_text(exc, self.ctx.language))
