"""The currencies the program prices in and their minor units: plain data, cheap to import."""

from __future__ import annotations

# ISO 4217 currencies the program prices in, with their minor unit (decimal places).
CURRENCIES: dict[str, int] = {
    "COP": 2,
    "USD": 2,
    "EUR": 2,
    "MXN": 2,
    "ARS": 2,
    "CLP": 0,
    "PEN": 2,
    "BRL": 2,
}
# Pesos whose commercial documents show no cents: priced, rounded and shown in whole units
# (services/quotes/pricing.py explains why pricing and showing must agree).
WHOLE_UNIT_CURRENCIES = frozenset({"COP", "CLP", "ARS"})


def pricing_places(currency: str) -> int:
    """Decimal places amounts of this currency are rounded to and shown with."""
    if currency in WHOLE_UNIT_CURRENCIES:
        return 0
    return CURRENCIES.get(currency, 2)
