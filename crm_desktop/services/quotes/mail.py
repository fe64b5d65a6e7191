"""E-mailing proposals: a draft from the editable template, a local outbox, an SMTP sender.

Offline, a message waits in mail_outbox; send_queued() delivers what is queued whenever the
laptop can reach the SMTP server. A message whose server cannot be reached stays queued with
the error and is tried again; one the server refuses for good (5xx) is marked failed. The SMTP
password is read from the OS keyring (service "crm-desktop-smtp"), never from a file or a log.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from typing import Any

import keyring
from email_validator import EmailNotValidError, validate_email
from keyring.errors import KeyringError
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from crm_desktop.clock import clock_of
from crm_desktop.i18n import N_, gettext
from crm_desktop.models import Activity, Contact, Quote, QuoteRevision
from crm_desktop.models.enums import ActivityKind
from crm_desktop.models.mail import MailMessage
from crm_desktop.services.core import crud
from crm_desktop.services.core.errors import FieldProblem, ValidationError
from crm_desktop.services.core.formats import formats
from crm_desktop.services.quotes.quote_data import load_quote

KEYRING_SERVICE = "crm-desktop-smtp"
DEFAULT_SUBJECT = N_("Quote {number} from {company}")
DEFAULT_BODY = N_(
    "Dear {contact},\n\nPlease find attached our quote {number} (revision {revision}) for "
    "{account}, for a total of {total}, valid until {valid_until}.\n\nWe remain at your "
    "disposal for any question.\n\nKind regards,\n{rep}\n{company}"
)
SECURITY = ("starttls", "ssl", "none")


@dataclass(frozen=True)
class MailDraft:
    to: str
    subject: str
    body: str
    cc: str = ""
    attachment_name: str | None = None
    quote_id: str | None = None
    account_id: str | None = None


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int = 587
    security: str = "starttls"
    user: str = ""
    sender: str = ""
    timeout: float = 20.0

    @classmethod
    def from_settings(cls, settings: Any) -> SmtpConfig:
        return cls(
            host=str(settings.get("smtp.host")),
            port=int(settings.get("smtp.port")),
            security=str(settings.get("smtp.security")),
            user=str(settings.get("smtp.user")),
            sender=str(settings.get("smtp.sender") or settings.get("company.email")),
        )


@dataclass(frozen=True)
class SendReport:
    sent: int = 0
    failed: int = 0
    waiting: int = 0  # still queued: the server could not be reached
    error: str | None = None
    missing: tuple[str, ...] = ()  # what the settings lack (messages of setup_problems)


# -- what sending needs -------------------------------------------------------------------
NO_HOST = N_("No outgoing mail server is set (Settings → Administration → SMTP server).")
NO_PASSWORD = N_(
    "No password is stored for the SMTP user “{user}” (Settings → My settings → SMTP password)."
)


def setup_problems(config: SmtpConfig, password: str | None = None) -> list[str]:
    """What keeps a message from leaving, in words (already translated), before it is queued;
    password None: look it up in the keyring."""
    problems = []
    if not config.host.strip():
        problems.append(gettext(NO_HOST))
    if config.host.strip() and config.user and not (password or smtp_password(config.user)):
        problems.append(gettext(NO_PASSWORD, user=config.user))
    return problems


# -- the draft ----------------------------------------------------------------------------
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
    values = {
        "number": data.number,
        "revision": str(data.revision),
        "contact": data.client.contact_name or data.client.legal_name,
        "account": data.client.legal_name,
        "company": company,
        "total": client_formats.money(data.totals().grand_total, data.currency),
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


# -- the outbox ---------------------------------------------------------------------------
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


# -- sending ------------------------------------------------------------------------------
# Only when the machine has no keyring service at all: kept for this run, never in a file.
_this_run_only: dict[str, str] = {}


def smtp_password(user: str) -> str | None:
    if not user:
        return None
    try:
        found = keyring.get_password(KEYRING_SERVICE, user)
    except KeyringError:
        found = None
    return found if found is not None else _this_run_only.get(user)


def store_smtp_password(user: str, password: str) -> None:
    try:
        keyring.set_password(KEYRING_SERVICE, user, password)
    except KeyringError:
        _this_run_only[user] = password
    else:
        _this_run_only.pop(user, None)


def build_email(message: MailMessage, sender: str) -> EmailMessage:
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.to_addrs
    if message.cc_addrs:
        email["Cc"] = message.cc_addrs
    email["Subject"] = message.subject
    email["Message-ID"] = make_msgid(idstring=message.id, domain=sender.rpartition("@")[2] or None)
    email.set_content(message.body)
    data = message.attachment
    if data is None and message.attachment_path:
        data = Path(message.attachment_path).read_bytes()
    if data is not None:
        email.add_attachment(data, maintype="application", subtype="pdf",
                             filename=message.attachment_name or "attachment.pdf")  # fmt: skip
    return email


def connect(config: SmtpConfig, password: str | None) -> smtplib.SMTP:
    """An SMTP connection, secured and logged in as the settings say."""
    context = ssl.create_default_context()
    smtp: smtplib.SMTP
    if config.security == "ssl":
        smtp = smtplib.SMTP_SSL(config.host, config.port, timeout=config.timeout, context=context)
    else:
        smtp = smtplib.SMTP(config.host, config.port, timeout=config.timeout)
        if config.security == "starttls":
            smtp.starttls(context=context)
    if config.user:
        smtp.login(config.user, password or "")
    return smtp


def _claim(sessions: sessionmaker[Session], limit: int) -> list[str]:
    """Mark up to limit queued messages as sending (each attempt is counted)."""
    with sessions() as session, session.begin():
        ids = list(
            session.scalars(
                select(MailMessage.id)
                .where(MailMessage.state == "queued")
                .order_by(MailMessage.created_at)
                .limit(limit)
            )
        )
        session.execute(
            update(MailMessage)
            .where(MailMessage.id.in_(ids))
            .values(
                state="sending",
                attempts=MailMessage.attempts + 1,
                last_attempt_at=clock_of(session).now(),
            )
        )
    return ids


def _finish(
    sessions: sessionmaker[Session], ids: Sequence[str], state: str, error: str | None
) -> None:
    with sessions() as session, session.begin():
        values: dict[str, Any] = {
            "state": state,
            "error": error,
            "updated_at": clock_of(session).now(),
        }
        if state == "sent":
            values["sent_at"] = values["updated_at"]
        session.execute(update(MailMessage).where(MailMessage.id.in_(ids)).values(**values))


def release_stale(sessions: sessionmaker[Session]) -> None:
    """Messages left "sending" by a crash go back to the queue (at-least-once delivery)."""
    with sessions() as session, session.begin():
        session.execute(
            update(MailMessage).where(MailMessage.state == "sending").values(state="queued")
        )


def send_queued(
    sessions: sessionmaker[Session],
    config: SmtpConfig,
    password: str | None = None,
    limit: int = 50,
    connector: Callable[[SmtpConfig, str | None], smtplib.SMTP] = connect,
) -> SendReport:
    """Send what is queued over one SMTP connection; database work in short transactions.

    With settings that cannot work (no server, no sender, no password), nothing is attempted:
    the report says what is missing and how many messages wait for it."""
    if password is None:
        password = smtp_password(config.user)
    missing = setup_problems(config, password or None)
    if missing:
        with sessions() as session:
            return SendReport(waiting=count_queued(session), missing=tuple(missing))
    ids = _claim(sessions, limit)
    if not ids:
        return SendReport()
    try:
        smtp = connector(config, password)
    except (OSError, UnicodeError, smtplib.SMTPException) as exc:  # offline, bad login: later
        error = _describe(exc)
        _finish(sessions, ids, "queued", error)
        return SendReport(waiting=len(ids), error=error)
    sent = failed = 0
    try:
        for message_id in ids:
            outcome, problem = _send_one(sessions, smtp, config, message_id)
            _finish(sessions, [message_id], outcome, problem)
            sent += outcome == "sent"
            failed += outcome == "failed"
    finally:
        _quit(smtp)
    return SendReport(sent=sent, failed=failed, waiting=len(ids) - sent - failed)


def _send_one(
    sessions: sessionmaker[Session], smtp: smtplib.SMTP, config: SmtpConfig, message_id: str
) -> tuple[str, str | None]:
    with sessions() as session:
        message = session.get(MailMessage, message_id)
        assert message is not None
        try:
            email = build_email(message, config.sender)
        except OSError as exc:  # the attached file is gone
            return "failed", _describe(exc)
    try:
        smtp.send_message(email)
    except smtplib.SMTPRecipientsRefused as exc:
        return "failed", _describe(exc)
    except smtplib.SMTPResponseException as exc:
        return ("failed" if exc.smtp_code >= 500 else "queued"), _describe(exc)
    except (OSError, smtplib.SMTPException) as exc:
        return "queued", _describe(exc)
    return "sent", None


def _describe(exc: BaseException) -> str:
    if isinstance(exc, socket.timeout):
        return "timed out"
    return f"{type(exc).__name__}: {exc}"[:1000]


def _quit(smtp: smtplib.SMTP) -> None:
    try:
        smtp.quit()
    except (OSError, smtplib.SMTPException):
        smtp.close()
