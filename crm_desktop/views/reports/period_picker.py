"""PeriodPicker: week, month, quarter (containing a chosen day) or a custom range of days."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget

from crm_desktop.clock import Clock, today
from crm_desktop.services.reports.reports import Period, period_of
from crm_desktop.views.common.labels import QT_TRANSLATE_NOOP
from crm_desktop.views.common.qtime import typed_dates

CTX = "PeriodPicker"
KINDS = (
    ("week", QT_TRANSLATE_NOOP("PeriodPicker", "Week")),
    ("month", QT_TRANSLATE_NOOP("PeriodPicker", "Month")),
    ("quarter", QT_TRANSLATE_NOOP("PeriodPicker", "Quarter")),
    ("custom", QT_TRANSLATE_NOOP("PeriodPicker", "Custom range")),
)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class PeriodPicker(QWidget):
    changed = Signal()

    def __init__(self, timezone: str, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.timezone, self.clock = timezone, clock
        self.kind = QComboBox()
        self.kind.setObjectName("period_kind")
        for key, title in KINDS:
            self.kind.addItem(self.tr(title), key)
        self.kind.setCurrentIndex(2)
        self.day = self._date_edit("period_day")
        self.until = self._date_edit("period_until")
        self.until_label = QLabel(self.tr("to"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.kind, self.day, self.until_label, self.until):
            layout.addWidget(widget)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit(_qdate(today(self.clock, self.timezone)))
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        typed_dates(edit)
        edit.dateChanged.connect(lambda _d: self.changed.emit())
        return edit

    def _kind_changed(self, *_args: object) -> None:
        custom = self.kind.currentData() == "custom"
        self.until.setVisible(custom)
        self.until_label.setVisible(custom)
        self.day.setToolTip(self.tr("From") if custom else self.tr("Any day of the period"))
        self.changed.emit()

    def set_period(self, kind: str, day: date, until: date | None = None) -> None:
        self.kind.setCurrentIndex(self.kind.findData(kind))
        self.day.setDate(_qdate(day))
        if until is not None:
            self.until.setDate(_qdate(until))

    def period(self) -> Period:
        kind = str(self.kind.currentData())
        day = _day(self.day.date())
        if kind == "custom":
            start, end = sorted((day, _day(self.until.date())))
            return Period(start, end, "custom", self.timezone)
        return period_of(kind, day, self.timezone)
