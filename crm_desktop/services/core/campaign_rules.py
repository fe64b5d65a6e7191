"""Validation rules of the campaign tables (registered in services.core.rules.RULES)."""

from __future__ import annotations

import json
from decimal import Decimal

from crm_desktop.i18n import N_
from crm_desktop.models.enums import (
    ActivityKind,
    Attribution,
    CampaignChannel,
    CampaignStatus,
    MemberStatus,
)
from crm_desktop.services.core.currencies import CURRENCIES
from crm_desktop.services.core.validation import Checker

MAX_BUDGET = Decimal(100_000_000_000_000)  # 10^14, a quote's maximum total
MAX_FILTER = 20_000  # characters of a saved target filter (JSON)
RESPONSE_KINDS = frozenset({"visit", ActivityKind.CALL.value, ActivityKind.EMAIL.value})


def _currency(c: Checker) -> None:
    currency = c.text("currency", required=True, max_len=3)
    if currency is not None and currency.upper() not in CURRENCIES:
        c.problem(
            "currency", "invalid_currency", N_("Unknown currency {currency}."), currency=currency
        )
    elif currency is not None:
        c.values["currency"] = currency.upper()


def campaign_rules(c: Checker) -> None:
    c.text("name", required=True, max_len=160)
    c.text("goal", max_len=4000)
    c.choices("channels", CampaignChannel)
    start, end = c.date("starts_on", required=True), c.date("ends_on", required=True)
    if start and end and end < start:
        c.problem("ends_on", "before_start", N_("The end is before the start."))
    c.decimal("budget", minimum=Decimal(0), maximum=MAX_BUDGET, places=4)
    _currency(c)
    c.text("owner_id", max_len=36)
    c.choice("status", CampaignStatus)
    saved = c.text("target_filter", max_len=MAX_FILTER)
    if saved is not None:
        try:
            if not isinstance(json.loads(saved), dict):
                raise ValueError(saved)
        except ValueError:
            words = N_("The saved target filter is unreadable.")
            c.problem("target_filter", "invalid_filter", words)
    c.choice("attribution", Attribution)
    c.integer("attribution_days", minimum=1, maximum=730)
    c.text("email_subject", max_len=400)
    c.text("email_body", max_len=20000)


def campaign_cost_rules(c: Checker) -> None:
    c.text("campaign_id", required=True, max_len=36)
    c.date("spent_on", required=True)
    c.decimal("amount", required=True, minimum=Decimal(0), maximum=MAX_BUDGET, places=4)
    _currency(c)
    c.text("description", max_len=200)
    c.values["description"] = c.values.get("description") or ""


def campaign_member_rules(c: Checker) -> None:
    c.text("campaign_id", required=True, max_len=36)
    c.text("account_id", required=True, max_len=36)
    c.text("contact_id", max_len=36)
    c.text("owner_id", max_len=36)
    status = c.choice("status", MemberStatus)
    reached, responded = c.moment("reached_at"), c.moment("responded_at")
    kind = c.text("response_kind", max_len=12)
    if kind is not None and kind not in RESPONSE_KINDS:
        c.problem("response_kind", "invalid_choice", N_("Not a kind of response."))
    c.text("response_outcome", max_len=24)
    c.text("response_ref", max_len=36)
    if status == MemberStatus.RESPONDED and (responded is None or kind is None):
        c.problem("responded_at", "required", N_("Say when and how the customer responded."))
    if reached and responded and responded < reached:
        c.problem("responded_at", "before_reached", N_("The response is before the contact."))


MARKET_DIMENSIONS = frozenset({"city", "segment"})


def market_size_rules(c: Checker) -> None:
    dimension = c.text("dimension", required=True, max_len=12)
    if dimension is not None and dimension not in MARKET_DIMENSIONS:
        c.problem("dimension", "invalid_choice", N_("A market is a city or a segment."))
    c.text("market_key", required=True, max_len=80)
    start, end = c.date("starts_on", required=True), c.date("ends_on", required=True)
    if start and end and end < start:
        c.problem("ends_on", "before_start", N_("The end is before the start."))
    c.decimal("amount", required=True, minimum=Decimal(1), maximum=MAX_BUDGET, places=4)
    _currency(c)
    c.text("note", max_len=200)
    c.values["note"] = c.values.get("note") or ""
