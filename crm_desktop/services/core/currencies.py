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
