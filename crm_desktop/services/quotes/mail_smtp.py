"""Sending the outbox over SMTP: the settings it needs, the password in the OS keyring, one
connection per run, and each message's state after it (services/quotes/mail.py has the whole).

A message whose server cannot be reached stays queued with the error and is tried again; one
the server refuses for good (5xx) is marked failed. The SMTP password is read from the OS
keyring (service "crm-desktop-smtp"), never from a file or a log.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from typing import Any

import keyring
from keyring.errors import KeyringError
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from crm_desktop.clock import clock_of
from crm_desktop.i18n import N_, gettext
from crm_desktop.models.mail import MailMessage
from crm_desktop.services.quotes.mail_outbox import count_queued

KEYRING_SERVICE = "crm-desktop-smtp"
SECURITY = ("starttls", "ssl", "none")


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int = 587
    security: str = "starttls"
    user: str = ""
    sender: str = ""
    timeout: float = 20.0
    campaign_per_hour: int = 100  # campaign messages sent at most per hour (quotes: no limit)

    @classmethod
    def from_settings(cls, settings: Any) -> SmtpConfig:
        return cls(
            host=str(settings.get("smtp.host")),
            port=int(settings.get("smtp.port")),
            security=str(settings.get("smtp.security")),
            user=str(settings.get("smtp.user")),
            sender=str(settings.get("smtp.sender") or settings.get("company.email")),
            campaign_per_hour=int(settings.get("campaigns.mail_per_hour")),
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
    if message.campaign_member_id:  # a campaign's: the client's mail program offers to leave
        email["List-Unsubscribe"] = f"<mailto:{sender}?subject=BAJA>"
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


def _campaign_allowance(session: Session, per_hour: int) -> int:
    """How many campaign messages may go now: per_hour less those sent (or being sent) in the
    last hour, so a campaign of thousands never floods the server or the sender's reputation."""
    since = clock_of(session).now() - timedelta(hours=1)
    recent = session.scalar(
        select(func.count())
        .select_from(MailMessage)
        .where(
            MailMessage.campaign_member_id.is_not(None),
            (MailMessage.state == "sending") | (MailMessage.sent_at >= since),
        )
    )
    return max(0, per_hour - int(recent or 0))


def _claim(sessions: sessionmaker[Session], limit: int, campaign_per_hour: int = 100) -> list[str]:
    """Mark up to limit queued messages as sending (each attempt is counted); campaign messages
    only as many as the hourly limit still allows."""
    with sessions() as session, session.begin():
        queued = select(MailMessage.id).where(MailMessage.state == "queued")
        ids = list(
            session.scalars(
                queued.where(MailMessage.campaign_member_id.is_(None))
                .order_by(MailMessage.created_at)
                .limit(limit)
            )
        )
        room = min(limit - len(ids), _campaign_allowance(session, campaign_per_hour))
        if room > 0:
            ids += session.scalars(
                queued.where(MailMessage.campaign_member_id.is_not(None))
                .order_by(MailMessage.created_at)
                .limit(room)
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
    ids = _claim(sessions, limit, config.campaign_per_hour)
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
