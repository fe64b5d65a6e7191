"""The 360° view's Sales tab: the account's opportunities and quotes, read when first shown."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableView, QVBoxLayout, QWidget

from crm_desktop.services.accounts.account_sales import (
    AccountOpportunity,
    AccountQuote,
    account_sales,
)
from crm_desktop.views.common import fmt
from crm_desktop.views.common.columns import fit_columns
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.guard import while_alive
from crm_desktop.views.common.labels import QT_TRANSLATE_NOOP, label
from crm_desktop.views.common.rows_model import Column, RowsModel

CTX = "AccountSales"
OPPORTUNITY_COLUMNS: list[Column[AccountOpportunity]] = [
    Column(QT_TRANSLATE_NOOP("AccountSales", "Opportunity"), lambda o: o.name),
    Column(QT_TRANSLATE_NOOP("AccountSales", "Stage"), lambda o: label("stage", o.stage)),
    Column(QT_TRANSLATE_NOOP("AccountSales", "Amount"), lambda o: fmt.money(o.amount, o.currency),
           True),
    Column(QT_TRANSLATE_NOOP("AccountSales", "Probability"), lambda o: fmt.percent(o.probability),
           True),
    Column(QT_TRANSLATE_NOOP("AccountSales", "Expected close"),
           lambda o: fmt.day(o.expected_close)),
]  # fmt: skip
QUOTE_COLUMNS: list[Column[AccountQuote]] = [
    Column(QT_TRANSLATE_NOOP("AccountSales", "Quote"), lambda q: f"{q.number} r{q.revision}"),
    Column(QT_TRANSLATE_NOOP("AccountSales", "Status"), lambda q: label("quote_status", q.status)),
    Column(QT_TRANSLATE_NOOP("AccountSales", "Total"), lambda q: fmt.money(q.total, q.currency),
           True),
    Column(QT_TRANSLATE_NOOP("AccountSales", "Valid until"), lambda q: fmt.day(q.valid_until)),
]  # fmt: skip


def _table(model: RowsModel, name: str, stretch: int) -> QTableView:  # type: ignore[type-arg]
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(False)
    fit_columns(table, stretch=stretch)
    return table


class SalesTab(QWidget):
    def __init__(self, ctx: AppContext, account_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.account_id, self.loaded = ctx, account_id, False
        self.opportunities: RowsModel[AccountOpportunity] = RowsModel(CTX, OPPORTUNITY_COLUMNS,
                                                                      parent=self)  # fmt: skip
        self.quotes: RowsModel[AccountQuote] = RowsModel(CTX, QUOTE_COLUMNS, parent=self)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Opportunities")))
        layout.addWidget(_table(self.opportunities, "account_opportunities", 0), 1)
        layout.addWidget(QLabel(self.tr("Quotes")))
        layout.addWidget(_table(self.quotes, "account_quotes", 0), 1)

    def reload(self) -> None:
        self.loaded = True
        account_id = self.account_id

        def shown(found: tuple[list[AccountOpportunity], list[AccountQuote]]) -> None:
            self.opportunities.set_rows(found[0])
            self.quotes.set_rows(found[1])

        self.ctx.ops.read(lambda s: account_sales(s, account_id), while_alive(self, shown))
