"""Reminders: create, complete, snooze and reschedule."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from crm_desktop.clock import clock_of
from crm_desktop.models import Reminder
from crm_desktop.services.core import crud


def create_reminder(session: Session, values: Mapping[str, Any]) -> Reminder:
    return crud.create(session, Reminder, values)


def complete_reminder(session: Session, reminder_id: str) -> Reminder:
    return crud.update(session, Reminder, reminder_id, {"done_at": clock_of(session).now()})


def snooze_reminder(session: Session, reminder_id: str, delay: timedelta) -> Reminder:
    return crud.update(
        session, Reminder, reminder_id, {"snoozed_until": clock_of(session).now() + delay}
    )


def reschedule_reminder(session: Session, reminder_id: str, due_at: datetime) -> Reminder:
    return crud.update(session, Reminder, reminder_id, {"due_at": due_at, "snoozed_until": None})


def due_reminders(
    session: Session, owner_id: str | None, until: datetime, limit: int | None = None
) -> list[Reminder]:
    """Open reminders due by until (overdue ones included), not snoozed past now; the first
    limit of them by due time if limit is given."""
    now = clock_of(session).now()
    query = select(Reminder).where(
        Reminder.done_at.is_(None),
        Reminder.deleted_at.is_(None),
        Reminder.due_at <= until,
        or_(Reminder.snoozed_until.is_(None), Reminder.snoozed_until <= now),
    )
    if owner_id is not None:
        query = query.where(Reminder.owner_id == owner_id)
    return list(session.scalars(query.order_by(Reminder.due_at).limit(limit)))
