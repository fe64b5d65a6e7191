"""The builder's totals panel: gross, discounts, subtotal, base and IVA per rate, total; the
margin for who sees costs."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from crm_desktop.services.quotes.costs import Margin
from crm_desktop.services.quotes.pricing import Totals
from crm_desktop.views.common import fmt
from crm_desktop.views.quotes.quote_lines_model import money, tax_label


class TotalsPanel(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Totals"))
        outer = QVBoxLayout(self)
        self.form = QFormLayout()
        outer.addLayout(self.form)
        self.total_label = QLabel()
        self.margin_label = QLabel()  # only for who sees costs
        self.margin_label.setObjectName("quote_margin")
        self.margin_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.margin_label.hide()
        outer.addWidget(self.margin_label)
        self.low_label = QLabel()  # for everyone: no cost, no margin, just the warning
        self.low_label.setObjectName("below_minimum")
        self.low_label.setWordWrap(True)
        self.low_label.setStyleSheet("color: #8a6d00; font-weight: bold;")
        self.low_label.hide()
        outer.addWidget(self.low_label)
        self.currency = "COP"

    def show_margin(self, margin: Margin | None) -> None:
        self.margin_label.setVisible(margin is not None)
        if margin is None:
            return
        pct = "—" if margin.pct is None else fmt.number(margin.pct, 1) + " %"
        text = self.tr("Margin {0} ({1}) · cost {2}").format(
            money(margin.margin, self.currency), pct, money(margin.cost, self.currency)
        )
        if margin.without_cost:
            text += " · " + self.tr("%n line(s) without a cost", "", margin.without_cost)
        self.margin_label.setText(text)

    def show_below_minimum(self, count: int) -> None:
        self.low_label.setVisible(count > 0)
        self.low_label.setText(
            self.tr("%n line(s) below the minimum margin your manager set", "", count)
        )

    def show_totals(self, totals: Totals) -> None:
        self.currency = totals.currency
        while self.form.rowCount():
            self.form.removeRow(0)  # deletes the old labels
        for text, amount in self.rows(totals):
            value = QLabel(money(amount, totals.currency, totals.places))
            value.setAlignment(Qt.AlignmentFlag.AlignRight)
            self.form.addRow(text, value)
        self.total_label = QLabel(money(totals.grand_total, totals.currency, totals.places))
        self.total_label.setObjectName("grand_total")
        self.total_label.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.form.addRow(self.tr("Total"), self.total_label)

    def rows(self, t: Totals) -> list[tuple[str, Decimal]]:
        rows = [(self.tr("Gross amount"), t.gross)]
        if t.line_discounts:
            rows.append((self.tr("Line discounts"), -t.line_discounts))
        rows.append((self.tr("Subtotal"), t.subtotal))
        if t.global_discount:
            rows.append((self.tr("Global discount"), -t.global_discount))
        for group in t.taxes:
            name = tax_label(group.category)
            rows.append((self.tr("Base {0}").format(name), group.base))
            if group.rate:
                rows.append((name, group.tax))
        if t.optional_total:
            rows.append((self.tr("Optional (not in the total)"), t.optional_total))
        return rows
