"""A rep's visits (events) and open reminders (to-dos) as an iCalendar file for a day or a week.

Made with the icalendar library (RFC 5545) and read back by a second parser in the tests. Times
are written in UTC, so any calendar program shows them in its own zone; the day or week is cut in
the rep's zone. UIDs are the rows' ids, so importing the file again updates instead of doubling.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Todo
from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.clock import clock_of
from crm_desktop.i18n import N_, gettext
from crm_desktop.models import Account, Reminder, Visit

PRODID = "-//CRM de campo//Visitas//ES"
UID_DOMAIN = "crm-de-campo"
STATUS = {"planned": "CONFIRMED", "done": "CONFIRMED", "cancelled": "CANCELLED"}


@dataclass(frozen=True)
class Span:
    """Days [first, first + days) in the rep's time zone."""

    first: date
    days: int = 1
    zone: str = "America/Bogota"

    def bounds(self) -> tuple[datetime, datetime]:
        tz = ZoneInfo(self.zone)
        start = datetime.combine(self.first, time(), tz)
        return start, start + timedelta(days=self.days)


def _utc(moment: datetime) -> datetime:
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def calendar(
    session: Session, span: Span, owner_id: str | None = None, lang: str | None = None
) -> bytes:
    start, end = span.bounds()
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", gettext(N_("CRM visits"), lang))
    stamp = _utc(clock_of(session).now())
    for visit, account in _visits(session, start, end, owner_id):
        cal.add_component(_event(visit, account, stamp, lang))
    for reminder, name in _reminders(session, start, end, owner_id):
        cal.add_component(_todo(reminder, name, stamp))
    return bytes(cal.to_ical())


def _visits(
    session: Session, start: datetime, end: datetime, owner_id: str | None
) -> list[tuple[Visit, Account]]:
    query = (
        select(Visit, Account)
        .join(Account, Account.id == Visit.account_id)
        .where(Visit.deleted_at.is_(None), Visit.planned_at >= _utc(start))
        .where(Visit.planned_at < _utc(end))
        .order_by(Visit.planned_at)
    )
    if owner_id is not None:
        query = query.where(Visit.owner_id == owner_id)
    return list(session.execute(query).tuples())


def _reminders(
    session: Session, start: datetime, end: datetime, owner_id: str | None
) -> list[tuple[Reminder, str | None]]:
    query = (
        select(Reminder, Account.legal_name)
        .outerjoin(Account, Account.id == Reminder.account_id)
        .where(Reminder.deleted_at.is_(None), Reminder.done_at.is_(None))
        .where(Reminder.due_at >= _utc(start), Reminder.due_at < _utc(end))
        .order_by(Reminder.due_at)
    )
    if owner_id is not None:
        query = query.where(Reminder.owner_id == owner_id)
    return list(session.execute(query).tuples())


def _event(visit: Visit, account: Account, stamp: datetime, lang: str | None) -> Event:
    event = Event()
    begins = _utc(visit.planned_at)
    event.add("uid", f"{visit.id}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("dtstart", begins)
    event.add("dtend", begins + timedelta(minutes=visit.duration_minutes or 60))
    event.add("summary", gettext(N_("Visit: {account}"), lang, account=account.legal_name))
    where = visit.place or ", ".join(p for p in (account.address, account.city) if p)
    if where:
        event.add("location", where)
    if visit.purpose:
        event.add("description", visit.purpose)
    event.add("status", STATUS.get(visit.status, "TENTATIVE"))
    return event


def _todo(reminder: Reminder, account_name: str | None, stamp: datetime) -> Todo:
    todo = Todo()
    todo.add("uid", f"{reminder.id}@{UID_DOMAIN}")
    todo.add("dtstamp", stamp)
    todo.add("due", _utc(reminder.due_at))
    title = f"{reminder.title} — {account_name}" if account_name else reminder.title
    todo.add("summary", title)
    if reminder.body:
        todo.add("description", reminder.body)
    return todo
