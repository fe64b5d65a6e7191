"""Consent: its history (who, when, how, what), and who marketing may reach.

Every change of a consent is a new ConsentEvent row, synced like the rest of the account; an
account's own consent also stands in its consent_* columns (the form, the rules). A contact's
consent to marketing is the latest event for that contact: a person is asked for their own,
the company's consent does not cover its employees' mailboxes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from crm_desktop.clock import clock_of
from crm_desktop.models import Account, ConsentEvent, Contact
from crm_desktop.models.enums import ConsentChannel, ConsentPurpose
from crm_desktop.services.core import crud

PURPOSES = {"consent_data_processing": "data_processing", "consent_marketing": "marketing"}


@dataclass(frozen=True)
class ConsentLine:
    purpose: str
    granted: bool
    channel: str
    recorded_by: str | None
    recorded_at: datetime
    note: str | None
    contact_id: str | None


def record_consent(
    session: Session,
    account_id: str,
    purpose: str,
    granted: bool,
    channel: str = ConsentChannel.FORM,
    recorded_by: str | None = None,
    contact_id: str | None = None,
    note: str | None = None,
) -> ConsentEvent:
    """A consent given or withdrawn, now (the session's clock), checked by the shared rules."""
    ConsentPurpose(purpose)
    return crud.create(
        session,
        ConsentEvent,
        {
            "account_id": account_id,
            "contact_id": contact_id,
            "purpose": purpose,
            "granted": granted,
            "channel": channel,
            "recorded_by": recorded_by,
            "recorded_at": clock_of(session).now(),
            "note": note,
        },
    )


def record_account_changes(
    session: Session,
    account_id: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any],
    channel: str = ConsentChannel.FORM,
    recorded_by: str | None = None,
) -> None:
    """An event for each of the account's consents that the form changed (or set at creation)."""
    for column, purpose in PURPOSES.items():
        if column not in after:
            continue
        was = bool(before.get(column)) if before is not None else None
        now = bool(after[column])
        if was is None and not now:
            continue  # a new account without consent: nothing was given or withdrawn
        if was != now:
            record_consent(session, account_id, purpose, now, channel, recorded_by)


def consent_history(
    session: Session, account_id: str, contact_id: str | None = None
) -> list[ConsentLine]:
    """Every consent event of the account (contact_id None) or of one contact, oldest first."""
    person = (
        ConsentEvent.contact_id.is_(None)
        if contact_id is None
        else ConsentEvent.contact_id == contact_id
    )
    rows = session.scalars(
        select(ConsentEvent)
        .where(ConsentEvent.account_id == account_id, person, ConsentEvent.deleted_at.is_(None))
        .order_by(ConsentEvent.recorded_at, ConsentEvent.id)
    )
    return [
        ConsentLine(r.purpose, r.granted, r.channel, r.recorded_by, r.recorded_at, r.note,
                    r.contact_id)
        for r in rows
    ]  # fmt: skip


def _latest_contact_marketing() -> Any:
    """Per contact, whether its latest marketing event granted consent."""
    ranked = (
        select(
            ConsentEvent.contact_id,
            ConsentEvent.granted,
            func.row_number()
            .over(
                partition_by=ConsentEvent.contact_id,
                order_by=(ConsentEvent.recorded_at.desc(), ConsentEvent.id.desc()),
            )
            .label("n"),
        )
        .where(
            ConsentEvent.contact_id.is_not(None),
            ConsentEvent.purpose == ConsentPurpose.MARKETING,
            ConsentEvent.deleted_at.is_(None),
        )
        .subquery()
    )
    return select(ranked.c.contact_id).where(ranked.c.n == 1, ranked.c.granted.is_(True))


@dataclass(frozen=True)
class Recipient:
    account_id: str
    contact_id: str | None
    name: str
    email: str


def marketing_audience(session: Session) -> list[Recipient]:
    """Who a campaign mail may go to: accounts that consented to marketing (their own e-mail)
    and contacts whose latest marketing consent is a yes. Anyone else is left out."""
    accounts = session.execute(
        select(Account.id, Account.legal_name, Account.email).where(
            Account.deleted_at.is_(None),
            Account.consent_marketing.is_(True),
            Account.email.is_not(None),
        )
    )
    found = [Recipient(a, None, name, email) for a, name, email in accounts if email]
    consented = _latest_contact_marketing()
    contacts = session.execute(
        select(Contact.account_id, Contact.id, Contact.first_name, Contact.last_name,
               Contact.email)
        .join(Account, and_(Account.id == Contact.account_id, Account.deleted_at.is_(None)))
        .where(Contact.deleted_at.is_(None), Contact.email.is_not(None),
               Contact.id.in_(consented))
    )  # fmt: skip
    found += [
        Recipient(acc, cid, f"{first} {last}".strip(), email)
        for acc, cid, first, last, email in contacts
        if email
    ]
    return found


def may_receive_marketing(session: Session, account_id: str, contact_id: str | None) -> bool:
    """Whether marketing may reach this account (contact_id None) or this contact."""
    if contact_id is None:
        account = session.get(Account, account_id)
        return bool(account and account.deleted_at is None and account.consent_marketing)
    latest = session.scalar(
        select(ConsentEvent.granted)
        .where(
            ConsentEvent.contact_id == contact_id,
            ConsentEvent.purpose == ConsentPurpose.MARKETING,
            ConsentEvent.deleted_at.is_(None),
        )
        .order_by(ConsentEvent.recorded_at.desc(), ConsentEvent.id.desc())
        .limit(1)
    )
    return bool(latest)
