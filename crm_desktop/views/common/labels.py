"""The one place enum codes become words on screen: label("phase", "retention") -> "Retención".

Every table maps the code stored in the database to an English label marked with
QT_TRANSLATE_NOOP("Labels", ...); label() translates it at call time, so a language change
after import is respected. Unknown codes are shown as they are rather than hidden.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from PySide6 import QtCore
from PySide6.QtCore import QCoreApplication

# Qt's marker, typed as what it returns (the text itself); lupdate finds it by name, so
# views import QT_TRANSLATE_NOOP from here to keep mypy exact.
QT_TRANSLATE_NOOP = cast(Callable[[str, str], str], QtCore.QT_TRANSLATE_NOOP)

CONTEXT = "Labels"

LABELS: dict[str, dict[str, str]] = {
    "kind": {
        "natural_person": QT_TRANSLATE_NOOP("Labels", "Natural person"),
        "legal_entity": QT_TRANSLATE_NOOP("Labels", "Legal entity"),
        "corporate": QT_TRANSLATE_NOOP("Labels", "Corporate"),
    },
    "role": {
        "prospect": QT_TRANSLATE_NOOP("Labels", "Prospect"),
        "customer": QT_TRANSLATE_NOOP("Labels", "Customer"),
        "agent": QT_TRANSLATE_NOOP("Labels", "Agent"),
        "beneficiary": QT_TRANSLATE_NOOP("Labels", "Beneficiary"),
        "competitor": QT_TRANSLATE_NOOP("Labels", "Associated competitor"),
        "employee": QT_TRANSLATE_NOOP("Labels", "Employee"),
        "guarantor": QT_TRANSLATE_NOOP("Labels", "Guarantor"),
        "supplier": QT_TRANSLATE_NOOP("Labels", "Supplier"),
    },
    "phase": {
        "engagement": QT_TRANSLATE_NOOP("Labels", "Engagement"),
        "acquisition": QT_TRANSLATE_NOOP("Labels", "Acquisition"),
        "retention": QT_TRANSLATE_NOOP("Labels", "Retention and extension"),
        "knowledge": QT_TRANSLATE_NOOP("Labels", "Knowledge"),
    },
    "segment": {
        "micro": QT_TRANSLATE_NOOP("Labels", "Micro"),
        "small": QT_TRANSLATE_NOOP("Labels", "Small"),
        "medium": QT_TRANSLATE_NOOP("Labels", "Medium"),
        "large": QT_TRANSLATE_NOOP("Labels", "Large"),
    },
    "tax_id_kind": {
        "nit": QT_TRANSLATE_NOOP("Labels", "NIT"),
        "cc": QT_TRANSLATE_NOOP("Labels", "Citizen id card (CC)"),
        "ce": QT_TRANSLATE_NOOP("Labels", "Foreigner id card (CE)"),
        "cuit": QT_TRANSLATE_NOOP("Labels", "CUIT"),
        "rut": QT_TRANSLATE_NOOP("Labels", "RUT"),
        "passport": QT_TRANSLATE_NOOP("Labels", "Passport"),
    },
    "user_role": {
        "rep": QT_TRANSLATE_NOOP("Labels", "Sales rep"),
        "manager": QT_TRANSLATE_NOOP("Labels", "Manager"),
        "admin": QT_TRANSLATE_NOOP("Labels", "Administrator"),
    },
    "member_status": {
        "pending": QT_TRANSLATE_NOOP("Labels", "To contact"),
        "reached": QT_TRANSLATE_NOOP("Labels", "Contacted"),
        "responded": QT_TRANSLATE_NOOP("Labels", "Responded"),
        "opted_out": QT_TRANSLATE_NOOP("Labels", "Opted out"),
    },
    "visit_status": {
        "planned": QT_TRANSLATE_NOOP("Labels", "Planned"),
        "in_progress": QT_TRANSLATE_NOOP("Labels", "In progress"),
        "done": QT_TRANSLATE_NOOP("Labels", "Done"),
        "cancelled": QT_TRANSLATE_NOOP("Labels", "Cancelled"),
    },
    "outcome": {
        "interested": QT_TRANSLATE_NOOP("Labels", "Interested"),
        "proposal_requested": QT_TRANSLATE_NOOP("Labels", "Proposal requested"),
        "follow_up": QT_TRANSLATE_NOOP("Labels", "Follow-up"),
        "rejected": QT_TRANSLATE_NOOP("Labels", "Rejected"),
        "no_decision": QT_TRANSLATE_NOOP("Labels", "No decision"),
    },
    "activity": {
        "call": QT_TRANSLATE_NOOP("Labels", "Call"),
        "email": QT_TRANSLATE_NOOP("Labels", "E-mail"),
        "note": QT_TRANSLATE_NOOP("Labels", "Note"),
        "notification": QT_TRANSLATE_NOOP("Labels", "Notification"),
        "rejection": QT_TRANSLATE_NOOP("Labels", "Rejection"),
        "stage_change": QT_TRANSLATE_NOOP("Labels", "Stage change"),
    },
    "call_result": {
        "answered": QT_TRANSLATE_NOOP("Labels", "Answered"),
        "no_answer": QT_TRANSLATE_NOOP("Labels", "No answer"),
        "call_back": QT_TRANSLATE_NOOP("Labels", "Call back"),
        "rejected": QT_TRANSLATE_NOOP("Labels", "Rejected"),
    },
    "stage": {
        "prospecting": QT_TRANSLATE_NOOP("Labels", "Prospecting"),
        "qualification": QT_TRANSLATE_NOOP("Labels", "Qualification"),
        "needs_analysis": QT_TRANSLATE_NOOP("Labels", "Needs analysis"),
        "proposal": QT_TRANSLATE_NOOP("Labels", "Proposal"),
        "negotiation": QT_TRANSLATE_NOOP("Labels", "Negotiation"),
        "closed_won": QT_TRANSLATE_NOOP("Labels", "Closed won"),
        "closed_lost": QT_TRANSLATE_NOOP("Labels", "Closed lost"),
    },
    "quote_status": {
        "draft": QT_TRANSLATE_NOOP("Labels", "Draft"),
        "sent": QT_TRANSLATE_NOOP("Labels", "Sent"),
        "accepted": QT_TRANSLATE_NOOP("Labels", "Accepted"),
        "rejected": QT_TRANSLATE_NOOP("Labels", "Rejected"),
        "expired": QT_TRANSLATE_NOOP("Labels", "Expired"),
    },
    "quote_line_kind": {
        "item": QT_TRANSLATE_NOOP("Labels", "Item"),
        "section": QT_TRANSLATE_NOOP("Labels", "Section"),
        "text": QT_TRANSLATE_NOOP("Labels", "Text"),
    },
    "tax_category": {
        "iva19": QT_TRANSLATE_NOOP("Labels", "IVA 19%"),
        "iva5": QT_TRANSLATE_NOOP("Labels", "IVA 5%"),
        "exempt": QT_TRANSLATE_NOOP("Labels", "Exempt"),
        "excluded": QT_TRANSLATE_NOOP("Labels", "Excluded"),
    },
    "reminder_source": {
        "manual": QT_TRANSLATE_NOOP("Labels", "Manual"),
        "visit": QT_TRANSLATE_NOOP("Labels", "Visit"),
        "call": QT_TRANSLATE_NOOP("Labels", "Call"),
        "rule": QT_TRANSLATE_NOOP("Labels", "Rule"),
    },
}


def label(kind: str, code: str | None) -> str:
    """The translated label of an enum code; "" for None, the code itself if unknown."""
    if not code:
        return ""
    source = LABELS.get(kind, {}).get(code)
    if source is None:
        return code
    return QCoreApplication.translate(CONTEXT, source)


def labels(kind: str, codes: str | None) -> str:
    """A comma-separated set of codes (e.g. account roles) as translated labels."""
    if not codes:
        return ""
    return ", ".join(label(kind, code.strip()) for code in codes.split(",") if code.strip())


def choices(kind: str) -> list[tuple[str, str]]:
    """(code, translated label) pairs in declaration order, for combo boxes and filters."""
    return [(code, label(kind, code)) for code in LABELS[kind]]
