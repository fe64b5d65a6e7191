"""Every table's rules: good input is cleaned, bad input reports every field at once."""

from __future__ import annotations

import base64
import hashlib
import struct
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest

from crm_desktop.services.core.errors import ValidationError
from crm_desktop.services.core.rules import validate_row
from tests.factories import account_values, at

# A PNG's header chunk (length, type, 2 × 1 pixels, grey, its CRC): what the rules read.
IHDR = b"\x00\x00\x00\x0dIHDR" + struct.pack(">IIBBBBB", 2, 1, 8, 0, 0, 0, 0) + b"\x00" * 4

GOOD: dict[str, dict[str, Any]] = {
    "accounts": account_values(consent_data_processing_at=at(2026, 1, 5)),
    "contacts": {
        "account_id": "a1",
        "first_name": "Ana",
        "email": "ana@empresa.co",
        "mobile": "310 555 1234",
    },
    "users": {"username": "ana.gomez", "full_name": "Ana Gómez", "role": "manager"},
    "visits": {"account_id": "a1", "planned_at": at(2026, 5, 4), "status": "planned"},
    "activities": {
        "account_id": "a1",
        "kind": "call",
        "occurred_at": at(2026, 5, 4),
        "call_result": "answered",
    },
    "opportunities": {
        "account_id": "a1",
        "name": "Renovación",
        "stage": "proposal",
        "amount": Decimal("12500000.50"),
        "currency": "cop",
        "probability": 60,
    },
    "quotes": {
        "number": "JP-AB12-000001",
        "account_id": "a1",
        "status": "draft",
        "currency": "COP",
        "exchange_rate": Decimal(1),
        "language": "es",
        "issued_on": date(2026, 5, 4),
        "valid_until": date(2026, 6, 3),
    },
    "quote_lines": {
        "quote_id": "q1",
        "position": 1,
        "kind": "item",
        "description": "Licencia",
        "quantity": Decimal(3),
        "unit_price": Decimal("100.5"),
        "tax_category": "iva19",
    },
    "quote_revisions": {"quote_id": "q1", "revision": 1, "snapshot": "{}", "total": Decimal(1)},
    "quote_acceptances": {
        "quote_id": "q1",
        "revision": 1,
        "signer_name": "Laura Restrepo",
        "signer_id_kind": "nit",
        "signer_id": "900.123.456-8",
        "signed_at": at(2026, 5, 4),
        "sha256": hashlib.sha256(b"{}").hexdigest(),
        "content": "{}",
        "signature_png": base64.b64encode(b"\x89PNG\r\n\x1a\n" + IHDR).decode(),
    },
    "reminders": {"title": "Llamar", "due_at": at(2026, 5, 4), "source": "manual"},
    "products": {"code": "LIC-01", "name": "Licencia", "unit": "unidad", "tax_category": "iva19"},
    "price_lists": {"name": "Lista COP", "currency": "COP"},
    "price_list_items": {"price_list_id": "p1", "product_id": "x1", "unit_price": "1000"},
    "taxes": {
        "code": "ar_iva21",
        "name_es": "IVA 21 %",
        "name_en": "VAT 21 %",
        "rate": "0.21",
        "kind": "vat",
        "country": "AR",
        "price_included": False,
    },
    "account_products": {"account_id": "a1", "product_id": "x1", "since": "2026-01-31"},
    "product_costs": {"product_id": "x1", "unit_cost": "600", "currency": "cop"},
    "campaigns": {
        "name": "Venta cruzada",
        "channels": "visit,email",
        "starts_on": "2026-02-01",
        "ends_on": "2026-03-01",
        "budget": "1000000",
        "currency": "COP",
        "status": "active",
        "attribution": "last_touch",
        "attribution_days": 90,
        "target_filter": '{"cities": []}',
    },
    "campaign_costs": {
        "campaign_id": "c1",
        "spent_on": "2026-02-03",
        "amount": "5",
        "currency": "COP",
    },
    "campaign_members": {"campaign_id": "c1", "account_id": "a1", "status": "pending"},
    "market_sizes": {
        "dimension": "city",
        "market_key": "Cali",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "amount": "900000000",
        "currency": "COP",
    },
    "consent_events": {
        "account_id": "a1",
        "contact_id": "c1",
        "purpose": "marketing",
        "granted": True,
        "channel": "phone",
        "recorded_at": "2026-01-05T10:00:00+00:00",
    },
    "privacy_requests": {
        "account_id": "a1",
        "action": "anonymize",
        "requested_by": "subject",
        "request_channel": "email",
        "done_at": "2026-01-05T10:00:00+00:00",
        "reason": "Lo pidió el titular por correo.",
    },
    "attachments": {
        "account_id": "a1",
        "parent_table": "visits",
        "parent_id": "v1",
        "name": "foto fachada.jpg",
        "mime": "image/jpeg",
        "size": 123456,
        "sha256": "0f" * 32,
        "width": 1600,
        "height": 1200,
    },
}

# table -> (bad values merged over the good row, the codes expected for each field)
BAD: dict[str, tuple[dict[str, Any], dict[str, str]]] = {
    "accounts": (
        {
            "tax_id": "900.123.456-7",
            "email": "no-at-sign",
            "phone": "12",
            "legal_name": "  ",
            "kind": "alien",
            "roles": "prospect,boss",
            "economic_activity": "46A1",
            "employee_count": -3,
        },
        {
            "tax_id": "invalid_check_digit",
            "email": "invalid_email",
            "phone": "invalid_phone",
            "legal_name": "required",
            "kind": "invalid_choice",
            "roles": "invalid_choice",
            "economic_activity": "invalid_ciiu",
            "employee_count": "too_small",
        },
    ),
    "contacts": (
        {"first_name": "", "email": "ana@", "mobile": "abc"},
        {"first_name": "required", "email": "invalid_email", "mobile": "invalid_phone"},
    ),
    "users": (
        {"username": "ana gómez!", "role": "boss", "full_name": None},
        {"username": "invalid_username", "role": "invalid_choice", "full_name": "required"},
    ),
    "visits": (
        {
            "planned_at": datetime(2026, 5, 4, 10),
            "duration_minutes": 0,
            "outcome": "rejected",
            "checked_in_at": at(2026, 5, 4, 11),
            "checked_out_at": at(2026, 5, 4, 10),
        },
        {
            "planned_at": "invalid_datetime",
            "duration_minutes": "too_small",
            "rejection_reason": "required",
            "checked_out_at": "before_check_in",
        },
    ),
    "activities": (
        {"call_result": None, "occurred_at": "ayer"},
        {"call_result": "required", "occurred_at": "invalid_datetime"},
    ),
    "opportunities": (
        {"amount": 10.5, "probability": 120, "stage": "closed_lost", "currency": "XYZ"},
        {
            "amount": "invalid_number",
            "probability": "too_large",
            "lost_reason": "required",
            "currency": "invalid_currency",
        },
    ),
    "quotes": (
        {"valid_until": date(2026, 5, 1), "language": "fr", "global_discount_pct": Decimal(101)},
        {
            "valid_until": "before_issue",
            "language": "invalid_choice",
            "global_discount_pct": "too_large",
        },
    ),
    "quote_lines": (
        {
            "quantity": Decimal(0),
            "discount_pct": Decimal(-1),
            "list_price": Decimal(200),
            "unit_price": Decimal("0.00001"),
        },
        {"quantity": "too_small", "discount_pct": "too_small", "unit_price": "invalid_number"},
    ),
    "quote_revisions": ({"revision": 0}, {"revision": "too_small"}),
    "quote_acceptances": (
        {"signer_id": "900.123.456-0", "sha256": "0" * 64, "signature_png": "R0lGODlh"},
        {
            "signer_id": "invalid_check_digit",
            "sha256": "hash_mismatch",
            "signature_png": "invalid_signature",
        },
    ),
    "reminders": ({"title": "", "due_at": None}, {"title": "required", "due_at": "required"}),
    "products": (  # any tax code (an admin may add taxes), as long as a code can be
        {"tax_category": "iva99_too_long", "code": None},
        {"tax_category": "too_long", "code": "required"},
    ),
    "product_costs": (
        {
            "unit_cost": "-1",
            "currency": "PESOS",
            "valid_from": "2026-02-01",
            "valid_to": "2026-01-01",
        },
        {"unit_cost": "too_small", "currency": "too_long", "valid_to": "before_start"},
    ),
    "campaigns": (
        {"channels": "fax", "ends_on": "2026-01-01", "target_filter": "[1", "attribution_days": 0},
        {
            "channels": "invalid_choice",
            "ends_on": "before_start",
            "target_filter": "invalid_filter",
            "attribution_days": "too_small",
        },
    ),
    "campaign_costs": (
        {"amount": "-2", "currency": "PESOS", "spent_on": None},
        {"amount": "too_small", "currency": "too_long", "spent_on": "required"},
    ),
    "market_sizes": (
        {"dimension": "country", "market_key": None, "ends_on": "2025-12-31", "amount": "0"},
        {
            "dimension": "invalid_choice",
            "market_key": "required",
            "ends_on": "before_start",
            "amount": "too_small",
        },
    ),
    "campaign_members": (
        {"status": "responded", "response_kind": "fax", "reached_at": "2026-02-02T10:00:00+00:00"},
        {"responded_at": "required", "response_kind": "invalid_choice"},
    ),
    "taxes": (
        {"rate": "1.5", "kind": "vat2", "valid_from": "2026-02-01", "valid_to": "2026-01-01"},
        {"rate": "too_large", "kind": "invalid_choice", "valid_to": "before_start"},
    ),
    "price_lists": (
        {"currency": "PESOS", "valid_from": "2026-02-01", "valid_to": "2026-01-01"},
        {"currency": "too_long", "valid_to": "before_start"},
    ),
    "price_list_items": ({"unit_price": "-1"}, {"unit_price": "too_small"}),
    "account_products": ({"since": "31/01/2026"}, {"since": "invalid_date"}),
    "consent_events": (
        {"purpose": "spam", "channel": "pigeon", "recorded_at": None},
        {"purpose": "invalid_choice", "channel": "invalid_choice", "recorded_at": "required"},
    ),
    "privacy_requests": (
        {"action": "sell", "requested_by": "neighbour", "reason": "ok"},
        {
            "action": "invalid_choice",
            "requested_by": "invalid_choice",
            "reason": "reason_too_short",
        },
    ),
    "attachments": (
        {"parent_table": "users", "name": "a/b", "mime": "pdf", "size": -1, "sha256": "AB" * 32},
        {
            "parent_table": "invalid_choice",
            "name": "invalid_name",
            "mime": "invalid_mime",
            "size": "too_small",
            "sha256": "invalid_sha256",
        },
    ),
}


@pytest.mark.parametrize("table", sorted(GOOD))
def test_good_row_passes(table: str) -> None:
    assert validate_row(table, GOOD[table])


@pytest.mark.parametrize("table", sorted(BAD))
def test_bad_row_reports_every_field_at_once(table: str) -> None:
    bad, expected = BAD[table]
    with pytest.raises(ValidationError) as failure:
        validate_row(table, GOOD[table] | bad)
    assert failure.value.codes() == expected


def test_every_table_has_good_and_bad_cases() -> None:
    from crm_desktop.models import synced_classes

    assert set(GOOD) == set(BAD) == set(synced_classes())


def test_values_are_cleaned() -> None:
    clean = validate_row("accounts", account_values(roles=["customer", "prospect", "customer"]))
    assert clean["tax_id"] == "9001234568"
    assert clean["phone"] == "+576013456789"
    assert clean["roles"] == "customer,prospect"
    contact = validate_row("contacts", GOOD["contacts"])
    assert contact["mobile"] == "+573105551234"
    opp = validate_row("opportunities", GOOD["opportunities"])
    assert opp["currency"] == "COP" and opp["amount"] == Decimal("12500000.50")


def test_messages_are_translated() -> None:
    with pytest.raises(ValidationError) as failure:
        validate_row("accounts", account_values(tax_id="900.123.456-7"))
    assert failure.value.by_field("es")["tax_id"] == [
        "El dígito de verificación no coincide: revise el número."
    ]
    assert failure.value.by_field("en")["tax_id"] == [
        "The check digit does not match: check the number."
    ]


@pytest.mark.parametrize(
    ("kind", "good", "bad"),
    [
        ("nit", "800.197.268-4", "800.197.268-5"),
        ("cc", "1.020.345.678", "12a45"),
        ("cuit", "20-26756539-3", "20-26756539-4"),
        ("rut", "76.086.428-5", "76.086.428-6"),
    ],
)
def test_tax_id_kinds(kind: str, good: str, bad: str) -> None:
    assert validate_row("accounts", account_values(tax_id_kind=kind, tax_id=good))
    with pytest.raises(ValidationError) as failure:
        validate_row("accounts", account_values(tax_id_kind=kind, tax_id=bad))
    assert "tax_id" in failure.value.codes()


def test_company_needs_a_tax_id_but_a_person_does_not() -> None:
    with pytest.raises(ValidationError) as failure:
        validate_row("accounts", account_values(tax_id=None))
    assert failure.value.codes() == {"tax_id": "required"}
    assert validate_row("accounts", account_values(kind="natural_person", tax_id=None))


def test_a_validation_errors_text_names_no_field_and_says_each_problem_once() -> None:
    """Issue 11, item 6: never "lost_reason: Say why the opportunity was lost." on screen."""
    from crm_desktop.services.core.errors import FieldProblem, ValidationError

    weights = "The RFM weights must add up to 100 %; now they add up to {total} %."
    error = ValidationError(
        [FieldProblem("lost_reason", "required", "Say why the opportunity was lost."),
         FieldProblem("a", "sum", weights, {"total": 90}),
         FieldProblem("b", "sum", weights, {"total": 90})]
    )  # fmt: skip
    spanish = error.text("es")
    assert spanish.splitlines() == [
        "Indique por qué se perdió la oportunidad.",
        "Los pesos RFM deben sumar 100 %; ahora suman 90 %.",
    ]
    assert "lost_reason" not in spanish and "lost_reason" not in error.text("en")
