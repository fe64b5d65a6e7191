"""The pipeline as data: opportunities by stage with weighted totals, for the board and the list.

Only what a rep acts on is read: open opportunities and those closed in the last CLOSED_DAYS
days. Each stage gives at most `cap` cards (largest first) plus its full count and totals, so
the board stays light even when a manager looks at every rep of a 100,000-account database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from crm_desktop.clock import clock_of
from crm_desktop.models import User
from crm_desktop.models.enums import OpportunityStage

CLOSED_DAYS = 90
STAGES = tuple(stage.value for stage in OpportunityStage)
_SCALE = 4  # FixedDecimal(4) stores money as integer ten-thousandths

# A plain scan: the (stage, owner) index makes SQLite hop row by row across the whole table,
# slower than reading it once for the share of it the board shows.
_SCOPE = """
  FROM opportunities o NOT INDEXED
 WHERE o.deleted_at IS NULL
   AND (o.stage NOT IN ('closed_won', 'closed_lost') OR o.closed_at >= :since)
   AND (:owner IS NULL OR o.owner_id = :owner)
"""

# Rank within each stage first, then join names for the kept rows only.
_CARDS = f"""
SELECT r.id, r.account_id, a.legal_name, r.name, r.stage, r.amount, r.currency,
       r.probability, r.owner_id, u.full_name, r.expected_close
  FROM (SELECT o.id, o.account_id, o.name, o.stage, o.amount, o.currency, o.probability,
               o.owner_id, o.expected_close,
               row_number() OVER (PARTITION BY o.stage ORDER BY o.amount DESC, o.id) AS rank
        {_SCOPE}) r
  JOIN accounts a ON a.id = r.account_id
  LEFT JOIN users u ON u.id = r.owner_id
 WHERE r.rank <= :cap
 ORDER BY r.stage, r.rank
"""

_TOTALS = f"""
SELECT o.stage, o.currency, count(*), sum(o.amount), sum(o.amount * o.probability)
{_SCOPE}
GROUP BY o.stage, o.currency
"""


@dataclass(frozen=True)
class OpportunityCard:
    id: str
    account_id: str
    account_name: str
    name: str
    stage: str
    amount: Decimal
    currency: str
    probability: int
    owner_id: str | None
    owner_name: str
    expected_close: date | None

    @property
    def weighted(self) -> Decimal:
        return self.amount * self.probability / 100


@dataclass(frozen=True)
class StageTotal:
    """One stage in one currency: how many, how much, and how much weighted by probability."""

    stage: str
    currency: str
    count: int
    amount: Decimal
    weighted: Decimal


@dataclass(frozen=True)
class PipelineData:
    cards: tuple[OpportunityCard, ...]  # at most cap per stage, largest first
    totals: tuple[StageTotal, ...]
    cap: int

    def cards_in(self, stage: str) -> list[OpportunityCard]:
        return [c for c in self.cards if c.stage == stage]

    def count_in(self, stage: str) -> int:
        return sum(t.count for t in self.totals if t.stage == stage)

    def totals_in(self, stage: str) -> list[StageTotal]:
        return [t for t in self.totals if t.stage == stage]


@dataclass(frozen=True)
class Rep:
    id: str
    full_name: str


def _money(raw: Any) -> Decimal:
    return Decimal(int(raw or 0)).scaleb(-_SCALE)


def _card(row: Any) -> OpportunityCard:
    return OpportunityCard(
        id=row[0],
        account_id=row[1],
        account_name=row[2],
        name=row[3],
        stage=row[4],
        amount=_money(row[5]),
        currency=row[6],
        probability=int(row[7] or 0),
        owner_id=row[8],
        owner_name=row[9] or "",
        expected_close=date.fromisoformat(str(row[10])[:10]) if row[10] else None,
    )


def load_pipeline(
    session: Session, owner_id: str | None, cap: int = 50, now: datetime | None = None
) -> PipelineData:
    """Open opportunities and those closed lately, of owner_id (None: everyone's)."""
    since = (now or clock_of(session).now()) - timedelta(days=CLOSED_DAYS)
    params = {
        "owner": owner_id,
        "since": since.replace(tzinfo=None).isoformat(sep=" "),
        "cap": cap,
    }
    cards = tuple(_card(row) for row in session.execute(text(_CARDS), params))
    totals = tuple(
        StageTotal(
            stage=row[0],
            currency=row[1],
            count=int(row[2]),
            amount=_money(row[3]),
            weighted=_money(row[4]) / 100,
        )
        for row in session.execute(text(_TOTALS), params)
    )
    return PipelineData(cards=cards, totals=totals, cap=cap)


def active_reps(session: Session) -> list[Rep]:
    """Everyone who can own opportunities, by name, for the rep filter."""
    rows = session.execute(
        select(User.id, User.full_name)
        .where(User.deleted_at.is_(None), User.active.is_(True))
        .order_by(User.full_name)
    )
    return [Rep(id=row[0], full_name=row[1]) for row in rows]
