"""RFM value segmentation: recency, frequency and monetary quintiles per account, weighted.

A sale is an accepted quote, or a won opportunity that has no accepted quote (so a won deal
quoted once is counted once). Amounts in other currencies are converted to COP at the latest
exchange rate seen on a quote of that currency, rounded to the peso.

Quintiles are taken over the accounts in scope that have at least one sale, by rank:
score = 1 + ⌊5·(rank − 1) / (n − 1)⌋ capped at 5, rank being the SQL RANK() in ascending order
(older last sale, fewer sales, less money → lower). Ties share the lower score; a lone account
scores 3. The weighted score is (wR·R + wF·F + wM·M) / 100, from 1.00 to 5.00.

Segments, from R and FM = (F + M) / 2:
  champions        R ≥ 4 and FM ≥ 4     bought lately, often and for much
  loyal            R ≥ 3 and FM ≥ 3     (and not a champion)
  potential        R ≥ 4 and FM < 3     recent but small or rare buyers
  needs_attention  R = 3 and FM < 3
  at_risk          R ≤ 2 and FM ≥ 3     were good customers, silent for a while
  lost             R ≤ 2 and FM < 3
Accounts without any sale have no row in account_scores (LEFT JOIN gives NULL: "no purchases").
Scores live in the local-only account_scores table and never sync.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import text
from sqlalchemy.orm import Session

from crm_desktop.i18n import N_
from crm_desktop.models.scores import AccountScore
from crm_desktop.services.core.errors import FieldProblem, ValidationError
from crm_desktop.services.core.sql import SALES_SQL, utc_text

# The segment names live in a module light enough for the program's start; kept importable here.
from crm_desktop.services.reports.rfm_segments import NO_PURCHASES as NO_PURCHASES
from crm_desktop.services.reports.rfm_segments import SEGMENTS as SEGMENTS

DEFAULT_WEIGHTS = (30, 10, 60)
WEIGHT_KEYS = ("rfm.weight_recency", "rfm.weight_frequency", "rfm.weight_monetary")


@dataclass(frozen=True)
class Weights:
    recency: int = DEFAULT_WEIGHTS[0]
    frequency: int = DEFAULT_WEIGHTS[1]
    monetary: int = DEFAULT_WEIGHTS[2]


@dataclass(frozen=True)
class RfmSummary:
    """What one computation did: accounts scored and how many fell in each segment."""

    scored: int
    by_segment: dict[str, int]
    weights: Weights
    computed_at: datetime


@dataclass(frozen=True)
class ScoreView:
    """One account's scores as the 360° view shows them."""

    account_id: str
    recency_days: int
    frequency: int
    monetary: Decimal
    r_score: int
    f_score: int
    m_score: int
    score: Decimal
    segment: str


def check_weights(recency: int, frequency: int, monetary: int) -> Weights:
    """The weights if each is 0–100 and they sum to 100 %; else ValidationError per field."""
    values = {"rfm.weight_recency": recency, "rfm.weight_frequency": frequency}
    values["rfm.weight_monetary"] = monetary
    problems = [
        FieldProblem(key, "out_of_range", N_("A weight is a percentage from 0 to 100."))
        for key, value in values.items()
        if not 0 <= value <= 100
    ]
    total = recency + frequency + monetary
    if not problems and total != 100:
        problems = [
            FieldProblem(
                key,
                "weights_sum",
                N_("The RFM weights must add up to 100 %; now they add up to {total} %."),
                {"total": total},
            )
            for key in values
        ]
    if problems:
        raise ValidationError(problems)
    return Weights(recency, frequency, monetary)


def latest_rates(session: Session) -> dict[str, int]:
    """COP per unit of each foreign currency, from the newest quote in it (rounded to the peso)."""
    # SQLite takes a bare column from the row holding the max(): the newest quote's rate, read
    # from the index ix_quotes_currency_issued (a scan of every quote took 57 ms of 100,000).
    rows = session.execute(
        text(
            "SELECT currency, exchange_rate, max(issued_on) FROM quotes "
            "WHERE currency != 'COP' AND deleted_at IS NULL AND exchange_rate > 0 "
            "GROUP BY currency"
        )
    )
    # exchange_rate is stored scaled by 10^6
    return {cur: max(1, round(int(rate) / 1_000_000)) for cur, rate, _day in rows}


def rate_case(column: str, rates: dict[str, int]) -> str:
    """SQL giving the COP multiplier of the currency in column."""
    if not rates:
        return "1"
    whens = " ".join(
        f"WHEN '{cur}' THEN {rate}" for cur, rate in sorted(rates.items()) if cur.isalpha()
    )
    return f"(CASE {column} {whens} ELSE 1 END)"


def _quintile(order: str) -> str:
    rank = f"RANK() OVER (ORDER BY {order})"
    return f"(CASE WHEN n = 1 THEN 3 ELSE min(5, 1 + 5 * ({rank} - 1) / (n - 1)) END)"


_SEGMENT_CASE = """CASE
 WHEN r >= 4 AND f + m >= 8 THEN 'champions'
 WHEN r >= 3 AND f + m >= 6 THEN 'loyal'
 WHEN r >= 4 THEN 'potential'
 WHEN r = 3 THEN 'needs_attention'
 WHEN f + m >= 6 THEN 'at_risk'
 ELSE 'lost' END"""


def _scores_sql(rates: dict[str, int], owner_id: str | None) -> str:
    scope = "AND a.owner_id = :owner" if owner_id is not None else ""
    return f"""
WITH per AS (
  SELECT s.account_id, max(s.at) AS last_at, count(*) AS freq,
         sum(s.amount * {rate_case("s.currency", rates)}) AS money
  FROM ({SALES_SQL}) s JOIN accounts a ON a.id = s.account_id AND a.deleted_at IS NULL {scope}
  GROUP BY s.account_id
), sized AS (SELECT per.*, count(*) OVER () AS n FROM per),
q AS (
  SELECT account_id, last_at, freq, money, {_quintile("last_at")} AS r,
         {_quintile("freq")} AS f, {_quintile("money")} AS m
  FROM sized
)
INSERT INTO account_scores (account_id, last_sale_at, recency_days, frequency, monetary,
  r_score, f_score, m_score, score, segment, computed_at)
SELECT account_id, last_at, max(0, CAST(julianday(:now) - julianday(last_at) AS INTEGER)),
  freq, money, r, f, m, :wr * r + :wf * f + :wm * m, {_SEGMENT_CASE}, :now
FROM q
"""


def compute_rfm(
    session: Session, now: datetime, weights: Weights | None = None, owner_id: str | None = None
) -> RfmSummary:
    """Recompute the scores of every account in scope (one rep's, or all) in a few statements."""
    weights = weights or Weights()
    check_weights(weights.recency, weights.frequency, weights.monetary)
    stamp = utc_text(now)
    params = {"now": stamp, "wr": weights.recency, "wf": weights.frequency}
    params |= {"wm": weights.monetary, "owner": owner_id}
    if owner_id is None:
        session.execute(text("DELETE FROM account_scores"))
    else:
        session.execute(
            text(
                "DELETE FROM account_scores WHERE account_id IN "
                "(SELECT id FROM accounts WHERE owner_id = :owner)"
            ),
            {"owner": owner_id},
        )
    session.execute(text(_scores_sql(latest_rates(session), owner_id)), params)
    counts = session.execute(
        text(
            "SELECT segment, count(*) FROM account_scores WHERE computed_at = :now GROUP BY segment"
        ),
        {"now": stamp},
    ).all()
    by_segment = {segment: 0 for segment in SEGMENTS} | {seg: int(n) for seg, n in counts}
    return RfmSummary(sum(by_segment.values()), by_segment, weights, now)


def account_score(session: Session, account_id: str) -> ScoreView | None:
    """The stored scores of one account, or None when it has no sale (or was never scored)."""
    row = session.get(AccountScore, account_id)
    if row is None:
        return None
    return ScoreView(
        row.account_id,
        row.recency_days,
        row.frequency,
        row.monetary,
        row.r_score,
        row.f_score,
        row.m_score,
        row.score,
        row.segment,
    )
