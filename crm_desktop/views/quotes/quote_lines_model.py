"""The quote builder's lines as an editable table; totals are recomputed on every edit.

The lines live in memory (frozen LineData, replaced on each edit) until the builder saves them
all at once, so a half-typed quote is never half-saved. Totals come from services.pricing's
QuoteCalculator, which keeps each line's amounts: one edited line costs one line.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
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
from crm_desktop.services.quotes.costs import LineCosts, Margin, line_margin, quote_margin
from crm_desktop.services.quotes.pricing import PER_LINE, QuoteCalculator, Totals
from crm_desktop.services.quotes.quote_data import LineData
from crm_desktop.services.quotes.taxes import BY_CODE, SEEDED, TaxInfo
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
    ("margin", QT_TRANSLATE_NOOP("QuoteLinesModel", "Margin %")),  # shown to who sees costs
)
FIELDS = [field for field, _title in COLUMNS]
NUMBERS = {"quantity", "unit_price", "discount_pct", "discount_amount"}
HUNDRED = Decimal(100)
LOW_BRUSH = QBrush(QColor("#fff3cd"))  # below the minimum margin: a warning, not an error
LOW_FIELDS = {"unit_price", "discount_pct", "discount_amount", "amount"}
LOW_TIP = QT_TRANSLATE_NOOP(
    "QuoteLinesModel", "This price is below the minimum margin your manager set for the product."
)
SECTION_BRUSH = QBrush(QColor("#e8eef5"))
ERROR_BRUSH = QBrush(QColor("#f8d7da"))
_keys = itertools.count(1)


def new_key() -> str:
    return f"new-{next(_keys)}"


def _tr(text: object) -> str:
    return QCoreApplication.translate(CONTEXT, str(text))


class QuoteLinesModel(QAbstractTableModel):
    totals_changed = Signal(object)  # Totals
    margin_changed = Signal(object)  # Margin, or None for someone who may not see costs
    low_changed = Signal(int)  # how many lines are below their product's minimum price
    edited = Signal()

    def __init__(self, currency: str = "COP", parent: Any = None) -> None:
        super().__init__(parent)
        self.lines: list[LineData] = []
        self.calculator = QuoteCalculator(currency)
        self.global_pct = Decimal(0)
        self.totals: Totals = self.calculator.totals([])
        self.errors: dict[tuple[int, str], str] = {}
        self.editable = True
        self.costs: LineCosts | None = None  # None: the margin column stays empty
        self.floors: dict[str, Decimal] = {}  # product id -> minimum net unit price (everyone)

    def below_minimum(self, line: LineData) -> bool:
        """The line's net per unit (after its discount) under its product's minimum price."""
        floor = self.floors.get(line.product_id or "")
        amounts = self.totals.lines.get(line.key)
        if floor is None or amounts is None or line.kind != "item" or not line.quantity:
            return False
        return amounts.net < floor * line.quantity

    def lines_below_minimum(self) -> int:
        return sum(1 for line in self.lines if self.below_minimum(line))

    def set_costs(self, costs: LineCosts | None) -> None:
        self.costs = costs
        self.recompute()

    def line_margin(self, line: LineData) -> Margin | None:
        amounts = self.totals.lines.get(line.key)
        if self.costs is None or amounts is None or line.kind != "item":
            return None
        cost = self.costs.unit_cost(line.id, line.product_id)
        return line_margin(amounts.net, line.quantity, cost)

    def quote_margin(self) -> Margin | None:
        """Over the counted items, after the global discount."""
        if self.costs is None:
            return None
        share = (HUNDRED - self.global_pct) / HUNDRED
        parts = []
        for line in self.lines:
            amounts = self.totals.lines.get(line.key)
            if amounts is not None and amounts.counted:
                cost = self.costs.unit_cost(line.id, line.product_id)
                parts.append((amounts.net * share, line.quantity, cost))
        return quote_margin(parts)

    # -- whole-model changes ---------------------------------------------------------------
    def set_lines(
        self,
        lines: list[LineData],
        currency: str,
        global_pct: Decimal,
        tax_rounding: str = PER_LINE,
        sent_at: datetime | None = None,
    ) -> None:
        self.beginResetModel()
        self.lines = [line if line.key else replace(line, key=line.id) for line in lines]
        # as the stored total; a sent quote as it was sent
        self.calculator = QuoteCalculator(currency, tax_rounding, sent_at)
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
            last = len(self.lines) - 1
            self.dataChanged.emit(self.index(0, column), self.index(last, len(FIELDS) - 1))
        self.totals_changed.emit(self.totals)
        self.margin_changed.emit(self.quote_margin())
        self.low_changed.emit(self.lines_below_minimum())

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
        if not self.editable or field in ("amount", "margin"):
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
        if role == Qt.ItemDataRole.TextAlignmentRole and field in {*NUMBERS, "amount", "margin"}:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        low = field in LOW_FIELDS and self.below_minimum(line)
        if role == Qt.ItemDataRole.BackgroundRole:
            if (index.row(), field) in self.errors:
                return ERROR_BRUSH
            if low:
                return LOW_BRUSH
            return SECTION_BRUSH if line.kind == "section" else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if low and (index.row(), field) not in self.errors:
                return _tr(LOW_TIP)
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
            return fmt.number(amounts.shown, self.totals.places) if amounts else ""
        if field == "margin":
            margin = self.line_margin(line)
            return fmt.number(margin.pct, 1) + " %" if margin and margin.pct is not None else ""
        if field == "discount_amount" and line.discount_pct and not editing:
            # The amount a percentage discount takes now, from the live totals: the stored one
            # was computed at the last save and goes stale when the quantity or price changes.
            amounts = self.totals.lines.get(line.key)
            return fmt.number(amounts.shown_discount, self.totals.places) if amounts else ""
        if field == "tax_category":  # the main tax, then any further ones: "iva19+inc8"
            codes = [str(value), *(code for code, _rate in line.extra_taxes)]
            return "+".join(codes) if editing else " + ".join(tax_label(c) for c in codes)
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
            if field == "tax_category":
                return _with_taxes(line, text)
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


def _with_taxes(line: LineData, text: str) -> LineData:
    """The line with the taxes chosen ("iva19" or "iva19+inc8"); a tax it already had keeps its
    frozen rate, a new one shows the rate the builder loaded for the quote's day (an admin's new
    tax included) and is frozen from the taxes table when saved."""
    main, *extra = [code.strip() for code in text.split("+") if code.strip()] or [""]
    had = dict(line.extra_taxes)

    def known(code: str) -> Decimal | None:
        tax = KNOWN_TAXES.get(code)
        return tax.rate if tax is not None else None

    rate = line.tax_rate if main == line.tax_category else known(main)
    extras = tuple((code, had.get(code) or known(code)) for code in extra)
    return replace(line, tax_category=main or line.tax_category, tax_rate=rate, extra_taxes=extras)


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def money(value: Decimal, currency: str, places: int | None = None) -> str:
    """An amount as quotes price it: $ 1.250.000 for COP (whole pesos), US$ 1.250,00; with
    places, as a quote priced with them (one sent before its currency lost its cents)."""
    return fmt.money(value, currency, places)


# Every tax this program has seen (seeded, then the synced table's, as the builder loads them):
# a line naming an admin's new tax shows its name, not its code.
KNOWN_TAXES: dict[str, TaxInfo] = dict(BY_CODE)


def know_taxes(taxes: Sequence[TaxInfo]) -> None:
    KNOWN_TAXES.update((tax.code, tax) for tax in taxes)


def tax_label(code: str) -> str:
    """A tax's name: the translated label of the first four, else the taxes' own names."""
    if code in LABELS["tax_category"]:
        return label("tax_category", code)
    tax = KNOWN_TAXES.get(code)
    if tax is None:
        return code
    return tax.name_es if current_language() == "es" else tax.name_en


def tax_choices(taxes: Sequence[TaxInfo] = SEEDED) -> list[tuple[str, str]]:
    """Every tax a line may take (services.quotes.quotes.quotable_taxes: the synced table's,
    Colombia's first), then each VAT with each consumption tax of its country on the same line
    ("IVA 19 % + INC 8 %")."""
    single = [(tax.code, tax_label(tax.code)) for tax in taxes]
    pairs = [
        (f"{vat.code}+{other.code}", f"{tax_label(vat.code)} + {tax_label(other.code)}")
        for vat in taxes
        if vat.kind == "vat" and vat.rate and not vat.price_included
        for other in taxes
        if other.kind == "consumption" and other.country == vat.country
    ]
    return single + pairs


class TaxDelegate(QStyledItemDelegate):
    """The tax column is a choice among the taxes valid on the quote's day (`taxes`, set by the
    builder when it loads the quote; the seeded ones until then)."""

    taxes: Sequence[TaxInfo] = SEEDED

    def createEditor(self, parent: QWidget, _option: Any, _index: Any) -> QWidget:
        combo = QComboBox(parent)
        for code, text in tax_choices(self.taxes):
            combo.addItem(text, code)
        return combo

    def setEditorData(self, editor: QWidget, index: Any) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: Any, index: Any) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
