"""The Settings page's "Taxes" tab: the taxes the laptop holds, read only (an administrator
manages them on the server with `crm-server taxes`; every sync brings them)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.i18n import current_language
from crm_desktop.services.quotes.tax_table import TaxRow, tax_table
from crm_desktop.views.common import fmt
from crm_desktop.views.common.guard import while_alive


class TaxesTab(QWidget):
    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        note = QLabel(self.tr("The taxes quotes may carry. An administrator manages them on the "
                              "server; each sync brings them here. A tax that has ended or not "
                              "begun cannot be quoted."))  # fmt: skip
        note.setWordWrap(True)
        self.table = QTableWidget(0, 7)
        self.table.setObjectName("taxes_table")
        self.table.setHorizontalHeaderLabels([
            self.tr("Code"), self.tr("Name"), self.tr("Rate"), self.tr("Country"),
            self.tr("Price includes it"), self.tr("Valid"), self.tr("Can be quoted today"),
        ])  # fmt: skip
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        ctx.ops.changed.connect(self._on_changed)
        self.reload()

    def _on_changed(self, changes: Any) -> None:
        if changes.touches("taxes"):
            self.reload()

    def reload(self) -> None:
        self.ctx.ops.read(tax_table, while_alive(self, self._loaded))

    def _loaded(self, rows: list[TaxRow]) -> None:
        spanish = current_language() == "es"
        yes, no = self.tr("Yes"), self.tr("No")
        self.table.setRowCount(len(rows))
        for i, t in enumerate(rows):
            since = fmt.day(t.valid_from) if t.valid_from else "…"
            until = fmt.day(t.valid_to) if t.valid_to else "…"
            valid = "" if not (t.valid_from or t.valid_to) else f"{since} – {until}"
            cells = [t.code, t.name_es if spanish else t.name_en, fmt.percent(t.rate * 100),
                     t.country, yes if t.price_included else no, valid,
                     yes if t.in_force else no]  # fmt: skip
            for j, text in enumerate(cells):
                self.table.setItem(i, j, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
