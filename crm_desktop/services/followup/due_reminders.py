"""Due reminders for the desktop notifications: when the next one falls due, which ones did.

A snooze moves a reminder's moment to snoozed_until; done and deleted ones never count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import text
from sqlalchemy.orm import Session

from crm_desktop.services.core.reminder_text import render
from crm_desktop.services.core.sql import utc_text


@dataclass(frozen=True)
class DueReminder:
    id: str
    title: str
    body: str | None
    account_name: str | None
    due_at: datetime


def _open_where(owner_id: str | None) -> str:
    owner = " AND r.owner_id = :owner" if owner_id is not None else ""
    return f"r.done_at IS NULL AND r.deleted_at IS NULL{owner}"


_WHEN = "(CASE WHEN r.snoozed_until > r.due_at THEN r.snoozed_until ELSE r.due_at END)"


def next_due_at(session: Session, owner_id: str | None, after: datetime) -> datetime | None:
    """When the next open reminder falls due (a snooze moves it) after the given moment."""
    value = session.scalar(
        text(
            f"SELECT min({_WHEN}) FROM reminders r WHERE {_open_where(owner_id)} AND {_WHEN} > :t"
        ),
        {"owner": owner_id, "t": utc_text(after)},
    )
    if value is None:
        return None
    return datetime.fromisoformat(str(value)).replace(tzinfo=UTC)


def due_between(
    session: Session, owner_id: str | None, start: datetime, end: datetime, limit: int = 50
) -> list[DueReminder]:
    """Open reminders that fall due in (start, end], oldest first."""
    rows = session.execute(
        text(
            f"SELECT r.id, r.title, r.body, a.legal_name, {_WHEN} FROM reminders r "
            f"LEFT JOIN accounts a ON a.id = r.account_id WHERE {_open_where(owner_id)} "
            f"AND {_WHEN} > :s AND {_WHEN} <= :e ORDER BY 5 LIMIT :n"
        ),
        {"owner": owner_id, "s": utc_text(start), "e": utc_text(end), "n": limit},
    )
    return [
        DueReminder(
            r[0], *render(r[1], r[2]), r[3], datetime.fromisoformat(str(r[4])).replace(tzinfo=UTC)
        )
        for r in rows
    ]


def _utc(value: object) -> datetime:
    return datetime.fromisoformat(str(value)).replace(tzinfo=UTC)
