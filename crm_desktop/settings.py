"""Typed, versioned settings: every option declared once with its default and its title.

Qt-free so services (RFM weights, follow-up periods) and documents (company data) read them too.
Stored as JSON beside the database file; upgrades of old files are small registered functions.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from crm_desktop.i18n import N_

VERSION = 1


@dataclass(frozen=True)
class Option:
    key: str  # "section.name"
    default: Any
    title: str  # English, marked for translation
    kind: type = str
    minimum: float | None = None
    maximum: float | None = None
    secret: bool = False  # secrets never live here: the keyring holds them
    choices: tuple[str, ...] = ()  # the only values allowed ("" included when it is one)
    multiline: bool = False  # several lines of text (an e-mail body, a list)
    admin: bool = True  # set by an administrator for everyone; False: each rep sets it


OPTIONS: dict[str, Option] = {}


def declare(*options: Option) -> None:
    for option in options:
        if option.key in OPTIONS:
            raise ValueError(f"setting {option.key} declared twice")
        OPTIONS[option.key] = option


declare(
    Option("general.language", "", N_("Language"), admin=False),
    Option("general.current_user", "", N_("Signed-in rep (username)"), admin=False),
    Option("company.name", "Soluciones Andinas S.A.S.", N_("Company name")),
    Option("company.tax_id", "900.123.456-8", N_("Company tax id")),
    Option("company.address", "Carrera 7 # 71-21, Bogotá", N_("Company address")),
    Option("company.phone", "+57 601 555 0100", N_("Company phone")),
    Option("company.email", "ventas@solucionesandinas.co", N_("Company e-mail")),
    Option("company.website", "www.solucionesandinas.co", N_("Company website")),
    Option("company.logo_path", "", N_("Company logo (PNG or JPEG file)")),
    Option(
        "security.idle_lock_minutes",
        15,
        N_("Lock the window after this many idle minutes (0: never)"),
        int,
        0,
        480,
    ),
)

# Quotes, the e-mail that carries the proposal, and the SMTP server (services/quotes/quotes.py,
# services/quotes/mail.py). Empty templates mean the built-in ones, in the quote's language;
# they may use {number}, {revision}, {contact}, {account}, {company}, {total}, {valid_until}, {rep}.
# The SMTP password is a secret: it lives in the keyring (service "crm-desktop-smtp").
declare(
    Option("quotes.validity_days", 30, N_("Days a new quote is valid"), int, 1, 365),
    Option("quotes.payment_terms", "", N_("Default payment terms of new quotes")),
    Option("quotes.delivery_terms", "", N_("Default delivery terms of new quotes")),
    Option(
        "quotes.tax_rounding",
        "line",
        N_("Rounding of the tax"),
        choices=("line", "rate"),
    ),
    Option("quotes.rate_usd", Decimal(4100), N_("Pesos per US dollar for new quotes"), Decimal, 1),
    Option("quotes.rate_eur", Decimal(4500), N_("Pesos per euro for new quotes"), Decimal, 1),
    Option("mail.subject_template", "", N_("Subject of the quote e-mail"), admin=False),
    Option("mail.body_template", "", N_("Text of the quote e-mail"), multiline=True, admin=False),
    Option("smtp.host", "", N_("SMTP server")),
    Option("smtp.port", 587, N_("SMTP port"), int, 1, 65535),
    Option("smtp.security", "starttls", N_("SMTP security"), choices=("starttls", "ssl", "none")),
    Option("smtp.user", "", N_("SMTP user name"), admin=False),
    Option("smtp.sender", "", N_("Sender address (empty: the company e-mail)"), admin=False),
)

# Follow-up rules (services/followup/followup.py) and RFM weights (services/reports/rfm.py).
# An empty text means the built-in one, translated; {account}, {activity}, {product}, {quote},
# {opportunity}, {date} and {days} are filled in where they apply.
_F = "followup."
# The reps' zones a list can offer: the Americas and Spain (any IANA name still works in the file).
ZONES = (
    "America/Bogota", "America/Argentina/Buenos_Aires", "America/Santiago", "America/Lima",
    "America/Mexico_City", "America/Caracas", "America/Guayaquil", "America/Panama",
    "America/La_Paz", "America/Asuncion", "America/Montevideo", "America/Sao_Paulo",
    "America/New_York", "Europe/Madrid", "UTC",
)  # fmt: skip


def _days(key: str, default: int, title: str, low: int = 0, high: int = 365) -> Option:
    return Option(key, default, title, int, low, high)


declare(
    Option(_F + "timezone", "America/Bogota", N_("Time zone of the reps"), choices=ZONES),
    _days(_F + "due_hour", 9, N_("Hour of the day rule reminders fall due"), 0, 23),
    _days(_F + "horizon_days", 14, N_("Create rule reminders this many days ahead"), 0, 90),
    _days(_F + "after_sale_months", 3, N_("Contact a customer every N months after a sale"), 1, 24),
    Option(_F + "after_sale_title", "", N_("Text: contact after a sale")),
    _days(_F + "news_months", 3, N_("Send news of their economic activity every N months"), 1, 12),
    _days(_F + "news_day", 15, N_("Day of the month to send the news"), 1, 28),
    Option(_F + "news_title", "", N_("Text: news of the economic activity")),
    _days(_F + "renewal_lead_days", 30, N_("Remind licence renewals N days before"), 0, 180),
    Option(_F + "renewal_title", "", N_("Text: licence renewal")),
    _days(_F + "quote_expiry_lead_days", 5, N_("Remind N days before a quote expires"), 0, 60),
    Option(_F + "quote_expiry_title", "", N_("Text: quote about to expire")),
    _days(_F + "stale_opportunity_days", 21, N_("Opportunity without activity for N days"), 1),
    Option(_F + "stale_opportunity_title", "", N_("Text: opportunity without activity")),
    Option(_F + "assigned_title", "", N_("Text: account newly assigned")),
    Option(
        _F + "assigned_steps",
        "",
        N_("Steps to follow with a newly assigned account"),
        multiline=True,
    ),
    _days("rfm.weight_recency", 30, N_("RFM weight of recency (%)"), 0, 100),
    _days("rfm.weight_frequency", 10, N_("RFM weight of frequency (%)"), 0, 100),
    _days("rfm.weight_monetary", 60, N_("RFM weight of monetary value (%)"), 0, 100),
)
declare(  # sync (issue 5); the refresh token lives in the keyring, never here
    Option("sync.server_url", "", N_("Sync server address (https://…)")),
    Option("sync.username", "", N_("Sync user name"), admin=False),
    Option("sync.interval_minutes", 15, N_("Minutes between automatic syncs"), int, 1, 240),
    # Issue 12: a laptop that has not synced for this many days locks until it syncs or a
    # manager reads its unlock code (crm-server unlock-code); 0: never.
    Option(
        "sync.stale_lock_days",
        30,
        N_("Days without a sync before the laptop locks (0: never)"),
        int,
        0,
        365,
    ),
    # Issue 16: a laptop with no pull cursor yet takes its scope from POST /v1/sync/bootstrap
    # (crm_server/bootstrap.py) instead of paging the change log. Off until it is faster.
    Option(
        "sync.bootstrap",
        0,
        N_("First sync: receive the whole scope as a snapshot in big pages (1: yes, 0: no)"),
        int,
        0,
        1,
    ),
)
# Why opportunities are lost: a list (one reason a line), so the report counts each reason once
# instead of every wording of it (issue 11, item 13); the rep adds a note of their own.
DEFAULT_LOST_REASONS = (
    "Precio por encima del presupuesto\nEligió a un competidor\nSin presupuesto este año\n"
    "Proyecto aplazado o cancelado\nNo cumple un requisito técnico\nEl cliente no respondió\n"
    "Otro motivo"
)
# Campaign e-mails leave the outbox at most this many an hour (issue 15).
declare(
    _days("campaigns.mail_per_hour", 100, N_("Campaign e-mails sent at most per hour"), 1, 5000),
)
declare(
    Option("pipeline.lost_reasons", DEFAULT_LOST_REASONS,
           N_("Reasons an opportunity is lost (one per line)"), multiline=True),
)  # fmt: skip


def lost_reasons(settings: Any) -> list[str]:
    """The configured reasons, in order, without blanks or repeats."""
    found: list[str] = []
    for line in str(settings.get("pipeline.lost_reasons") or "").splitlines():
        if line.strip() and line.strip() not in found:
            found.append(line.strip())
    return found


Migration = Callable[[dict[str, Any]], dict[str, Any]]
MIGRATIONS: dict[int, Migration] = {}  # from version N to N+1


def _encode(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


class Settings:
    """Values of the declared options, read from and written to one JSON file."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._values: dict[str, Any] = {}
        if path is not None and path.exists():
            self._values = self._upgrade(json.loads(path.read_text(encoding="utf-8")))

    @classmethod
    def beside(cls, db_path: Path) -> Settings:
        return cls(db_path.with_name(db_path.stem + ".settings.json"))

    def _upgrade(self, data: dict[str, Any]) -> dict[str, Any]:
        version = int(data.get("version", 1))
        while version < VERSION:
            data = MIGRATIONS[version](data)
            version += 1
        values: dict[str, Any] = data.get("values", {})
        return values

    def get(self, key: str) -> Any:
        option = OPTIONS[key]
        raw = self._values.get(key, option.default)
        if option.kind is Decimal:
            return Decimal(str(raw))
        return option.kind(raw) if raw is not None else None

    def set(self, key: str, value: Any) -> None:
        option = OPTIONS[key]
        if option.secret:
            raise ValueError(f"{key} is a secret: store it in the keyring")
        self._values[key] = _encode(value)

    def save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(
            json.dumps({"version": VERSION, "values": self._values}, indent=1, ensure_ascii=False),
            encoding="utf-8",
        )
        tmp.replace(self.path)


declare(  # attachments (issue 17): images above max_pixels are downscaled on import
    _days("attachments.max_pixels", 4_000_000,
          N_("Attachments: largest image kept as is (pixels, width × height)"),
          100_000, 100_000_000),
    _days("attachments.keep_originals", 0,
          N_("Attachments: keep images at their original size (1: yes, 0: no)"), 0, 1),
    _days("attachments.quota_mb", 2048,
          N_("Attachments: space on this laptop (MB)"), 10, 1_000_000),
    _days("attachments.eager_days", 2,
          N_("Attachments: download at each sync those of the visits of the next days"), 0, 60),
)  # fmt: skip
