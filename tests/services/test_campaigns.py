"""Campaigns: the target list (consent enforced, left-out reasons, cross-sell, last contact),
members assigned to their reps, responses, and the reps' campaign tasks on Today."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal as D

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm_desktop.clock import FixedClock, today
from crm_desktop.models import Account, AccountProduct, CampaignMember, Contact, OutboxOp, Product
from crm_desktop.models.scores import AccountScore
from crm_desktop.services.activity.today import agenda
from crm_desktop.services.activity.visits import log_call
from crm_desktop.services.campaigns import campaigns as C
from crm_desktop.services.campaigns.targets import (
    ALREADY_MEMBER,
    NO_MARKETING_CONSENT,
    NO_REP,
    Filter,
    target_list,
)
from crm_desktop.services.core import crud
from crm_desktop.services.core.errors import ValidationError
from tests.factories import make_account as _make_account
from tests.factories import make_user


def make_account(session: Session, **values: object) -> Account:
    """A person (cédula) with a tax id of its own: the filters here never look at the kind."""
    number = str(10_000_000 + session.scalar(select(func.count()).select_from(Account)) or 0)
    return _make_account(session, kind="natural_person", tax_id_kind="cc", tax_id=number, **values)


def _campaign(session: Session, clock: FixedClock, **more: object) -> str:
    day = today(clock)
    values = {
        "name": "Venta cruzada: soporte para clientes de licencias",
        "channels": "visit,call",
        "starts_on": day - timedelta(days=1),
        "ends_on": day + timedelta(days=30),
        "budget": D("2000000"),
        "status": "active",
    } | more
    return C.create_campaign(session, values).id


def _product(session: Session, code: str) -> Product:
    return crud.create(session, Product, {"code": code, "name": code, "unit": "unidad"})


def _owns(session: Session, account_id: str, product: Product) -> None:
    crud.create(session, AccountProduct, {"account_id": account_id, "product_id": product.id})


def test_only_accounts_that_consented_are_targeted_and_the_rest_are_counted_by_reason(
    session: Session, clock: FixedClock
) -> None:
    rep = make_user(session)
    yes = make_account(session, legal_name="Sí", owner_id=rep.id, consent_marketing=True)
    make_account(session, legal_name="No", owner_id=rep.id, consent_marketing=False)
    make_account(session, legal_name="Sin rep", consent_marketing=True)
    found = target_list(session, Filter(cities=("Bogotá",)))
    assert found.account_ids == (yes.id,)
    assert found.matched == 3
    assert found.left_out == {NO_MARKETING_CONSENT: 1, NO_REP: 1}

    campaign = _campaign(session, clock)
    C.save_filter(session, campaign, Filter(cities=("Bogotá",)))
    assert C.fill(session, campaign).account_ids == (yes.id,)
    again = C.preview(session, campaign)
    assert again.account_ids == ()
    assert again.left_out[ALREADY_MEMBER] == 1


def test_cross_sell_segment_city_activity_role_and_last_contact_narrow_the_list(
    session: Session, clock: FixedClock
) -> None:
    rep = make_user(session)
    a, b = _product(session, "LIC"), _product(session, "SOP")
    common = {"owner_id": rep.id, "consent_marketing": True}
    only_a = make_account(session, legal_name="Solo A", **common)
    both = make_account(session, legal_name="A y B", **common)
    other_city = make_account(session, legal_name="Cali", city="Cali", **common)
    for acc in (only_a, both, other_city):
        _owns(session, acc.id, a)
    _owns(session, both.id, b)
    cross = Filter(owns=(a.id,), not_owns=(b.id,))
    assert set(target_list(session, cross).account_ids) == {only_a.id, other_city.id}
    assert target_list(session, Filter(owns=(a.id,), cities=("Cali",))).account_ids == (
        other_city.id,
    )
    assert target_list(session, Filter(activities=("46",), roles=("customer",))).matched == 3
    assert target_list(session, Filter(activities=("10",))).matched == 0
    assert target_list(session, Filter(roles=("competitor",))).matched == 0

    now = clock.now()
    session.add(
        AccountScore(
            account_id=only_a.id, last_sale_at=now, recency_days=1, frequency=1,
            monetary=D(1), r_score=5, f_score=1, m_score=1, score=D("3"), segment="champions",
            computed_at=now,
        )
    )  # fmt: skip
    assert target_list(session, Filter(segments=("champions",))).account_ids == (only_a.id,)

    log_call(session, {"account_id": only_a.id, "occurred_at": now, "call_result": "answered"})
    quiet = Filter(owns=(a.id,), last_contact_before=today(clock) - timedelta(days=10))
    assert set(target_list(session, quiet).account_ids) == {both.id, other_city.id}
    assert Filter.from_json(quiet.to_json()) == quiet


def test_members_go_to_their_reps_with_the_primary_contact_and_travel_in_the_outbox(
    session: Session, clock: FixedClock
) -> None:
    ana, luis = make_user(session, "ana"), make_user(session, "luis")
    mine = make_account(session, legal_name="De Ana", owner_id=ana.id, consent_marketing=True)
    make_account(session, legal_name="De Luis", owner_id=luis.id, consent_marketing=True)
    contact = crud.create(
        session, Contact, {"account_id": mine.id, "first_name": "Rosa", "is_primary": True}
    )
    campaign = _campaign(session, clock)
    C.save_filter(session, campaign, Filter())
    C.fill(session, campaign)
    member = C.member_of(session, campaign, mine.id)
    assert member is not None
    assert (member.owner_id, member.contact_id, member.status) == (ana.id, contact.id, "pending")
    queued = session.scalar(select(func.count()).where(OutboxOp.table_name == "campaign_members"))
    assert queued == 2

    tasks = C.campaign_tasks(session, ana.id, today(clock))
    assert [(t.account_name, t.status) for t in tasks] == [("De Ana", "pending")]
    assert [t.account_name for t in agenda(session, ana.id, clock.now()).campaign_tasks] == [
        "De Ana"
    ]

    call = log_call(
        session, {"account_id": mine.id, "occurred_at": clock.now(), "call_result": "answered"}
    )
    C.record_response(session, member.id, "call", "interested", call.id)
    assert C.campaign_tasks(session, ana.id, today(clock)) == []
    assert (member.status, member.response_ref, member.reached_at) == (
        "responded", call.id, clock.now(),
    )  # fmt: skip
    assert len(C.campaign_tasks(session, None, today(clock))) == 1  # Luis's, for a manager

    C.update_campaign(session, campaign, {"status": "closed"})
    assert C.campaign_tasks(session, None, today(clock)) == []


def test_bad_campaigns_and_costs_are_refused_whole(session: Session, clock: FixedClock) -> None:
    day = today(clock)
    with pytest.raises(ValidationError) as caught:
        C.create_campaign(
            session,
            {"name": "", "channels": "fax", "starts_on": day, "ends_on": day - timedelta(1)},
        )
    assert {(p.field, p.code) for p in caught.value.problems} == {
        ("name", "required"), ("channels", "invalid_choice"), ("ends_on", "before_start"),
    }  # fmt: skip
    campaign = _campaign(session, clock)
    C.add_cost(session, campaign, {"spent_on": day, "amount": D("350000"), "description": "Feria"})
    C.add_cost(session, campaign, {"spent_on": day, "amount": D("150000.5")})
    with pytest.raises(ValidationError):
        C.add_cost(session, campaign, {"spent_on": day, "amount": D("-1")})
    assert C.actual_cost(session, campaign) == D("500000.5")
    member_count = session.scalar(select(func.count()).select_from(CampaignMember))
    assert member_count == 0
