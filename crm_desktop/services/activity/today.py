"""A rep's day: visits planned for today in route order, due reminders, quotes about to expire."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm_desktop.models import Account, Quote, Reminder, Visit
from crm_desktop.models.enums import QuoteStatus
from crm_desktop.models.mail import MailMessage
from crm_desktop.services.activity.reminders import due_reminders
from crm_desktop.services.campaigns.campaigns import CampaignTask, campaign_tasks
from crm_desktop.services.core.reminder_text import render

EXPIRY_WINDOW_DAYS = 7
MAX_REMINDERS = 300
MAIL_STALE_HOURS = 3


@dataclass(frozen=True)
class VisitItem:
    id: str
    account_id: str
    account_name: str
    city: str | None
    planned_at: datetime
    route_order: int | None
    place: str | None
    purpose: str | None
    status: str


@dataclass(frozen=True)
class ReminderItem:
    id: str
    account_id: str | None
    account_name: str | None
    title: str
    due_at: datetime
    source: str
    overdue: bool


@dataclass(frozen=True)
class QuoteItem:
    id: str
    number: str
    account_id: str
    account_name: str
    total: Decimal
    currency: str
    valid_until: date


@dataclass(frozen=True)
class Agenda:
    visits: tuple[VisitItem, ...]
    reminders: tuple[ReminderItem, ...]
    quotes: tuple[QuoteItem, ...]
    more_reminders: int = 0  # 1 when more are due than listed (a manager's view of everyone)
    stale_mail: int = 0  # e-mails queued for more than MAIL_STALE_HOURS, still not sent
    campaign_tasks: tuple[CampaignTask, ...] = ()  # members of running campaigns to work on


def todays_visits(
    session: Session, owner_id: str | None, day_start: datetime, day_end: datetime
) -> list[VisitItem]:
    """Visits of [day_start, day_end) in route order, then by time; each with the time it
    happened (checked in) or is planned, so a visit made off the route shows its time too."""
    when = func.coalesce(Visit.checked_in_at, Visit.planned_at)
    query = (
        select(
            Visit.id,
            Visit.account_id,
            Account.legal_name,
            Account.city,
            when,
            Visit.route_order,
            Visit.place,
            Visit.purpose,
            Visit.status,
        )
        .join(Account, Account.id == Visit.account_id)
        .where(
            Visit.deleted_at.is_(None),
            Visit.status != "cancelled",
            Visit.planned_at >= day_start,
            Visit.planned_at < day_end,
        )
        .order_by(Visit.route_order.is_(None), Visit.route_order, when)
    )
    if owner_id is not None:
        query = query.where(Visit.owner_id == owner_id)
    return [VisitItem(*row) for row in session.execute(query)]


def todays_reminders(
    session: Session, owner_id: str | None, day_start: datetime, day_end: datetime
) -> list[ReminderItem]:
    """Open reminders due by the end of today; overdue ones (due before today: a rule's
    reminder due at 9:00 today is today's work, not a backlog) first, as they come by date."""
    found = due_reminders(session, owner_id, day_end, limit=MAX_REMINDERS + 1)
    names = _account_names(session, {r.account_id for r in found if r.account_id})
    return [_reminder_item(r, names, day_start) for r in found]


def _reminder_item(reminder: Reminder, names: dict[str, str], now: datetime) -> ReminderItem:
    return ReminderItem(
        id=reminder.id,
        account_id=reminder.account_id,
        account_name=names.get(reminder.account_id or ""),
        title=render(reminder.title, reminder.body)[0],
        due_at=reminder.due_at,
        source=reminder.source,
        overdue=reminder.due_at < now,
    )


def expiring_quotes(
    session: Session, owner_id: str | None, today: date, days: int = EXPIRY_WINDOW_DAYS
) -> list[QuoteItem]:
    """Sent quotes whose validity ends within days (today included), soonest first."""
    query = (
        select(
            Quote.id,
            Quote.number,
            Quote.account_id,
            Account.legal_name,
            Quote.total,
            Quote.currency,
            Quote.valid_until,
        )
        .join(Account, Account.id == Quote.account_id)
        .where(
            Quote.deleted_at.is_(None),
            Quote.status == QuoteStatus.SENT.value,
            Quote.valid_until >= today,
            Quote.valid_until <= today + timedelta(days=days),
        )
        .order_by(Quote.valid_until, Quote.number)
    )
    if owner_id is not None:
        query = query.where(Quote.owner_id == owner_id)
    return [QuoteItem(*row) for row in session.execute(query)]


def _account_names(session: Session, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    rows = session.execute(select(Account.id, Account.legal_name).where(Account.id.in_(ids)))
    return {str(account_id): str(name) for account_id, name in rows}


def agenda(session: Session, owner_id: str | None, now: datetime) -> Agenda:
    """Everything on the Today page for owner_id (None: everyone), for the local day of now."""
    local = now.astimezone()
    day_start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    day_end = day_start + timedelta(days=1)
    reminders = todays_reminders(session, owner_id, day_start, day_end)
    return Agenda(
        visits=tuple(todays_visits(session, owner_id, day_start, day_end)),
        reminders=tuple(reminders[:MAX_REMINDERS]),
        quotes=tuple(expiring_quotes(session, owner_id, local.date())),
        more_reminders=int(len(reminders) > MAX_REMINDERS),
        stale_mail=stale_mail(session, now),
        campaign_tasks=tuple(campaign_tasks(session, owner_id, local.date())),
    )


def stale_mail(session: Session, now: datetime) -> int:
    """Messages of the local mail outbox queued more than a few hours ago and not sent: a quote
    the client is still waiting for (the outbox belongs to this laptop, so no owner filter)."""
    since = now - timedelta(hours=MAIL_STALE_HOURS)
    found = session.scalar(
        select(func.count())
        .select_from(MailMessage)
        .where(MailMessage.state.in_(("queued", "sending")), MailMessage.created_at < since)
    )
    return int(found or 0)
