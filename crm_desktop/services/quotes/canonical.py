"""The canonical content of a quote: what a signed acceptance's SHA-256 covers.

What is hashed (format "crm-quote/1", README "Accepted on the spot, signed"): one JSON object
encoded as UTF-8 with sorted keys, no spaces (separators "," and ":") and no ASCII escaping,
holding
- "format": "crm-quote/1";
- "header": id, number, revision, account_id, client legal name and tax id (kind and number),
  currency, exchange rate, language, issued_on, valid_until, payment and delivery terms, notes,
  global discount %, tax rounding method;
- "lines": every live line in order: kind, description, quantity, unit, unit price, discount %
  and amount, tax code and frozen rate, further taxes with their rates, optional;
- "totals": gross, line discounts, subtotal, global discount, each tax group (code, rate, base,
  tax) and the grand total.
Decimals are plain strings with their stored places (quantities and prices 4, the exchange rate
6, amounts the currency's places), dates ISO 8601; absent values are null. Status, sent/decided
times and sync bookkeeping are left out: accepting changes them, not what was agreed.

The record keeps the canonical content itself with its SHA-256, so the hash can be re-checked
from the record alone, and the live quote can be compared with what was signed.
"""

from __future__ import annotations

import json
from decimal import Decimal

from crm_desktop.services.quotes.quote_types import QuoteData

FORMAT = "crm-quote/1"


def _fixed(value: Decimal | None, places: int) -> str | None:
    return None if value is None else f"{value:.{places}f}"


def canonical_content(data: QuoteData) -> str:
    """The quote's canonical content (module doc): what the signature's SHA-256 covers."""
    t = data.totals()
    money = t.places
    c = data.client
    header = {
        "id": data.id,
        "number": data.number,
        "revision": data.revision,
        "account_id": data.account_id,
        "client": c.legal_name,
        "client_tax_id_kind": c.tax_id_kind,
        "client_tax_id": c.tax_id,
        "currency": data.currency,
        "exchange_rate": _fixed(data.exchange_rate, 6),
        "language": data.language,
        "issued_on": data.issued_on.isoformat(),
        "valid_until": data.valid_until.isoformat(),
        "payment_terms": data.payment_terms,
        "delivery_terms": data.delivery_terms,
        "notes": data.notes,
        "global_discount_pct": _fixed(data.global_discount_pct, 4),
        "tax_rounding": data.tax_rounding,
    }
    lines = [
        {
            "kind": line.kind,
            "description": line.description,
            "quantity": _fixed(line.quantity, 4),
            "unit": line.unit,
            "unit_price": _fixed(line.unit_price, 4),
            "discount_pct": _fixed(line.discount_pct, 4),
            "discount_amount": _fixed(line.discount_amount, 4),
            "tax": line.tax_category,
            "tax_rate": _fixed(line.tax_rate, 4),
            "extra_taxes": [[code, _fixed(rate, 4)] for code, rate in line.extra_taxes],
            "optional": line.optional,
        }
        for line in data.lines
    ]
    totals = {
        "gross": _fixed(t.gross, money),
        "line_discounts": _fixed(t.line_discounts, money),
        "subtotal": _fixed(t.subtotal, money),
        "global_discount": _fixed(t.global_discount, money),
        "taxes": [
            {
                "tax": g.category,
                "rate": _fixed(g.rate, 4),
                "base": _fixed(g.base, money),
                "amount": _fixed(g.tax, money),
            }
            for g in t.taxes
        ],
        "grand_total": _fixed(t.grand_total, money),
    }
    whole = {"format": FORMAT, "header": header, "lines": lines, "totals": totals}
    return json.dumps(whole, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
