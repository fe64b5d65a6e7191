"""A stored delivery error of the mail outbox, said in the reader's words.

The outbox keeps the technical text (for support); the outbox view shows what it means.
"""

from __future__ import annotations

from crm_desktop.i18n import N_, gettext


def explain_error(error: str | None) -> str:
    """A stored delivery error in the reader's words (the technical text stays for support)."""
    if not error:
        return ""
    kind, _, detail = error.partition(": ")
    known = {
        "timed out": N_("The mail server did not answer in time."),
        "TimeoutError": N_("The mail server did not answer in time."),
        "ConnectionRefusedError": N_("The mail server refused the connection (wrong port?)."),
        "gaierror": N_("The mail server's name was not found (offline, or a typo?)."),
        "SMTPAuthenticationError": N_("The mail server refused the user name or password."),
        "SMTPRecipientsRefused": N_("The mail server refused the recipient's address."),
        "SMTPSenderRefused": N_("The mail server refused the sender address."),
        "SMTPNotSupportedError": N_("The mail server does not support this security setting."),
        "SSLError": N_("The secure connection failed (check the SMTP security setting)."),
        "FileNotFoundError": N_("The attached file is gone."),
    }
    if kind in known:
        return gettext(known[kind])
    if kind in ("OSError", "ConnectionError", "ConnectionResetError", "SMTPServerDisconnected",
                "SMTPConnectError", "NetworkUnreachable"):  # fmt: skip
        return gettext(N_("The mail server could not be reached: {detail}"), detail=detail or kind)
    return gettext(N_("The mail server answered: {detail}"), detail=detail or kind)
