"""The quote builder's lines as an editable table; totals are recomputed on every edit.

The lines live in memory (frozen LineData, replaced on each edit) until the builder saves them
all at once, so a half-typed quote is never half-saved. Totals come from services.pricing's
QuoteCalculator, which keeps each line's amounts: one edited line costs one line.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QWidget

from crm_desktop.i18n import current_language
from crm_desktop.services.quotes.pricing import PER_LINE, QuoteCalculator, Totals
from crm_desktop.services.quotes.quote_data import LineData
from crm_desktop.services.quotes.taxes import BY_CODE, SEEDED
from crm_desktop.views.common import fmt
from crm_desktop.views.common.labels import LABELS, label

Index = QModelIndex | QPersistentModelIndex
CONTEXT = "QuoteLinesModel"
# (field, header); "amount" is computed.
COLUMNS = (
    ("description", QT_TRANSLATE_NOOP("QuoteLinesModel", "Description")),
    ("quantity", QT_TRANSLATE_NOOP("QuoteLinesModel", "Qty")),
    ("unit", QT_TRANSLATE_NOOP("QuoteLinesModel", "Unit")),
    ("unit_price", QT_TRANSLATE_NOOP("QuoteLinesModel", "Unit price")),
    ("price_override_reason", QT_TRANSLATE_NOOP("QuoteLinesModel", "Reason for the price")),
    ("discount_pct", QT_TRANSLATE_NOOP("QuoteLinesModel", "Disc. %")),
    ("discount_amount", QT_TRANSLATE_NOOP("QuoteLinesModel", "Disc. amount")),
    ("tax_category", QT_TRANSLATE_NOOP("QuoteLinesModel", "Tax")),
    ("optional", QT_TRANSLATE_NOOP("QuoteLinesModel", "Optional")),
    ("amount", QT_TRANSLATE_NOOP("QuoteLinesModel", "Amount")),
)
FIELDS = [field for field, _title in COLUMNS]
NUMBERS = {"quantity", "unit_price", "discount_pct", "discount_amount"}
SECTION_BRUSH = QBrush(QColor("#e8eef5"))
ERROR_BRUSH = QBrush(QColor("#f8d7da"))
_keys = itertools.count(1)


def new_key() -> str:
    return f"new-{next(_keys)}"


def _tr(text: object) -> str:
    return QCoreApplication.translate(CONTEXT, str(text))


class QuoteLinesModel(QAbstractTableModel):
    totals_changed = Signal(object)  # Totals
    edited = Signal()

    def __init__(self, currency: str = "COP", parent: Any = None) -> None:
        super().__init__(parent)
        self.lines: list[LineData] = []
        self.calculator = QuoteCalculator(currency)
        self.global_pct = Decimal(0)
        self.totals: Totals = self.calculator.totals([])
        self.errors: dict[tuple[int, str], str] = {}
        self.editable = True

    # -- whole-model changes ---------------------------------------------------------------
    def set_lines(
        self,
        lines: list[LineData],
        currency: str,
        global_pct: Decimal,
        tax_rounding: str = PER_LINE,
    ) -> None:
        self.beginResetModel()
        self.lines = [line if line.key else replace(line, key=line.id) for line in lines]
        self.calculator = QuoteCalculator(currency, tax_rounding)  # as the stored total
        self.global_pct = global_pct
        self.errors = {}
        self.endResetModel()
        self.recompute()

    def set_global_pct(self, pct: Decimal) -> None:
        self.global_pct = pct
        self.recompute()

    def recompute(self) -> None:
        inputs = [line.to_input() for line in self.lines]
        self.totals = self.calculator.totals(inputs, self.global_pct)
        if self.lines:
            column = FIELDS.index("amount")
            self.dataChanged.emit(self.index(0, column), self.index(len(self.lines) - 1, column))
        self.totals_changed.emit(self.totals)

    def set_errors(self, errors: dict[tuple[int, str], str]) -> None:
        self.errors = errors
        if self.lines:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.lines) - 1, len(FIELDS) - 1)
            )

    # -- lines ----------------------------------------------------------------------------
    def insert_line(self, row: int, line: LineData) -> int:
        row = max(0, min(row, len(self.lines)))
        self.beginInsertRows(QModelIndex(), row, row)
        self.lines.insert(row, line if line.key else replace(line, key=new_key()))
        self.endInsertRows()
        self._changed()
        return row

    def remove_line(self, row: int) -> None:
        if 0 <= row < len(self.lines):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.lines[row]
            self.endRemoveRows()
            self._changed()

    def move_line(self, row: int, delta: int) -> int:
        target = row + delta
        if not (0 <= row < len(self.lines) and 0 <= target < len(self.lines)):
            return row
        # beginMoveRows counts the destination before the move: moving down means target + 1.
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), target + (delta > 0))
        self.lines.insert(target, self.lines.pop(row))
        self.endMoveRows()
        self._changed()
        return target

    def _changed(self) -> None:
        self.errors = {}
        self.recompute()
        self.edited.emit()

    # -- the Qt model ---------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return _tr(COLUMNS[section][1])
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        field = FIELDS[index.column()]
        line = self.lines[index.row()]
        if not self.editable or field == "amount":
            return base
        if line.kind != "item" and field != "description":
            return base
        if field == "optional":
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line, field = self.lines[index.row()], FIELDS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(line, field, role == Qt.ItemDataRole.EditRole)
        if role == Qt.ItemDataRole.CheckStateRole and field == "optional" and line.kind == "item":
            return Qt.CheckState.Checked if line.optional else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.TextAlignmentRole and (field in NUMBERS or field == "amount"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            if (index.row(), field) in self.errors:
                return ERROR_BRUSH
            return SECTION_BRUSH if line.kind == "section" else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.errors.get((index.row(), field))
        if role == Qt.ItemDataRole.FontRole and line.kind != "item":
            font = QFont()
            font.setBold(line.kind == "section")
            font.setItalic(line.kind == "text")
            return font
        return None

    def _text(self, line: LineData, field: str, editing: bool) -> str:
        if line.kind != "item":
            return line.description if field == "description" else ""
        value: Any = getattr(line, field, None)
        if field == "amount":
            amounts = self.totals.lines.get(line.key)
            return fmt.number(amounts.net, self.totals.places) if amounts else ""
        if field == "discount_amount" and line.discount_pct and not editing:
            # The amount a percentage discount takes now, from the live totals: the stored one
            # was computed at the last save and goes stale when the quantity or price changes.
            amounts = self.totals.lines.get(line.key)
            return fmt.number(amounts.discount, self.totals.places) if amounts else ""
        if field == "tax_category":
            return str(value) if editing else tax_label(str(value))
        if field == "optional":
            return ""
        if field in NUMBERS:
            if not value and field.startswith("discount") and not editing:
                return ""
            return fmt.number(value, _places(value))
        return str(value or "")

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        changeable = Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsUserCheckable
        if not index.isValid() or not (self.flags(index) & changeable):
            return False
        row, field = index.row(), FIELDS[index.column()]
        line = self.lines[row]
        changed: LineData | None
        if role == Qt.ItemDataRole.CheckStateRole and field == "optional":
            changed = replace(line, optional=Qt.CheckState(value) == Qt.CheckState.Checked)
        elif role == Qt.ItemDataRole.EditRole:
            changed = self._edited(line, field, value)
            if changed is None:
                self.errors[(row, field)] = _tr("Enter a number.")
                self.dataChanged.emit(index, index)
                return False
        else:
            return False
        self.lines[row] = changed
        self.errors.pop((row, field), None)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(FIELDS) - 1))
        self.recompute()
        self.edited.emit()
        return True

    def _edited(self, line: LineData, field: str, value: Any) -> LineData | None:
        if field not in NUMBERS:
            text = str(value or "").strip()
            values: dict[str, Any] = {field: text or (None if field != "description" else "")}
            if field == "tax_category" and text != line.tax_category:
                values["tax_rate"] = None  # the new tax's rate; frozen again when saved
            return replace(line, **values)
        number = fmt.parse_decimal(str(value)) if str(value).strip() else Decimal(0)
        if number is None or number < 0:
            return None
        if field == "discount_pct":
            return replace(line, discount_pct=number, discount_amount=Decimal(0))
        if field == "discount_amount":
            return replace(line, discount_amount=number, discount_pct=Decimal(0))
        numbers: dict[str, Any] = {field: number}
        return replace(line, **numbers)


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def money(value: Decimal, currency: str) -> str:
    """An amount as quotes price it: $ 1.250.000 for COP (whole pesos), US$ 1.250,00."""
    return fmt.money(value, currency)


def tax_label(code: str) -> str:
    """A tax's name: the translated label of the first four, else the taxes' own names."""
    if code in LABELS["tax_category"]:
        return label("tax_category", code)
    tax = BY_CODE.get(code)
    if tax is None:
        return code
    return tax.name_es if current_language() == "es" else tax.name_en


def tax_choices() -> list[tuple[str, str]]:
    """Every seeded tax (services/quotes/taxes.py), Colombia's first."""
    return [(tax.code, tax_label(tax.code)) for tax in SEEDED]


class TaxDelegate(QStyledItemDelegate):
    """The tax column is a choice among the taxes (Colombian and Argentine)."""

    def createEditor(self, parent: QWidget, _option: Any, _index: Any) -> QWidget:
        combo = QComboBox(parent)
        for code, text in tax_choices():
            combo.addItem(text, code)
        return combo

    def setEditorData(self, editor: QWidget, index: Any) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: Any, index: Any) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
