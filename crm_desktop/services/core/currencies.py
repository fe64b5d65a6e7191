"""The currencies the program prices in and their minor units: plain data, cheap to import."""

from __future__ import annotations

from datetime import UTC, datetime

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
# Since when a currency is priced in whole units, where it was priced in cents before: a quote
# sent earlier keeps the figures it was sent with (a sent quote never changes), and is priced,
# totalled and shown in cents still. COP and CLP were whole from the first version.
WHOLE_UNITS_SINCE: dict[str, datetime] = {"ARS": datetime(2026, 11, 30, 16, 35, tzinfo=UTC)}


def pricing_places(currency: str, sent_at: datetime | None = None) -> int:
    """Decimal places amounts of this currency are rounded to and shown with; for a quote sent
    at sent_at, the places of that moment (a draft, sent_at None, takes today's)."""
    if currency in WHOLE_UNIT_CURRENCIES:
        since = WHOLE_UNITS_SINCE.get(currency)
        if since is None or sent_at is None or _utc(sent_at) >= since:
            return 0
    return CURRENCIES.get(currency, 2)


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment  # stored as UTC
