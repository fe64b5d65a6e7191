"""A quote as plain frozen data (no database): what the builder edits, the PDF prints and a
revision freezes. services.quotes.quote_data loads it through the ORM; quote_read, for the
command line, with sqlite3 alone."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal

from crm_desktop.services.quotes.pricing import PER_LINE, LineInput, Totals, compute_totals
from crm_desktop.services.quotes.taxes import ExtraTaxes


@dataclass(frozen=True)
class LineData:
    """One line of a quote; id is "" for a line not saved yet."""

    id: str = ""
    kind: str = "item"
    product_id: str | None = None
    description: str = ""
    quantity: Decimal = Decimal(1)
    unit: str | None = None
    unit_price: Decimal = Decimal(0)
    list_price: Decimal | None = None
    price_override_reason: str | None = None
    discount_pct: Decimal = Decimal(0)
    discount_amount: Decimal = Decimal(0)
    tax_category: str = "iva19"
    optional: bool = False
    key: str = ""  # a stable key while editing (the id once saved)
    tax_rate: Decimal | None = None  # frozen when saved; None: the tax's rate today
    extra_taxes: ExtraTaxes = ()  # further taxes, each with its frozen rate

    def to_input(self) -> LineInput:
        return LineInput(
            key=self.key or self.id,
            kind=self.kind,
            quantity=self.quantity,
            unit_price=self.unit_price,
            discount_pct=self.discount_pct,
            discount_amount=self.discount_amount,
            tax_category=self.tax_category,
            optional=self.optional,
            description=self.description,
            tax_rate=self.tax_rate,
            extra_taxes=self.extra_taxes,
        )

    @property
    def overridden(self) -> bool:
        return self.list_price is not None and self.unit_price != self.list_price


@dataclass(frozen=True)
class ClientData:
    """The client block of the proposal."""

    legal_name: str = ""
    tax_id_kind: str = "nit"
    tax_id: str | None = None
    address: str | None = None
    city: str | None = None
    country: str = "CO"
    contact_name: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None


@dataclass(frozen=True)
class QuoteData:
    id: str
    number: str
    revision: int
    status: str
    account_id: str
    contact_id: str | None
    opportunity_id: str | None
    owner_id: str | None
    owner_name: str | None
    currency: str
    exchange_rate: Decimal
    language: str
    issued_on: date
    valid_until: date
    payment_terms: str | None
    delivery_terms: str | None
    notes: str | None
    global_discount_pct: Decimal
    total: Decimal
    rejection_reason: str | None
    sent_at: datetime | None
    client: ClientData = field(default_factory=ClientData)
    lines: tuple[LineData, ...] = ()
    tax_rounding: str = PER_LINE  # the company's (setting quotes.tax_rounding)

    def totals(self) -> Totals:
        return compute_totals(
            self.currency,
            (line.to_input() for line in self.lines),
            self.global_discount_pct,
            self.tax_rounding,
            self.sent_at,
        )

    def with_lines(self, lines: tuple[LineData, ...]) -> QuoteData:
        return replace(self, lines=lines)


@dataclass(frozen=True)
class AcceptanceData:
    """A quote's signed acceptance as plain data (services.quotes.acceptance makes it; the
    accepted PDF prints it; the builder shows it)."""

    quote_id: str
    revision: int
    signer_name: str
    signer_id_kind: str
    signer_id: str
    signed_at: datetime
    sha256: str
    content: str
    signature_png: bytes
