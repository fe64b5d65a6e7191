"""E-mailing proposals: a draft from the editable template, a local outbox, an SMTP sender.

Offline, a message waits in mail_outbox; send_queued() delivers what is queued whenever the
laptop can reach the SMTP server. A message whose server cannot be reached stays queued with
the error and is tried again; one the server refuses for good (5xx) is marked failed. The SMTP
password is read from the OS keyring (service "crm-desktop-smtp"), never from a file or a log.

One module per part, all of it importable from here:
  mail_draft.py   the message of a quote (template, language, client's formats)
  mail_outbox.py  queueing, checked, and each message's state
  mail_smtp.py    what sending needs, the keyring password, the SMTP run
"""

from __future__ import annotations

from crm_desktop.services.quotes.mail_draft import (
    DEFAULT_BODY,
    DEFAULT_SUBJECT,
    MailDraft,
    draft_for_quote,
)
from crm_desktop.services.quotes.mail_outbox import (
    MailState,
    count_queued,
    latest_state_by_quote,
    outbox,
    queue_message,
)
from crm_desktop.services.quotes.mail_smtp import (
    KEYRING_SERVICE,
    NO_HOST,
    NO_PASSWORD,
    SECURITY,
    SendReport,
    SmtpConfig,
    _this_run_only,
    build_email,
    connect,
    release_stale,
    send_queued,
    setup_problems,
    smtp_password,
    store_smtp_password,
)

__all__ = [
    "DEFAULT_BODY",
    "DEFAULT_SUBJECT",
    "KEYRING_SERVICE",
    "NO_HOST",
    "NO_PASSWORD",
    "SECURITY",
    "MailDraft",
    "MailState",
    "SendReport",
    "SmtpConfig",
    "_this_run_only",
    "build_email",
    "connect",
    "count_queued",
    "draft_for_quote",
    "latest_state_by_quote",
    "outbox",
    "queue_message",
    "release_stale",
    "send_queued",
    "setup_problems",
    "smtp_password",
    "store_smtp_password",
]
