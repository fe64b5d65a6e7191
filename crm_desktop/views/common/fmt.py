"""Dates, numbers and money in the user's locale (e.g. $ 1.250.000,00 for es-CO)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from PySide6.QtCore import QDate, QDateTime, QLocale, QTimeZone

from crm_desktop.services.core.currencies import CURRENCIES

SYMBOLS = {
    "COP": "$",
    "USD": "US$",
    "EUR": "€",
    "MXN": "MX$",
    "ARS": "AR$",
    "CLP": "CL$",
    "PEN": "S/",
    "BRL": "R$",
}


def _locale() -> QLocale:
    return QLocale()


def number(value: Decimal | int, places: int = 0) -> str:
    """A decimal with the locale's grouping and decimal separators, rounded half-up."""
    loc = _locale()
    quantum = Decimal(1).scaleb(-places)
    exact = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if exact < 0 else ""
    whole, _, frac = f"{abs(exact):f}".partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = loc.groupSeparator().join(groups)
    if places:
        text += loc.decimalPoint() + frac
    return sign + text


def money(value: Decimal, currency: str = "COP") -> str:
    """$ 1.250.000,00 in es-CO; US$ 1,250.00 in en-US."""
    places = CURRENCIES.get(currency, 2)
    return f"{SYMBOLS.get(currency, currency)} {number(value, places)}"


def parse_decimal(text: str) -> Decimal | None:
    """What a user typed, read with the locale's separators; None if it is not a number."""
    loc = _locale()
    cleaned = text.strip().replace(" ", "").replace("$", "")
    cleaned = cleaned.replace(loc.groupSeparator(), "").replace(loc.decimalPoint(), ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def day(value: date | None) -> str:
    if value is None:
        return ""
    return _locale().toString(
        QDate(value.year, value.month, value.day), QLocale.FormatType.ShortFormat
    )


def moment(value: datetime | None) -> str:
    """A UTC time shown in the machine's local time zone."""
    if value is None:
        return ""
    qdt = QDateTime.fromSecsSinceEpoch(int(value.timestamp()), QTimeZone.systemTimeZone())
    return _locale().toString(qdt, QLocale.FormatType.ShortFormat)
