"""Local-only derived tables: RFM scores per account and the owners the follow-up rules saw.

Neither table syncs: scores are recomputed from synced sales on each laptop, so writing them
never produces outbox operations (100k accounts would otherwise mean 100k pushed ops).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from crm_desktop.models.base import Base
from crm_desktop.models.types import FixedDecimal


class AccountScore(Base):
    """Recency, frequency and monetary quintiles (1-5) of an account with sales, and its segment."""

    __tablename__ = "account_scores"
    __table_args__ = (Index("ix_account_scores_segment", "segment", "score"),)

    # No foreign key: scores are derived, and sync may remove an account from this laptop.
    account_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    last_sale_at: Mapped[datetime]
    recency_days: Mapped[int] = mapped_column(Integer)
    frequency: Mapped[int] = mapped_column(Integer)
    monetary: Mapped[Decimal] = mapped_column(FixedDecimal(4))  # in COP
    r_score: Mapped[int] = mapped_column(Integer)
    f_score: Mapped[int] = mapped_column(Integer)
    m_score: Mapped[int] = mapped_column(Integer)
    score: Mapped[Decimal] = mapped_column(FixedDecimal(2))  # weighted, 1.00 to 5.00
    segment: Mapped[str] = mapped_column(String(20))
    computed_at: Mapped[datetime]


class AccountOwnerSeen(Base):
    """Each account's owner when the follow-up rules last looked: a change is a reassignment."""

    __tablename__ = "account_owner_seen"

    account_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    owner_id: Mapped[str | None] = mapped_column(String(36))
