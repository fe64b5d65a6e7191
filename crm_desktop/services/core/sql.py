"""SQL that several areas share: what counts as a sale, and moments as UTCDateTime stores them."""

from __future__ import annotations

from datetime import UTC, datetime

# Every sale with its account, owner, moment, amount (scaled by 10^4) and currency.
SALES_SQL = """
SELECT q.account_id AS account_id, q.owner_id AS owner_id, q.id AS sale_id,
       coalesce(q.decided_at, q.updated_at) AS at, q.total AS amount, q.currency AS currency
FROM quotes q WHERE q.status = 'accepted' AND q.deleted_at IS NULL
UNION ALL
SELECT o.account_id, o.owner_id, o.id, coalesce(o.closed_at, o.updated_at), o.amount, o.currency
FROM opportunities o
WHERE o.stage = 'closed_won' AND o.deleted_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM quotes q2 WHERE q2.opportunity_id = o.id
                  AND q2.status = 'accepted' AND q2.deleted_at IS NULL)
"""


def utc_text(moment: datetime) -> str:
    """A moment as the naive-UTC text UTCDateTime stores, for comparisons inside SQL."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
