"""Visits, calls, pipeline moves and reminders through the services."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.clock import clock_of
from crm_desktop.models import Activity, Reminder
from crm_desktop.services.activity import reminders, visits
from crm_desktop.services.core.errors import ValidationError
from crm_desktop.services.pipeline import pipeline
from tests.factories import at, make_account, make_user


def test_visit_life_cycle_with_follow_up_reminder(session: Session) -> None:
    rep = make_user(session)
    account = make_account(session, owner_id=rep.id)
    visit = visits.plan_visit(
        session,
        {
            "account_id": account.id,
            "owner_id": rep.id,
            "planned_at": at(2026, 5, 4, 14),
            "purpose": "Demo",
        },
    )
    visits.check_in(session, visit.id, at(2026, 5, 4, 14))
    visits.check_out(session, visit.id, at(2026, 5, 4, 15))
    visits.record_outcome(
        session,
        visit.id,
        {
            "outcome": "proposal_requested",
            "notes": "Quieren 20 licencias",
            "next_step": "Enviar propuesta",
            "follow_up_on": date(2026, 5, 8),
        },
    )
    assert visit.status == "done" and visit.checked_out_at == at(2026, 5, 4, 15)
    [reminder] = session.scalars(select(Reminder)).all()
    assert reminder.title == "Enviar propuesta" and reminder.due_at.date() == date(2026, 5, 8)
    assert reminder.owner_id == rep.id and reminder.account_id == account.id


def test_check_out_before_check_in_is_refused(session: Session) -> None:
    account = make_account(session)
    visit = visits.plan_visit(session, {"account_id": account.id, "planned_at": at(2026, 5, 4)})
    with pytest.raises(ValidationError) as failure:
        visits.check_out(session, visit.id)
    assert failure.value.codes() == {"checked_out_at": "not_checked_in"}


def test_rejected_visit_needs_reason_and_logs_rejection(session: Session) -> None:
    account = make_account(session)
    visit = visits.plan_visit(session, {"account_id": account.id, "planned_at": at(2026, 5, 4)})
    with pytest.raises(ValidationError) as failure:
        visits.record_outcome(session, visit.id, {"outcome": "rejected"})
    assert failure.value.codes() == {"rejection_reason": "required"}
    visits.record_outcome(
        session, visit.id, {"outcome": "rejected", "rejection_reason": "Precio alto"}
    )
    kinds = [a.kind for a in session.scalars(select(Activity))]
    assert kinds == ["rejection"]


def test_call_back_becomes_reminder(session: Session) -> None:
    account = make_account(session)
    call = visits.log_call(
        session,
        {
            "account_id": account.id,
            "occurred_at": clock_of(session).now(),
            "call_result": "call_back",
            "subject": "Gerente ocupado",
            "call_back_at": at(2026, 6, 1, 15),
        },
    )
    assert call.kind == "call"
    [reminder] = session.scalars(select(Reminder)).all()
    assert reminder.due_at == at(2026, 6, 1, 15) and "Gerente ocupado" in reminder.title


def test_call_needs_its_answer(session: Session) -> None:
    account = make_account(session)
    with pytest.raises(ValidationError) as failure:
        visits.log_call(session, {"account_id": account.id, "occurred_at": clock_of(session).now()})
    assert failure.value.codes() == {"call_result": "required"}


def test_stage_moves_log_and_close(session: Session) -> None:
    account = make_account(session)
    opp = pipeline.create_opportunity(
        session, {"account_id": account.id, "name": "ERP", "amount": Decimal("45000000")}
    )
    assert opp.probability == 10
    pipeline.move_stage(session, opp.id, "negotiation")
    assert opp.probability == 80 and opp.closed_at is None
    with pytest.raises(ValidationError) as failure:
        pipeline.move_stage(session, opp.id, "closed_lost")
    assert failure.value.codes() == {"lost_reason": "required"}
    pipeline.move_stage(session, opp.id, "closed_lost", "Eligió a la competencia")
    assert opp.stage == "closed_lost" and opp.closed_at is not None and opp.probability == 0
    changes = session.scalars(select(Activity).where(Activity.kind == "stage_change")).all()
    assert len(changes) == 2 and changes[-1].body == "Eligió a la competencia"


def test_reminders_snooze_done_and_due(session: Session) -> None:
    rep = make_user(session)
    now = clock_of(session).now()
    overdue = reminders.create_reminder(
        session, {"title": "Vencido", "owner_id": rep.id, "due_at": now - timedelta(days=2)}
    )
    later = reminders.create_reminder(
        session, {"title": "Luego", "owner_id": rep.id, "due_at": now + timedelta(days=2)}
    )
    assert [r.title for r in reminders.due_reminders(session, rep.id, now)] == ["Vencido"]
    reminders.snooze_reminder(session, overdue.id, timedelta(hours=1))
    assert reminders.due_reminders(session, rep.id, now) == []
    reminders.reschedule_reminder(session, later.id, now - timedelta(minutes=1))
    assert [r.title for r in reminders.due_reminders(session, rep.id, now)] == ["Luego"]
    reminders.complete_reminder(session, later.id)
    assert reminders.due_reminders(session, rep.id, now + timedelta(days=9)) == []
