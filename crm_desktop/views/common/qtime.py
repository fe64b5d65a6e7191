"""The injected clock as Qt dates and times (the views never ask Qt for the current date)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QDateTime

from crm_desktop.clock import Clock


def qnow(clock: Clock) -> QDateTime:
    """Now, as a local QDateTime."""
    return QDateTime.fromMSecsSinceEpoch(round(clock.now().timestamp() * 1000))


def qtoday(clock: Clock) -> QDate:
    """Today's local date."""
    return qnow(clock).date()


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)
