"""The builder's totals panel: gross, discounts, subtotal, base and IVA per rate, total."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QWidget

from crm_desktop.services.quotes.pricing import Totals
from crm_desktop.views.quotes.quote_lines_model import money, tax_label


class TotalsPanel(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Totals"))
        self.form = QFormLayout(self)
        self.total_label = QLabel()

    def show_totals(self, totals: Totals) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)  # deletes the old labels
        for text, amount in self.rows(totals):
            value = QLabel(money(amount, totals.currency))
            value.setAlignment(Qt.AlignmentFlag.AlignRight)
            self.form.addRow(text, value)
        self.total_label = QLabel(money(totals.grand_total, totals.currency))
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
