"""The taxes a quote line can carry, as data: the seeded Colombian and Argentine rates.

Each line freezes its tax's rate (quote_lines.tax_rate), so a quote keeps the rate it was made
with when a rate later changes. Pure data, no database: pricing and the PDF import it cheaply.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

VAT, CONSUMPTION, EXEMPT, EXCLUDED = "vat", "consumption", "exempt", "excluded"
KINDS = (VAT, CONSUMPTION, EXEMPT, EXCLUDED)


@dataclass(frozen=True, slots=True)
class TaxInfo:
    code: str  # what a line names (quote_lines.tax_category); unique
    name_es: str
    name_en: str
    rate: Decimal  # a fraction: 0.19 for 19 %
    kind: str  # one of KINDS
    country: str  # ISO 3166 alpha-2
    price_included: bool = False  # prices carrying it are quoted with the tax in them
    valid_from: date | None = None
    valid_to: date | None = None


SEEDED: tuple[TaxInfo, ...] = (
    TaxInfo("iva19", "IVA 19 %", "VAT 19 %", Decimal("0.19"), VAT, "CO"),
    TaxInfo("iva5", "IVA 5 %", "VAT 5 %", Decimal("0.05"), VAT, "CO"),
    TaxInfo("exempt", "Exento", "Exempt", Decimal(0), EXEMPT, "CO"),
    TaxInfo("excluded", "Excluido", "Excluded", Decimal(0), EXCLUDED, "CO"),
    TaxInfo("inc8", "INC 8 %", "Consumption tax 8 %", Decimal("0.08"), CONSUMPTION, "CO"),
    TaxInfo("iva19i", "IVA 19 % incluido", "VAT 19 % included", Decimal("0.19"), VAT, "CO", True),
    TaxInfo("ar_iva21", "IVA 21 %", "VAT 21 %", Decimal("0.21"), VAT, "AR"),
    TaxInfo("ar_iva10_5", "IVA 10,5 %", "VAT 10.5 %", Decimal("0.105"), VAT, "AR"),
    TaxInfo("ar_iva27", "IVA 27 %", "VAT 27 %", Decimal("0.27"), VAT, "AR"),
    TaxInfo("ar_iva0", "IVA 0 %", "VAT 0 %", Decimal(0), VAT, "AR"),
    TaxInfo(
        "ar_iva21i", "IVA 21 % incluido", "VAT 21 % included", Decimal("0.21"), VAT, "AR", True
    ),
)
BY_CODE: dict[str, TaxInfo] = {tax.code: tax for tax in SEEDED}


class UnknownTax(ValueError):
    """A line names a tax that is neither seeded nor frozen on it: its base is never dropped."""

    def __init__(self, code: str) -> None:
        super().__init__(f"unknown tax {code!r}: no rate is frozen on the line and none is known")
        self.code = code


# A line's further taxes after its main one (quote_lines.extra_taxes), each frozen with its rate:
# IVA + INC, IVA + a percepción. Stored as JSON text: [{"code": "inc8", "rate": "0.0800"}].
ExtraTaxes = tuple[tuple[str, Decimal | None], ...]  # a rate of None: frozen when saved
MAX_EXTRA_TAXES = 3


def encode_extra(extra: tuple[tuple[str, Decimal], ...]) -> str | None:
    if not extra:
        return None
    return json.dumps([{"code": code, "rate": f"{rate:.4f}"} for code, rate in extra])


def decode_extra(text: str | None) -> tuple[tuple[str, Decimal], ...]:
    """The stored extra taxes (the rules checked them on the way in)."""
    if not text:
        return ()
    return tuple((str(item["code"]), Decimal(str(item["rate"]))) for item in json.loads(text))
