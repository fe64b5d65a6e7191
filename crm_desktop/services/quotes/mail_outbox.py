"""The local outbox: a message checked and queued (and logged on the account's timeline), and
what each message's state is, for the outbox view, the quotes list and Today."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm_desktop.clock import clock_of
from crm_desktop.i18n import N_, gettext
from crm_desktop.models import Activity, Quote, QuoteRevision
from crm_desktop.models.enums import ActivityKind
from crm_desktop.models.mail import MailMessage
from crm_desktop.services.core import crud
from crm_desktop.services.core.errors import FieldProblem, ValidationError
from crm_desktop.services.quotes.mail_draft import MailDraft


def _addresses(name: str, text: str, required: bool) -> tuple[list[str], list[FieldProblem]]:
    parts = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
    if required and not parts:
        return [], [FieldProblem(name, "required", N_("This field is required."))]
    clean, problems = [], []
    for part in parts:
        try:
            clean.append(validate_email(part, check_deliverability=False).normalized)
        except EmailNotValidError:
            message = N_("“{value}” is not a valid e-mail address.")
            problems.append(FieldProblem(name, "invalid_email", message, {"value": part}))
    return clean, problems


def queue_message(
    session: Session, draft: MailDraft, attachment: bytes | None = None
) -> MailMessage:
    """Put a message in the outbox, checked first; a quote's message is logged as an e-mail
    activity on the account's timeline."""
    to, problems = _addresses("to", draft.to, required=True)
    cc, cc_problems = _addresses("cc", draft.cc, required=False)
    problems += cc_problems
    if not draft.subject.strip():
        problems.append(FieldProblem("subject", "required", N_("This field is required.")))
    if problems:
        raise ValidationError(problems)
    message = MailMessage(
        quote_id=draft.quote_id,
        account_id=draft.account_id,
        to_addrs=", ".join(to),
        cc_addrs=", ".join(cc),
        subject=draft.subject.strip(),
        body=draft.body,
        attachment_name=draft.attachment_name,
        attachment=attachment,
        state="queued",
    )
    session.add(message)
    session.flush()
    if draft.quote_id:
        _log_email(session, draft.quote_id, message)
    return message


def _log_email(session: Session, quote_id: str, message: MailMessage) -> None:
    quote = crud.get_live(session, Quote, quote_id)
    crud.create(
        session,
        Activity,
        {
            "account_id": quote.account_id,
            "contact_id": quote.contact_id,
            "owner_id": quote.owner_id,
            "opportunity_id": quote.opportunity_id,
            "quote_id": quote.id,
            "kind": ActivityKind.EMAIL.value,
            "occurred_at": clock_of(session).now(),
            "subject": message.subject[:240],
            "body": gettext(N_("To: {to}"), to=message.to_addrs),
        },
    )


@dataclass(frozen=True)
class MailState:
    id: str
    quote_id: str | None
    to: str
    subject: str
    state: str
    attempts: int
    error: str | None
    created_at: datetime | None = None
    last_attempt_at: datetime | None = None
    sent_at: datetime | None = None


def outbox(session: Session, limit: int = 200) -> list[MailState]:
    """The newest messages of the outbox and their state (for the outbox view)."""
    rows = session.scalars(select(MailMessage).order_by(MailMessage.created_at.desc()).limit(limit))
    return [
        MailState(
            *(m.id, m.quote_id, m.to_addrs, m.subject, m.state, m.attempts, m.error),
            *(m.created_at, m.last_attempt_at, m.sent_at),
        )
        for m in rows
    ]


def count_queued(session: Session) -> int:
    return int(
        session.scalar(
            select(func.count()).select_from(MailMessage).where(MailMessage.state == "queued")
        )
        or 0
    )


def latest_state_by_quote(session: Session, quote_ids: Sequence[str]) -> dict[str, str]:
    """Each quote's newest message state (for the quotes list), counting only messages of its
    current revision: revision 2's draft was never e-mailed, whatever revision 1's was."""
    current_since = (
        select(QuoteRevision.quote_id, func.max(QuoteRevision.created_at).label("since"))
        .where(QuoteRevision.quote_id.in_(quote_ids), QuoteRevision.deleted_at.is_(None))
        .group_by(QuoteRevision.quote_id)
        .subquery()
    )
    found: dict[str, str] = {}
    rows = session.execute(
        select(MailMessage.quote_id, MailMessage.state)
        .outerjoin(current_since, current_since.c.quote_id == MailMessage.quote_id)
        .where(
            MailMessage.quote_id.in_(quote_ids),
            (current_since.c.since.is_(None)) | (MailMessage.created_at >= current_since.c.since),
        )
        .order_by(MailMessage.created_at)
    )
    for quote_id, state in rows:
        found[str(quote_id)] = state
    return found
