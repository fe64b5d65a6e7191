"""The one formatting module (services/core/formats.py) bound to the user's language.

Views write fmt.money(...), fmt.day(...): the same CLDR formats the PDF, the e-mail and the
exports use, in the program's language (es → es-CO, en → en-US).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from crm_desktop import i18n
from crm_desktop.services.core.formats import Formats, formats


def ui() -> Formats:
    return formats(i18n.current_language())


def number(value: Decimal | int, places: int = 0) -> str:
    return ui().number(value, places)


def quantity(value: Decimal | int) -> str:
    return ui().quantity(value)


def percent(value: Decimal | int | float, places: int | None = None) -> str:
    return ui().percent(value, places)


def money(value: Decimal, currency: str = "COP", places: int | None = None) -> str:
    """$ 1.250.000 in es-CO (pesos without cents); US$ 1.250,00; $1,250.00 in en-US; with
    places, as many decimals (a quote sent when its currency was priced in cents)."""
    return ui().money(value, currency, places)


def short_money(value: Decimal | int | float, currency: str = "COP") -> str:
    return ui().short_money(value, currency)


def parse_decimal(text: str) -> Decimal | None:
    return ui().parse_decimal(text)


def day(value: date | None) -> str:
    return ui().day(value)


def long_day(value: date | None) -> str:
    return ui().long_day(value)


def moment(value: datetime | None) -> str:
    """A UTC time shown in the machine's local time zone."""
    return ui().moment(value)


def plural(count: int, forms: tuple[str, str]) -> str:
    return ui().plural(count, forms)
