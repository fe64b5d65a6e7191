"""The injected clock as Qt dates and times (the views never ask Qt for the current date)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QDateTime, QEvent, QObject
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit

from crm_desktop.clock import Clock
from crm_desktop.views.common import fmt


def qnow(clock: Clock) -> QDateTime:
    """Now, as a local QDateTime."""
    return QDateTime.fromMSecsSinceEpoch(round(clock.now().timestamp() * 1000))


def qtoday(clock: Clock) -> QDate:
    """Today's local date."""
    return qnow(clock).date()


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(value: QDate) -> date:
    """A QDate as a date (typed: QDate.toPython() is typed as returning an object)."""
    return date(value.year(), value.month(), value.day())


def date_field(day: date) -> QDateEdit:
    """A date field set to `day`, typed or picked in the language's numeric form."""
    edit = QDateEdit(qdate(day))
    typed_dates(edit)
    return edit


def typed_dates(edit: QDateEdit | QDateTimeEdit) -> None:
    """A date (or date and time) field a rep can type into as well as pick from a calendar:
    the language's numeric date with a four-digit year (30/12/2026, 12/30/2026) and a 24-hour
    time (no "p. m." section to type), the whole text selected on focus."""
    pattern = fmt.ui().date_pattern().replace("y", "yyyy")
    if isinstance(edit, QDateTimeEdit) and not isinstance(edit, QDateEdit):
        pattern += " HH:mm"
    edit.setDisplayFormat(pattern)
    edit.setCalendarPopup(True)
    edit.setCurrentSection(edit.sectionAt(0))
    edit.installEventFilter(_TypedDate(edit))


class _TypedDate(QObject):
    """Typing a whole date works: "31/12/2026" as a person types it.

    Qt moves to the next section by itself once a section is full ("31" → the month), so the
    "/" typed next skipped the month and sent the rest to the year; and with the whole text
    selected, typing replaced nothing. A separator right after such a move is swallowed, and
    typing over the whole text starts at its first section.
    """

    def __init__(self, edit: QDateTimeEdit) -> None:
        super().__init__(edit)
        self.edit, self.moved = edit, False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.edit or event.type() != QEvent.Type.KeyPress:
            return False
        assert isinstance(event, QKeyEvent)
        typed = event.text()
        if typed and typed in SEPARATORS:
            swallow, self.moved = self.moved, False
            return swallow
        if not typed.isdigit():
            self.moved = False
            return False
        line = self.edit.lineEdit()
        if line.hasSelectedText() and len(line.selectedText()) == len(line.text()):
            self.edit.setSelectedSection(self.edit.sectionAt(0))
        before = self.edit.currentSection()
        self.edit.event(event)  # delivered here, so the section it leads to can be seen
        self.moved = self.edit.currentSection() != before
        return True


SEPARATORS = "/-.: "
