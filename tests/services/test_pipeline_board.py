"""The pipeline's reads: open and lately closed opportunities, capped per stage, with totals."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from crm_desktop.clock import clock_of
from crm_desktop.database import Database
from crm_desktop.models import Opportunity
from crm_desktop.services.pipeline import pipeline
from crm_desktop.services.pipeline.pipeline_board import active_reps, load_pipeline
from tests.factories import make_account, make_user


def _opp(
    session: Session, account_id: str, owner_id: str | None, name: str, **values: object
) -> str:
    base = {"account_id": account_id, "owner_id": owner_id, "name": name, "amount": "1000000"}
    return pipeline.create_opportunity(session, base | values).id


def test_open_and_recently_closed_only_with_weighted_totals(session: Session) -> None:
    rep = make_user(session)
    account = make_account(session, owner_id=rep.id)
    _opp(session, account.id, rep.id, "A", amount="2000000", stage="proposal")
    _opp(session, account.id, rep.id, "B", amount="1000000.50", stage="proposal")
    _opp(session, account.id, rep.id, "C", amount="500", currency="USD", stage="proposal")
    recent = _opp(session, account.id, rep.id, "Won lately")
    pipeline.move_stage(session, recent, "closed_won")
    old = _opp(session, account.id, rep.id, "Lost long ago")
    pipeline.move_stage(session, old, "closed_lost", "Price")
    opp = session.get(Opportunity, old)
    assert opp is not None
    opp.closed_at = clock_of(session).now() - timedelta(days=91)
    session.flush()
    data = load_pipeline(session, None)
    assert [c.name for c in data.cards_in("proposal")] == ["A", "B", "C"]
    assert [c.name for c in data.cards_in("closed_won")] == ["Won lately"]
    assert data.cards_in("closed_lost") == [] and data.count_in("closed_lost") == 0
    cop = next(t for t in data.totals_in("proposal") if t.currency == "COP")
    assert (cop.count, cop.amount, cop.weighted) == (
        2,
        Decimal("3000000.50"),
        Decimal("1800000.30"),
    )
    usd = next(t for t in data.totals_in("proposal") if t.currency == "USD")
    assert (usd.amount, usd.weighted) == (Decimal(500), Decimal(300))
    card = data.cards_in("proposal")[0]
    assert card.account_name == account.legal_name and card.owner_name == "Juana Pérez"
    assert card.weighted == Decimal(1200000)


def test_cap_per_stage_keeps_the_largest_and_the_full_count(session: Session) -> None:
    account = make_account(session)
    for n in range(6):
        _opp(session, account.id, None, f"O{n}", amount=str(100 * (n + 1)))
    data = load_pipeline(session, None, cap=3)
    assert [c.name for c in data.cards_in("prospecting")] == ["O5", "O4", "O3"]
    assert data.count_in("prospecting") == 6


def test_filter_by_owner_and_reps(session: Session) -> None:
    juana = make_user(session)
    luis = make_user(session, "lgomez", full_name="Luis Gómez")
    account = make_account(session)
    _opp(session, account.id, juana.id, "Hers")
    _opp(session, account.id, luis.id, "His")
    assert [c.name for c in load_pipeline(session, luis.id).cards] == ["His"]
    assert sorted(c.name for c in load_pipeline(session, None).cards) == ["Hers", "His"]
    assert [r.full_name for r in active_reps(session)] == ["Juana Pérez", "Luis Gómez"]


def test_move_stage_of_a_stored_opportunity(database: Database) -> None:
    """Amounts come back from storage with four decimals; moving must still validate."""
    with database.sessions() as s, s.begin():
        account = make_account(s)
        opp_id = _opp(s, account.id, None, "ERP", amount="9000000")
    with database.sessions() as s, s.begin():
        moved = pipeline.move_stage(s, opp_id, "proposal")
        assert moved.amount == Decimal("9000000") and moved.probability == 60
