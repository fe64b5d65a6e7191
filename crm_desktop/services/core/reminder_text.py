"""What a follow-up rule's reminder says, stored as its rule and parameters, read in any language.

A reminder made by a rule syncs to every laptop of its account; its text must not be frozen in
the language its maker's program happened to run in (issue 11, item 5). So it is stored in the
reminder's own columns as data: title "rule:<name>", body the parameters as JSON (dates as ISO
days). Each reader renders it with render(), in their language and date format. Titles and
steps an administrator typed in Settings are stored as typed; any other text is shown as it is.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from crm_desktop.i18n import N_, current_language, gettext
from crm_desktop.services.core.formats import formats

PREFIX = "rule:"

TEXTS: dict[str, tuple[str, str]] = {
    "after_sale": (
        N_("Contact {account}: evaluate the product and look for new sales"),
        N_("{months} months since the last sale ({date}). Ask how the product is working "
           "and whether they need anything else."),
    ),
    "news": (
        N_("Send {account} news of their activity (CIIU {activity})"),
        N_("Share news, regulations or offers relevant to economic activity {activity}."),
    ),
    "renewal": (
        N_("Licence renewal: {product} for {account} on {date}"),
        N_("The licence renews on {date}. Confirm the renewal and offer upgrades."),
    ),
    "quote_expiry": (
        N_("Quote {quote} for {account} expires on {date}"),
        N_("Call the customer before the quote expires: close it, adjust it or extend it."),
    ),
    "stale_opportunity": (
        N_("No activity for {days} days: {opportunity} ({account})"),
        N_("Nothing has happened on this opportunity since {date}. Call or plan a visit."),
    ),
    "assigned": (
        N_("New account assigned to you: {account}"),
        N_("1. Read the account's history and open quotes.\n2. Call the primary contact to "
           "introduce yourself.\n3. Plan a first visit.\n4. Update the contact data and the "
           "products they own."),
    ),
}  # fmt: skip


def encode(rule: str, params: dict[str, Any]) -> tuple[str, str]:
    """(title, body) to store for a rule's reminder with these parameters."""
    plain = {k: v.isoformat() if isinstance(v, date) else v for k, v in params.items()}
    return PREFIX + rule, json.dumps(plain, ensure_ascii=False, sort_keys=True)


def render(title: str, body: str | None, lang: str | None = None) -> tuple[str, str]:
    """The stored title and body as the reader reads them; plain text stays as it is."""
    rule = title.removeprefix(PREFIX) if title.startswith(PREFIX) else None
    if rule not in TEXTS or rule is None:
        return title, body or ""
    try:
        params = json.loads(body or "{}")
    except ValueError:
        params = {}
    lang = lang or current_language()
    values = _Blank(_shown(params, lang))
    title_text, body_text = TEXTS[rule]
    return (
        gettext(title_text, lang).format_map(values)[:240],
        gettext(body_text, lang).format_map(values),
    )


def _shown(params: dict[str, Any], lang: str) -> dict[str, str]:
    shown: dict[str, str] = {}
    for key, value in params.items():
        if key == "date" and isinstance(value, str):
            try:
                shown[key] = formats(lang).day(date.fromisoformat(value))
                continue
            except ValueError:
                pass
        shown[key] = str(value)
    return shown


class _Blank(dict[str, Any]):
    """A placeholder this reminder has no value for stays as written."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"
