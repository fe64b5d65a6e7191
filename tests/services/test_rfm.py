"""RFM on a small data set computed by hand, with the default and custom weights.

Five accounts with sales, seen at 2026-11-28:
  A  1 sale                     100  10 days ago
  B  2 sales (200 + 300)        500  20 days ago; B's won opportunity has an accepted quote
  C  3 sales                  1 000 200 days ago; one is a won opportunity without a quote
  D  1 sale                      50 400 days ago
  E  1 sale                   2 000   5 days ago
Quintile = 1 + ⌊5·(rank − 1) / 4⌋ capped at 5, ties share the lower rank:
  R (older → lower)  D1 C2 B3 A4 E5      F  A, D, E 1 (tied); B 4; C 5      M  D1 A2 B3 C4 E5
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.models import OutboxOp
from crm_desktop.models.scores import AccountScore
from crm_desktop.services.core.errors import ValidationError
from crm_desktop.services.reports.rfm import Weights, account_score, check_weights, compute_rfm
from tests.factories import make_user
from tests.services import sales_fixtures as fx

NOW = datetime(2026, 11, 28, 12, tzinfo=UTC)


def ago(days: int) -> datetime:
    return NOW - timedelta(days=days)


@pytest.fixture
def accounts(session: Session) -> dict[str, str]:
    rep = make_user(session)
    acc = {name: fx.account(session, rep.id, legal_name=f"Cuenta {name}") for name in "ABCDE"}
    fx.quote(session, acc["A"], "accepted", "100", decided=ago(10))
    won = fx.opportunity(session, acc["B"], "closed_won", "999", closed=ago(20))
    fx.quote(session, acc["B"], "accepted", "200", decided=ago(60))
    fx.quote(session, acc["B"], "accepted", "300", decided=ago(20), opportunity=won)
    fx.quote(session, acc["C"], "accepted", "400", decided=ago(300))
    fx.quote(session, acc["C"], "accepted", "400", decided=ago(250))
    fx.opportunity(session, acc["C"], "closed_won", "200", closed=ago(200))
    fx.quote(session, acc["D"], "accepted", "50", decided=ago(400))
    fx.quote(session, acc["E"], "accepted", "2000", decided=ago(5))
    fx.quote(session, acc["E"], "rejected", "9000", decided=ago(1), reason="Caro")
    return {name: a.id for name, a in acc.items()}


def scores(session: Session, accounts: dict[str, str]) -> dict[str, tuple[object, ...]]:
    found = {}
    for name, account_id in accounts.items():
        s = account_score(session, account_id)
        assert s is not None
        found[name] = (s.r_score, s.f_score, s.m_score, s.score, s.segment)
    return found


def test_default_weights_30_10_60(session: Session, accounts: dict[str, str]) -> None:
    summary = compute_rfm(session, NOW)
    assert summary.scored == 5
    assert scores(session, accounts) == {
        "A": (4, 1, 2, Decimal("2.50"), "potential"),
        "B": (3, 4, 3, Decimal("3.10"), "loyal"),
        "C": (2, 5, 4, Decimal("3.50"), "at_risk"),
        "D": (1, 1, 1, Decimal("1.00"), "lost"),
        "E": (5, 1, 5, Decimal("4.60"), "loyal"),
    }
    b = account_score(session, accounts["B"])
    assert b is not None and (b.frequency, b.monetary, b.recency_days) == (2, Decimal(500), 20)
    assert summary.by_segment["loyal"] == 2 and summary.by_segment["champions"] == 0


def test_custom_weights_50_25_25(session: Session, accounts: dict[str, str]) -> None:
    compute_rfm(session, NOW, Weights(50, 25, 25))
    got = {name: row[3] for name, row in scores(session, accounts).items()}
    assert got == {"A": Decimal("2.75"), "B": Decimal("3.25"), "C": Decimal("3.25"),
                   "D": Decimal("1.00"), "E": Decimal("4.00")}  # fmt: skip


def test_weights_must_add_up_to_100(session: Session) -> None:
    with pytest.raises(ValidationError) as problem:
        check_weights(50, 30, 30)
    assert problem.value.codes() == dict.fromkeys(
        ("rfm.weight_recency", "rfm.weight_frequency", "rfm.weight_monetary"), "weights_sum"
    )
    assert "110" in str(problem.value)
    with pytest.raises(ValidationError):
        compute_rfm(session, NOW, Weights(40, 40, 40))
    assert check_weights(0, 0, 100) == Weights(0, 0, 100)


def test_scores_stay_local_and_are_replaced(session: Session, accounts: dict[str, str]) -> None:
    before = len(list(session.scalars(select(OutboxOp))))
    compute_rfm(session, NOW)
    compute_rfm(session, NOW)
    assert len(list(session.scalars(select(OutboxOp)))) == before  # nothing to sync
    assert len(list(session.scalars(select(AccountScore)))) == 5


def test_scope_of_one_rep_ranks_only_their_accounts(
    session: Session, accounts: dict[str, str]
) -> None:
    other = make_user(session, "otra", full_name="Otra")
    mine = fx.account(session, other.id)
    fx.quote(session, mine, "accepted", "1", decided=ago(900))
    compute_rfm(session, NOW)
    compute_rfm(session, NOW, owner_id=other.id)
    lone = account_score(session, mine.id)
    assert lone is not None and (lone.r_score, lone.f_score, lone.m_score) == (3, 3, 3)
    assert account_score(session, accounts["E"]) is not None  # other reps' scores untouched
