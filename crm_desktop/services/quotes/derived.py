"""Values derived from a quote's lines (its stored total), recomputed in bulk after a pull.

A derived value is never merged as a field (ARCHITECTURE.md): the laptop does not push it
(models/base.DERIVED), ignores the server's copy, and recomputes it from the lines it holds
whenever those change, a pulled page included.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from crm_desktop.models import Quote, QuoteLine
from crm_desktop.services.quotes.pricing import LineInput, compute_totals
from crm_desktop.services.quotes.quote_data import line_data, tax_rounding_of

CHUNK = 500


def recompute_totals(session: Session, quote_ids: Iterable[str]) -> int:
    """Store each quote's grand total as its live lines price it; returns how many changed."""
    ids = sorted(set(quote_ids))
    changed = 0
    rounding = tax_rounding_of(session)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        lines: dict[str, list[LineInput]] = defaultdict(list)
        for line in session.scalars(
            select(QuoteLine)
            .where(QuoteLine.quote_id.in_(chunk), QuoteLine.deleted_at.is_(None))
            .order_by(QuoteLine.quote_id, QuoteLine.position, QuoteLine.created_at)
        ):
            lines[line.quote_id].append(line_data(line).to_input())
        quotes = session.execute(
            select(
                Quote.id, Quote.currency, Quote.global_discount_pct, Quote.total, Quote.sent_at
            ).where(Quote.id.in_(chunk))
        )
        for quote_id, currency, discount, stored, sent_at in quotes:
            # a sent quote is totalled by the rules of when it was sent, as it was sent
            totals = compute_totals(currency, lines.get(quote_id, []), discount, rounding, sent_at)
            total = totals.grand_total
            if stored != total:
                session.execute(update(Quote).where(Quote.id == quote_id).values(total=total))
                changed += 1
    return changed
