"""The validation rules of every synced table; the laptop and the server use this one module.

Each rule takes a Checker over a whole row (current values merged with the change) and cleans it,
so whatever the laptop accepts, the server accepts at end-of-day sync.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from stdnum import exceptions as stdnum_errors
from stdnum.ar import cuit, dni
from stdnum.cl import rut
from stdnum.co import nit

from crm_desktop.i18n import N_
from crm_desktop.models.enums import (
    AccountKind,
    AccountRole,
    ActivityKind,
    CallResult,
    ConsentChannel,
    ConsentPurpose,
    LifecyclePhase,
    OpportunityStage,
    PrivacyAction,
    PrivacyRequester,
    QuoteLineKind,
    QuoteStatus,
    ReminderSource,
    SignerIdKind,
    TaxCategory,
    TaxIdKind,
    TaxKind,
    UserRole,
    VisitOutcome,
    VisitStatus,
)
from crm_desktop.services.core.attachment_rules import (
    MAX_ATTACHMENT_BYTES as MAX_ATTACHMENT_BYTES,  # crm_server.limits reads it here
)
from crm_desktop.services.core.attachment_rules import attachment_rules
from crm_desktop.services.core.campaign_rules import (
    campaign_cost_rules,
    campaign_member_rules,
    campaign_rules,
    market_size_rules,
)
from crm_desktop.services.core.currencies import CURRENCIES as CURRENCIES  # kept importable here
from crm_desktop.services.core.signed import (
    MAX_ACCEPTED_CONTENT,
    MAX_SIGNATURE_B64,
    png_size,
    signed_content_matches,
)
from crm_desktop.services.core.validation import Checker

HUNDRED = Decimal(100)
Rule = Callable[[Checker], None]

# Documented maxima of quotes (README, "Quotes and PDF proposals"). Amounts are stored as
# integers scaled by 10^4 (models.types.FixedDecimal), so anything stored must stay below
# 2^63 / 10^4 ≈ 9.22e14. A line's quantity × price and a quote's gross and grand total are
# capped at 10^14, which leaves room for taxes (at most 100 % each) without ever reaching it.
MAX_QUANTITY = Decimal(1_000_000_000)  # 10^9 units
MAX_UNIT_PRICE = Decimal(100_000_000_000)  # 10^11 in the quote's currency
MAX_AMOUNT = Decimal(100_000_000_000_000)  # 10^14: a line's amount, a quote's total


def check_tax_id(c: Checker, kind: str | None, name: str = "tax_id") -> None:
    """The tax id by its kind: NIT with its check digit, cédula digits, CUIT, DNI, RUT,
    passport. `name` is the field holding it (a signer's id uses the same rules)."""
    raw = c.text(name, max_len=32)
    if raw is None or kind is None:
        return
    validators = {"nit": nit, "cuit": cuit, "rut": rut, "dni": dni}
    module = validators.get(kind)
    if module is not None:
        try:
            c.values[name] = module.validate(raw)
        except stdnum_errors.InvalidChecksum:
            c.problem(
                name, "invalid_check_digit", N_("The check digit does not match: check the number.")
            )
        except stdnum_errors.ValidationError:
            c.problem(name, "invalid_tax_id", N_("This is not a valid {kind}."), kind=kind.upper())
    elif kind in ("cc", "ce"):
        digits = raw.replace(".", "").replace(" ", "")
        if not digits.isdigit() or not 3 <= len(digits) <= 10:
            c.problem(name, "invalid_tax_id", N_("An id card number has 3 to 10 digits."))
        else:
            c.values[name] = digits


def normal_tax_id(kind: str | None, raw: str | None) -> str | None:
    """The tax id as stored (900.123.456-8 -> 9001234568); None if empty or not valid."""
    c = Checker({"tax_id": raw})
    try:
        check_tax_id(c, kind or TaxIdKind.NIT)
    except ValueError:  # an unknown kind
        return None
    found = c.values.get("tax_id")
    return None if c.problems or not found else str(found)


def account_rules(c: Checker) -> None:
    kind = c.choice("kind", AccountKind)
    c.choices("roles", AccountRole)
    c.text("legal_name", required=True, max_len=200)
    c.text("trade_name", max_len=200)
    tax_kind = c.choice("tax_id_kind", TaxIdKind)
    check_tax_id(c, tax_kind)
    if kind in (AccountKind.LEGAL_ENTITY, AccountKind.CORPORATE) and c.values.get("tax_id") is None:
        c.problem("tax_id", "required", N_("A company needs its tax id (NIT)."))
    activity = c.text("economic_activity", max_len=8)
    if activity is not None and not (activity.isdigit() and len(activity) == 4):
        c.problem("economic_activity", "invalid_ciiu", N_("A CIIU code has four digits."))
    c.integer("employee_count", minimum=0, maximum=10_000_000)
    for name, limit in (("vision", 4000), ("notes", 20000)):
        c.text(name, max_len=limit)
    for name in ("legal_representative", "city", "region", "website"):
        c.text(name, max_len=200)
    c.text("address", max_len=240)
    c.values["country"] = c.values.get("country") or "CO"
    c.text("country", max_len=2)
    c.phone("phone", region=str(c.values.get("country") or "CO"))
    c.email("email")
    c.choice("lifecycle_phase", LifecyclePhase)
    c.text("segment", max_len=40)
    for consent in ("consent_data_processing", "consent_marketing"):
        if c.boolean(consent):
            c.moment(f"{consent}_at", required=True)
        else:
            c.values[f"{consent}_at"] = None


def contact_rules(c: Checker) -> None:
    c.text("account_id", required=True, max_len=36)
    c.text("first_name", required=True, max_len=80)
    c.text("last_name", max_len=80)
    c.values["last_name"] = c.values.get("last_name") or ""
    c.text("job_title", max_len=120)
    c.phone("phone")
    c.phone("mobile")
    c.email("email")
    c.boolean("is_primary")
    c.text("notes", max_len=20000)


def user_rules(c: Checker) -> None:
    username = c.text("username", required=True, max_len=80)
    if username is not None and not username.replace(".", "").replace("_", "").isalnum():
        c.problem(
            "username", "invalid_username", N_("Use letters, digits, dots and underscores only.")
        )
    c.text("full_name", required=True, max_len=160)
    c.email("email")
    c.choice("role", UserRole)
    prefix = c.text("quote_prefix", max_len=8)
    if prefix is not None and not prefix.isalnum():
        c.problem("quote_prefix", "invalid_prefix", N_("Use letters and digits only."))
    c.boolean("active")


def visit_rules(c: Checker) -> None:
    c.text("account_id", required=True, max_len=36)
    planned = c.moment("planned_at", required=True)
    c.integer("duration_minutes", minimum=1, maximum=24 * 60)
    c.integer("route_order", minimum=0, maximum=1000)
    c.text("place", max_len=240)
    c.text("purpose", max_len=240)
    c.choice("status", VisitStatus)
    check_in, check_out = c.moment("checked_in_at"), c.moment("checked_out_at")
    if check_in and check_out and check_out < check_in:
        c.problem("checked_out_at", "before_check_in", N_("Check-out is before check-in."))
    c.text("notes", max_len=20000)
    outcome = c.choice("outcome", VisitOutcome, required=False)
    reason = c.text("rejection_reason", max_len=240)
    if outcome == VisitOutcome.REJECTED and reason is None:
        c.problem("rejection_reason", "required", N_("Say why the customer said no."))
    c.text("next_step", max_len=240)
    follow_up = c.date("follow_up_on")
    if follow_up and planned and follow_up < planned.date():
        c.problem("follow_up_on", "before_visit", N_("The follow-up is before the visit."))


def activity_rules(c: Checker) -> None:
    c.text("account_id", required=True, max_len=36)
    kind = c.choice("kind", ActivityKind)
    c.moment("occurred_at", required=True)
    c.text("subject", max_len=240)
    c.values["subject"] = c.values.get("subject") or ""
    c.text("body", max_len=20000)
    result = c.choice("call_result", CallResult, required=kind == ActivityKind.CALL)
    if kind == ActivityKind.REJECTION and c.values.get("body") is None:
        c.problem("body", "required", N_("Say why the customer said no."))
    if result is not None and kind != ActivityKind.CALL:
        c.values["call_result"] = None
    c.integer("duration_minutes", minimum=0, maximum=24 * 60)


def opportunity_rules(c: Checker) -> None:
    c.text("account_id", required=True, max_len=36)
    c.text("name", required=True, max_len=200)
    stage = c.choice("stage", OpportunityStage)
    c.decimal("amount", required=True, minimum=Decimal(0), places=2)
    currency_rule(c)
    c.integer("probability", minimum=0, maximum=100)
    c.date("expected_close")
    if stage == OpportunityStage.CLOSED_LOST and c.text("lost_reason", max_len=240) is None:
        c.problem("lost_reason", "required", N_("Say why the opportunity was lost."))


def currency_rule(c: Checker) -> None:
    currency = c.text("currency", required=True, max_len=3)
    if currency is not None and currency.upper() not in CURRENCIES:
        c.problem(
            "currency", "invalid_currency", N_("Unknown currency {currency}."), currency=currency
        )
    elif currency is not None:
        c.values["currency"] = currency.upper()


def quote_rules(c: Checker) -> None:
    c.text("number", required=True, max_len=40)
    c.text("account_id", required=True, max_len=36)
    c.choice("status", QuoteStatus)
    c.integer("revision", minimum=1)
    currency_rule(c)
    c.decimal("exchange_rate", required=True, minimum=Decimal("0.000001"), places=6)
    if c.text("language", required=True, max_len=2) not in (None, "es", "en"):
        c.problem(
            "language",
            "invalid_choice",
            N_("“{value}” is not one of the choices."),
            value=c.values["language"],
        )
    issued, valid = c.date("issued_on", required=True), c.date("valid_until", required=True)
    if issued and valid and valid < issued:
        c.problem("valid_until", "before_issue", N_("The quote expires before it is issued."))
    for name in ("payment_terms", "delivery_terms", "notes"):
        c.text(name, max_len=4000)
    c.decimal("global_discount_pct", minimum=Decimal(0), maximum=HUNDRED, places=4)
    if (
        c.values.get("status") == QuoteStatus.REJECTED
        and c.text("rejection_reason", max_len=240) is None
    ):
        c.problem("rejection_reason", "required", N_("Say why the customer said no."))


def quote_line_rules(c: Checker) -> None:
    c.text("quote_id", required=True, max_len=36)
    c.integer("position", required=True, minimum=0)
    kind = c.choice("kind", QuoteLineKind)
    c.text(
        "description",
        required=kind != QuoteLineKind.ITEM or not c.values.get("product_id"),
        max_len=4000,
    )
    if kind != QuoteLineKind.ITEM:
        return
    quantity = c.decimal(
        "quantity", required=True, minimum=Decimal("0.0001"), maximum=MAX_QUANTITY, places=4
    )
    c.decimal("unit_price", required=True, minimum=Decimal(0), maximum=MAX_UNIT_PRICE, places=4)
    c.decimal("list_price", minimum=Decimal(0), maximum=MAX_UNIT_PRICE, places=4)
    c.decimal("discount_pct", minimum=Decimal(0), maximum=HUNDRED, places=4)
    discount = c.decimal("discount_amount", minimum=Decimal(0), maximum=MAX_AMOUNT, places=4)
    c.decimal("unit_cost", minimum=Decimal(0), maximum=MAX_UNIT_PRICE, places=4)
    tax_code(c)
    price, listed = c.values.get("unit_price"), c.values.get("list_price")
    if c.has_problem("unit_price") or c.has_problem("quantity"):
        return
    if quantity is not None and quantity * Decimal(str(price)) > MAX_AMOUNT:
        c.problem(
            "quantity",
            "too_large",
            N_("Quantity × unit price is at most {max}."),
            max=MAX_AMOUNT,
        )
        return
    if discount and isinstance(quantity, Decimal) and discount > quantity * Decimal(str(price)):
        c.problem("discount_amount", "too_large", N_("The discount is larger than the line."))
    overridden = (
        listed is not None and price is not None and Decimal(str(price)) != Decimal(str(listed))
    )
    if overridden and c.text("price_override_reason", max_len=240) is None:
        c.problem(
            "price_override_reason", "required", N_("Changing the list price needs a reason.")
        )


def tax_code(c: Checker) -> None:
    """A line's tax: a seeded code, or any code (an admin's tax) with its rate frozen on it."""
    code = c.text("tax_category", required=True, max_len=12)
    rate = c.decimal("tax_rate", minimum=Decimal(0), maximum=Decimal(1), places=4)
    if code and rate is None and code not in {t.value for t in TaxCategory}:
        c.problem("tax_category", "unknown_tax", N_("Unknown tax “{value}”."), value=code)
    extra_taxes(c, code)


MAX_EXTRA_TAXES = 3
INCLUDED_TAXES = frozenset({TaxCategory.IVA_19_INCLUDED, TaxCategory.AR_IVA_21_INCLUDED})
RATE_PLACES = Decimal("0.0001")


def extra_taxes(c: Checker, main: str | None) -> None:
    """A line's further taxes (JSON text, bounded before it is parsed): at most 3, each a code
    with its frozen rate, none twice nor the main one; a price with tax included has no other."""
    raw = c.text("extra_taxes", max_len=400)
    if raw is None or c.has_problem("extra_taxes"):
        return
    bad = (N_("Further taxes are a list of codes with their rates."),)
    try:
        items = json.loads(raw)
        pairs = [(str(i["code"]), Decimal(str(i["rate"]))) for i in items]
        well_formed = isinstance(items, list) and all(
            0 < len(code) <= 12 and 0 <= rate <= 1 and rate == rate.quantize(RATE_PLACES)
            for code, rate in pairs
        )
    except (ValueError, TypeError, KeyError, ArithmeticError):  # NaN compares by raising
        well_formed = False
    if not well_formed:
        c.problem("extra_taxes", "invalid_taxes", bad[0])
        return
    codes = [main, *(code for code, _ in pairs)]
    if not 0 < len(pairs) <= MAX_EXTRA_TAXES:
        c.problem("extra_taxes", "too_many", N_("A line carries at most {max} further taxes."),
                  max=MAX_EXTRA_TAXES)  # fmt: skip
    elif len(set(codes)) != len(codes):
        c.problem("extra_taxes", "repeated_tax", N_("A tax appears twice on the line."))
    elif INCLUDED_TAXES & set(codes):
        c.problem("extra_taxes", "included_alone",
                  N_("A price with tax included carries that one tax only."))  # fmt: skip


def tax_rules(c: Checker) -> None:
    """The taxes table: global catalog data, changed by managers only (server push)."""
    code = c.text("code", required=True, max_len=12)
    if code and not code.replace("_", "").isalnum():
        c.problem("code", "invalid_code", N_("Use letters, digits and _ only."))
    c.text("name_es", required=True, max_len=80)
    c.text("name_en", required=True, max_len=80)
    c.decimal("rate", required=True, minimum=Decimal(0), maximum=Decimal(1), places=4)
    c.choice("kind", TaxKind)
    c.boolean("price_included")
    if c.text("country", required=True, max_len=2) not in (None, "CO", "AR", "CL", "MX", "PE"):
        c.problem("country", "invalid_choice", N_("“{value}” is not one of the choices."),
                  value=c.values["country"])  # fmt: skip
    start, end = c.date("valid_from"), c.date("valid_to")
    if start and end and end < start:
        c.problem("valid_to", "before_start", N_("The end is before the start."))


def reminder_rules(c: Checker) -> None:
    c.text("title", required=True, max_len=240)
    c.moment("due_at", required=True)
    c.text("body", max_len=20000)
    c.choice("source", ReminderSource)
    c.moment("snoozed_until")
    c.moment("done_at")


def product_rules(c: Checker) -> None:
    c.text("code", required=True, max_len=40)
    c.text("name", required=True, max_len=200)
    c.text("description", max_len=4000)
    c.text("unit", required=True, max_len=20)
    c.text("tax_category", required=True, max_len=12)  # a code of the taxes table
    c.text("product_line", max_len=60)
    c.decimal("min_price", minimum=Decimal(0), maximum=MAX_UNIT_PRICE, places=4)
    c.boolean("active")


def product_cost_rules(c: Checker) -> None:
    """A product's cost over a period: managers' data, never below zero, end after start."""
    c.text("product_id", required=True, max_len=36)
    c.decimal("unit_cost", required=True, minimum=Decimal(0), maximum=MAX_UNIT_PRICE, places=4)
    currency_rule(c)
    start, end = c.date("valid_from"), c.date("valid_to")
    if start and end and end < start:
        c.problem("valid_to", "before_start", N_("The end is before the start."))


def price_list_rules(c: Checker) -> None:
    c.text("name", required=True, max_len=120)
    currency_rule(c)
    start, end = c.date("valid_from"), c.date("valid_to")
    if start and end and end < start:
        c.problem("valid_to", "before_start", N_("The end is before the start."))


def price_list_item_rules(c: Checker) -> None:
    c.text("price_list_id", required=True, max_len=36)
    c.text("product_id", required=True, max_len=36)
    c.decimal("unit_price", required=True, minimum=Decimal(0), maximum=MAX_UNIT_PRICE, places=4)


def account_product_rules(c: Checker) -> None:
    c.text("account_id", required=True, max_len=36)
    c.text("product_id", required=True, max_len=36)
    c.date("since")
    c.date("renewal_on")


def quote_revision_rules(c: Checker) -> None:
    c.text("quote_id", required=True, max_len=36)
    c.integer("revision", required=True, minimum=1)
    c.text("snapshot", required=True, max_len=500_000)  # the protocol carries 512 KiB
    c.decimal("total", required=True, places=4)


def quote_acceptance_rules(c: Checker) -> None:
    """A signed acceptance: every field bounded, the id valid for its kind, the hash the
    SHA-256 of the content it came with, the signature a PNG of bounded size (its length is
    checked before anything is decoded)."""
    c.text("quote_id", required=True, max_len=36)
    c.integer("revision", required=True, minimum=1, maximum=1_000_000)
    c.text("signer_name", required=True, max_len=120)
    kind = c.choice("signer_id_kind", SignerIdKind)
    if c.text("signer_id", required=True, max_len=32) is not None:
        check_tax_id(c, kind, "signer_id")
    c.moment("signed_at", required=True)
    digest = c.text("sha256", required=True, max_len=64)
    content = c.text("content", required=True, max_len=MAX_ACCEPTED_CONTENT)
    if digest is not None and not signed_content_matches(content, digest):
        c.problem("sha256", "hash_mismatch", N_("The SHA-256 does not match the quote's content."))
    png = c.text("signature_png", required=True, max_len=MAX_SIGNATURE_B64)
    if png is not None and not c.has_problem("signature_png") and png_size(png) is None:
        c.problem("signature_png", "invalid_signature", N_("The signature is not a PNG image."))


def consent_event_rules(c: Checker) -> None:
    c.text("account_id", required=True, max_len=36)
    c.text("contact_id", max_len=36)
    c.choice("purpose", ConsentPurpose)
    c.boolean("granted")
    c.choice("channel", ConsentChannel)
    c.text("recorded_by", max_len=36)
    c.moment("recorded_at", required=True)
    c.text("note", max_len=240)


def privacy_request_rules(c: Checker) -> None:
    c.text("account_id", required=True, max_len=36)
    c.text("contact_id", max_len=36)
    c.choice("action", PrivacyAction)
    c.choice("requested_by", PrivacyRequester)
    c.choice("request_channel", ConsentChannel)
    c.text("done_by", max_len=36)
    c.moment("done_at", required=True)
    reason = c.text("reason", required=True, max_len=2000)
    if reason is not None and len(reason.strip()) < 5:
        c.problem("reason", "reason_too_short", N_("Say why, in a few words."))


RULES: dict[str, Rule] = {
    "accounts": account_rules,
    "contacts": contact_rules,
    "users": user_rules,
    "visits": visit_rules,
    "activities": activity_rules,
    "opportunities": opportunity_rules,
    "quotes": quote_rules,
    "quote_lines": quote_line_rules,
    "quote_revisions": quote_revision_rules,
    "quote_acceptances": quote_acceptance_rules,
    "reminders": reminder_rules,
    "products": product_rules,
    "price_lists": price_list_rules,
    "price_list_items": price_list_item_rules,
    "taxes": tax_rules,
    "product_costs": product_cost_rules,
    "account_products": account_product_rules,
    "campaigns": campaign_rules,
    "campaign_costs": campaign_cost_rules,
    "campaign_members": campaign_member_rules,
    "market_sizes": market_size_rules,
    "consent_events": consent_event_rules,
    "privacy_requests": privacy_request_rules,
    "attachments": attachment_rules,
}


def validate_row(table: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """The row's values cleaned by its table's rules, or ValidationError with every problem."""
    checker = Checker(values)
    RULES[table](checker)
    return checker.done()
