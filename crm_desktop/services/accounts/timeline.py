"""The account's 360° view as data: its header and one timeline of every interaction.

One UNION ALL query over visits, activities, opportunities, quotes and quote revisions, each
branch reading its (account_id, time) index, so an account with thousands of entries still
opens at once. Plain frozen dataclasses come out, safe to hand to the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session
from stdnum import exceptions as stdnum_errors
from stdnum.ar import cuit
from stdnum.cl import rut
from stdnum.co import nit

from crm_desktop.i18n import N_, gettext
from crm_desktop.models import Account, Contact, Product, User
from crm_desktop.services.accounts.accounts import owned_products
from crm_desktop.services.core import crud

# Kinds of timeline entry; activity kinds keep their own names.
TIMELINE_KINDS = (
    "visit",
    "call",
    "email",
    "note",
    "notification",
    "rejection",
    "stage_change",
    "opportunity",
    "quote",
    "quote_revision",
    "quote_acceptance",
    "attachment",  # an image attached to the account or a row under it (issue 17)
)
# Tables whose changes can change an account's timeline.
TIMELINE_TABLES = frozenset(
    {
        "visits",
        "activities",
        "opportunities",
        "quotes",
        "quote_revisions",
        "quote_acceptances",
        "attachments",
        "users",
    }
)

_FIXED_SCALE = 4  # FixedDecimal(4): money is stored as an integer of ten-thousandths

_TIMELINE_SQL = """
WITH entries(kind, at, title, body, next_step, reason, code, number, currency, due,
             owner_id, ref_table, ref_id) AS (
  SELECT 'visit', coalesce(v.checked_in_at, v.planned_at), v.purpose, v.notes, v.next_step,
         v.rejection_reason, coalesce(v.outcome, v.status), NULL, NULL, v.follow_up_on,
         v.owner_id, 'visits', v.id
    FROM visits v WHERE v.account_id = :account AND v.deleted_at IS NULL
  UNION ALL
  SELECT a.kind, a.occurred_at, a.subject, a.body, NULL, NULL, a.call_result,
         a.duration_minutes, NULL, NULL, a.owner_id, 'activities', a.id
    FROM activities a WHERE a.account_id = :account AND a.deleted_at IS NULL
  UNION ALL
  SELECT 'opportunity', o.created_at, o.name, NULL, NULL, NULL, o.stage, o.amount, o.currency,
         o.expected_close, o.owner_id, 'opportunities', o.id
    FROM opportunities o WHERE o.account_id = :account AND o.deleted_at IS NULL
  UNION ALL
  SELECT 'quote', q.created_at, q.number, q.notes, NULL, q.rejection_reason, q.status, q.total,
         q.currency, q.valid_until, q.owner_id, 'quotes', q.id
    FROM quotes q WHERE q.account_id = :account AND q.deleted_at IS NULL
  UNION ALL
  SELECT 'quote_revision', r.created_at, q.number, NULL, NULL, r.reason, r.revision, r.total,
         q.currency, NULL, q.owner_id, 'quote_revisions', r.id
    FROM quote_revisions r JOIN quotes q ON q.id = r.quote_id
   WHERE q.account_id = :account AND r.deleted_at IS NULL AND q.deleted_at IS NULL
  UNION ALL
  SELECT 'quote_acceptance', s.signed_at, q.number,
         s.signer_name || ' · ' || upper(s.signer_id_kind) || ' ' || s.signer_id || char(10) ||
         'SHA-256 ' || s.sha256, NULL, NULL, s.revision, NULL, q.currency, NULL, q.owner_id,
         'quote_acceptances', s.id
    FROM quote_acceptances s JOIN quotes q ON q.id = s.quote_id
   WHERE q.account_id = :account AND s.deleted_at IS NULL AND q.deleted_at IS NULL
  UNION ALL
  SELECT 'attachment', f.created_at, f.name, NULL, NULL, NULL, f.mime, NULL, NULL, NULL,
         f.created_by, 'attachments', f.id
    FROM attachments f
   WHERE f.account_id = :account AND f.deleted_at IS NULL AND f.mime LIKE 'image/%'
)
SELECT e.kind, e.at, e.title, e.body, e.next_step, e.reason, e.code, e.number, e.currency,
       e.due, u.full_name, e.ref_table, e.ref_id
  FROM entries e LEFT JOIN users u ON u.id = e.owner_id
 ORDER BY e.at DESC, e.ref_id DESC
 LIMIT :limit
"""


@dataclass(frozen=True)
class TimelineEntry:
    """One interaction with the account, as the timeline shows it."""

    when: datetime  # aware, UTC
    kind: str  # one of TIMELINE_KINDS
    title: str
    detail: str
    who: str  # the owner's name, "" when nobody owns it
    ref_table: str
    ref_id: str
    code: str | None = None  # outcome, call result, stage, quote status or revision number
    amount: Decimal | None = None
    currency: str | None = None
    follow_up_on: date | None = None  # a visit's follow-up date


@dataclass(frozen=True)
class AccountHeader:
    """What the top of the 360° view shows about the account."""

    id: str
    legal_name: str
    trade_name: str | None
    kind: str
    roles: tuple[str, ...]
    tax_id_kind: str
    tax_id: str | None
    tax_id_display: str  # with its dots and check digit, as people write it
    owner_id: str | None
    owner_name: str
    lifecycle_phase: str
    city: str | None
    phone: str | None
    email: str | None
    economic_activity: str | None = None  # its CIIU Rev. 4 A.C. code; no name is shipped


@dataclass(frozen=True)
class ContactRow:
    id: str
    first_name: str
    last_name: str
    job_title: str | None
    phone: str | None
    mobile: str | None
    email: str | None
    is_primary: bool
    notes: str | None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class ProductChoice:
    id: str
    code: str
    name: str
    owned: bool


def _moment(raw: Any) -> datetime:
    """A stored UTC time (text in SQLite) as an aware datetime."""
    value = raw if isinstance(raw, datetime) else datetime.fromisoformat(str(raw))
    return value.replace(tzinfo=UTC)


def _day(raw: Any) -> date | None:
    if raw is None:
        return None
    return raw if isinstance(raw, date) else date.fromisoformat(str(raw)[:10])


def _detail(body: str | None, next_step: str | None, reason: str | None) -> str:
    """The entry's text under its title: notes, the reason of a no, the next step."""
    lines = [body] if body else []
    if reason:
        lines.append(gettext(N_("Reason: {reason}"), reason=reason))
    if next_step:
        lines.append(gettext(N_("Next step: {step}"), step=next_step))
    return "\n".join(lines)


_DEFAULT_TITLES = {
    "visit": N_("Visit"),
    "call": N_("Call"),
    "email": N_("E-mail"),
    "note": N_("Note"),
    "notification": N_("Notification"),
    "rejection": N_("Rejection"),
    "stage_change": N_("Stage change"),
}


def _entry(row: Any) -> TimelineEntry:
    kind, at, title, body, next_step, reason, code, number, currency, due, who, table, ref = row
    amount = None
    if kind in ("opportunity", "quote", "quote_revision") and number is not None:
        amount = Decimal(int(number)).scaleb(-_FIXED_SCALE)
    if kind == "call" and number:
        body = (body + "\n" if body else "") + gettext(N_("{minutes} min"), minutes=number)
    return TimelineEntry(
        when=_moment(at),
        kind=kind,
        title=title or gettext(_DEFAULT_TITLES.get(kind, kind)),
        detail=_detail(body, next_step, reason),
        who=who or "",
        ref_table=table,
        ref_id=ref,
        code=None if code is None else str(code),
        amount=amount,
        currency=currency,
        follow_up_on=_day(due) if kind == "visit" else None,
    )


def account_timeline(
    session: Session, account_id: str, limit: int | None = None
) -> list[TimelineEntry]:
    """Every interaction with the account, newest first (at most limit of them)."""
    rows = session.execute(
        text(_TIMELINE_SQL), {"account": account_id, "limit": -1 if limit is None else limit}
    )
    return [_entry(row) for row in rows]


def format_tax_id(kind: str, tax_id: str | None) -> str:
    """900.123.456-8 for a NIT; other kinds in their own usual form."""
    if not tax_id:
        return ""
    formatters = {"nit": nit.format, "cuit": cuit.format, "rut": rut.format}
    formatter = formatters.get(kind)
    if formatter is None:
        return tax_id
    try:
        return str(formatter(tax_id))
    except (stdnum_errors.ValidationError, ValueError, IndexError):
        return tax_id


def account_header(session: Session, account_id: str) -> AccountHeader:
    """The header of the 360° view; NotFound if the account does not exist or was deleted."""
    account = crud.get_live(session, Account, account_id)
    owner = session.get(User, account.owner_id) if account.owner_id else None
    return AccountHeader(
        id=account.id,
        legal_name=account.legal_name,
        trade_name=account.trade_name,
        kind=account.kind,
        roles=tuple(r for r in (account.roles or "").split(",") if r),
        tax_id_kind=account.tax_id_kind,
        tax_id=account.tax_id,
        tax_id_display=format_tax_id(account.tax_id_kind, account.tax_id),
        owner_id=account.owner_id,
        owner_name=owner.full_name if owner is not None else "",
        lifecycle_phase=account.lifecycle_phase,
        city=account.city,
        phone=account.phone,
        email=account.email,
        economic_activity=account.economic_activity,
    )


def account_values(session: Session, account_id: str) -> dict[str, Any]:
    """The account's editable fields, for the details form."""
    account = crud.get_live(session, Account, account_id)
    values = crud.current_values(account)
    for key in ("id", "deleted_at", "server_version"):
        values.pop(key, None)
    return values


def account_contacts(session: Session, account_id: str) -> list[ContactRow]:
    """The account's live contacts, primary first."""
    rows = session.scalars(
        select(Contact)
        .where(Contact.account_id == account_id, Contact.deleted_at.is_(None))
        .order_by(Contact.is_primary.desc(), Contact.first_name, Contact.last_name)
    )
    return [
        ContactRow(
            id=c.id,
            first_name=c.first_name,
            last_name=c.last_name,
            job_title=c.job_title,
            phone=c.phone,
            mobile=c.mobile,
            email=c.email,
            is_primary=c.is_primary,
            notes=c.notes,
        )
        for c in rows
    ]


def product_checklist(session: Session, account_id: str) -> list[ProductChoice]:
    """Active catalog products (and any owned inactive one), ticked where the account owns it."""
    owned = {ap.product_id for ap in owned_products(session, account_id)}
    products = session.scalars(
        select(Product)
        .where(Product.deleted_at.is_(None), Product.active.is_(True) | Product.id.in_(owned))
        .order_by(Product.name)
    )
    return [ProductChoice(p.id, p.code, p.name, p.id in owned) for p in products]
