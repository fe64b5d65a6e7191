"""Visits and calls: plan, check in and out, outcome, next step; log calls and notes."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, time
from typing import Any

from sqlalchemy.orm import Session

from crm_desktop.clock import clock_of
from crm_desktop.i18n import N_, gettext
from crm_desktop.models import Activity, Reminder, Visit
from crm_desktop.models.enums import ActivityKind, CallResult, VisitOutcome, VisitStatus
from crm_desktop.services.core import crud
from crm_desktop.services.core.errors import FieldProblem, ValidationError

FOLLOW_UP_HOUR = time(9, 0)


def plan_visit(session: Session, values: Mapping[str, Any]) -> Visit:
    return crud.create(session, Visit, dict(values) | {"status": VisitStatus.PLANNED.value})


def update_visit(session: Session, visit_id: str, changes: Mapping[str, Any]) -> Visit:
    return crud.update(session, Visit, visit_id, changes)


def check_in(session: Session, visit_id: str, at: datetime | None = None) -> Visit:
    return crud.update(
        session,
        Visit,
        visit_id,
        {"checked_in_at": at or clock_of(session).now(), "status": VisitStatus.IN_PROGRESS.value},
    )


def check_out(session: Session, visit_id: str, at: datetime | None = None) -> Visit:
    visit = crud.get_live(session, Visit, visit_id)
    if visit.checked_in_at is None:
        raise ValidationError(
            [FieldProblem("checked_out_at", "not_checked_in", N_("Check in before checking out."))]
        )
    return crud.update(
        session,
        Visit,
        visit_id,
        {"checked_out_at": at or clock_of(session).now(), "status": VisitStatus.DONE.value},
    )


def record_outcome(session: Session, visit_id: str, values: Mapping[str, Any]) -> Visit:
    """Outcome, notes and next step of a visit; a follow-up date becomes a reminder."""
    data = dict(values)
    if not data.get("outcome"):
        raise ValidationError([FieldProblem("outcome", "required", N_("This field is required."))])
    visit = crud.get_live(session, Visit, visit_id)
    if visit.status in (VisitStatus.PLANNED, VisitStatus.IN_PROGRESS):
        data.setdefault("status", VisitStatus.DONE.value)
    visit = crud.update(session, Visit, visit_id, data)
    if visit.outcome == VisitOutcome.REJECTED:
        _log(
            session,
            visit.account_id,
            visit.owner_id,
            ActivityKind.REJECTION,
            gettext(N_("Rejected at a visit")),
            visit.rejection_reason,
        )
    if visit.follow_up_on is not None:
        crud.create(
            session,
            Reminder,
            {
                "account_id": visit.account_id,
                "owner_id": visit.owner_id,
                "source": "visit",
                "title": visit.next_step or gettext(N_("Follow up the visit")),
                "due_at": datetime.combine(visit.follow_up_on, FOLLOW_UP_HOUR, tzinfo=UTC),
                "body": visit.notes,
            },
        )
    return visit


def _log(
    session: Session,
    account_id: str,
    owner_id: str | None,
    kind: ActivityKind,
    subject: str,
    body: str | None,
    **extra: Any,
) -> Activity:
    return crud.create(
        session,
        Activity,
        {
            "account_id": account_id,
            "owner_id": owner_id,
            "kind": kind.value,
            "occurred_at": extra.pop("occurred_at", None) or clock_of(session).now(),
            "subject": subject,
            "body": body,
            **extra,
        },
    )


def log_call(session: Session, values: Mapping[str, Any]) -> Activity:
    """A call and its answer; "call back" with a date becomes a reminder."""
    data = dict(values)
    call_back_at = data.pop("call_back_at", None)
    call = crud.create(session, Activity, data | {"kind": ActivityKind.CALL.value})
    if call.call_result == CallResult.CALL_BACK and call_back_at is not None:
        crud.create(
            session,
            Reminder,
            {
                "account_id": call.account_id,
                "owner_id": call.owner_id,
                "source": "call",
                "title": gettext(N_("Call back")) + (f": {call.subject}" if call.subject else ""),
                "due_at": call_back_at,
            },
        )
    return call


def add_note(session: Session, values: Mapping[str, Any]) -> Activity:
    return crud.create(session, Activity, dict(values) | {"kind": ActivityKind.NOTE.value})


def record_rejection(session: Session, values: Mapping[str, Any]) -> Activity:
    return crud.create(session, Activity, dict(values) | {"kind": ActivityKind.REJECTION.value})
