"""The e-mail of a quote: its text from the editable template (or the built-in one) in the
quote's language, with amounts and dates in the client's formats."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.i18n import N_, gettext
from crm_desktop.models import Contact
from crm_desktop.services.core.formats import formats
from crm_desktop.services.quotes.quote_data import load_quote

DEFAULT_SUBJECT = N_("Quote {number} from {company}")
DEFAULT_BODY = N_(
    "Dear {contact},\n\nPlease find attached our quote {number} (revision {revision}) for "
    "{account}, for a total of {total}, valid until {valid_until}.\n\nWe remain at your "
    "disposal for any question.\n\nKind regards,\n{rep}\n{company}"
)


@dataclass(frozen=True)
class MailDraft:
    to: str
    subject: str
    body: str
    cc: str = ""
    attachment_name: str | None = None
    quote_id: str | None = None
    account_id: str | None = None


def _fill(template: str, values: dict[str, str]) -> str:
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return template  # a mistyped placeholder is shown as written, never a crash


def draft_for_quote(
    session: Session,
    quote_id: str,
    company: str,
    subject_template: str = "",
    body_template: str = "",
    attachment_name: str | None = None,
) -> MailDraft:
    """The e-mail of a quote, to its contact (or the account's primary contact), from the
    template in settings or the built-in one, in the quote's language; amounts and dates in
    the client's formats ("$ 39.147.410", "30 de diciembre de 2026")."""
    data = load_quote(session, quote_id)
    lang = data.language
    client_formats = formats(lang, data.client.country)
    totals = data.totals()  # a sent quote's figures as it was sent
    values = {
        "number": data.number,
        "revision": str(data.revision),
        "contact": data.client.contact_name or data.client.legal_name,
        "account": data.client.legal_name,
        "company": company,
        "total": client_formats.money(totals.grand_total, data.currency, totals.places),
        "valid_until": client_formats.long_day(data.valid_until),
        "rep": data.owner_name or "",
    }
    to = data.client.contact_email or _primary_email(session, data.account_id) or ""
    return MailDraft(
        to=to,
        subject=_fill(subject_template or gettext(DEFAULT_SUBJECT, lang), values),
        body=_fill(body_template or gettext(DEFAULT_BODY, lang), values),
        attachment_name=attachment_name,
        quote_id=quote_id,
        account_id=data.account_id,
    )


def _primary_email(session: Session, account_id: str) -> str | None:
    return session.scalar(
        select(Contact.email)
        .where(
            Contact.account_id == account_id,
            Contact.deleted_at.is_(None),
            Contact.email.is_not(None),
        )
        .order_by(Contact.is_primary.desc())
        .limit(1)
    )
