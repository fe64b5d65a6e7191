"""Everything held about a person, as a readable PDF (the proposals' look) for the data subject.

The content is services/accounts/privacy.person_data (the JSON export holds the same); labels
in the chosen language (Spanish first), dates and money written the way that language writes
them. The header names the laws the request answers to (Colombia's Ley 1581 de 2012, art. 8;
Argentina's Ley 25.326, art. 14).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Table as PdfTable

from crm_desktop.documents import styles as st
from crm_desktop.i18n import N_, gettext
from crm_desktop.services.core.formats import formats

MARGIN = 16 * mm
PERSON_FIELDS = (
    ("first_name", N_("First name")), ("last_name", N_("Last name")),
    ("legal_name", N_("Name")), ("trade_name", N_("Trade name")),
    ("tax_id", N_("Tax id")), ("job_title", N_("Job title")), ("email", N_("E-mail")),
    ("phone", N_("Phone")), ("mobile", N_("Mobile")), ("address", N_("Address")),
    ("city", N_("City")), ("notes", N_("Notes")), ("created_at", N_("Recorded since")),
)  # fmt: skip
SECTIONS: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    ("consents", N_("Consents and their history"), (
        ("recorded_at", N_("When")), ("purpose", N_("Purpose")), ("granted", N_("Given")),
        ("channel", N_("How")))),
    ("visits", N_("Visits"), (
        ("planned_at", N_("When")), ("status", N_("Status")), ("purpose", N_("Purpose")),
        ("notes", N_("Notes")))),
    ("activities", N_("Calls, e-mails and other activities"), (
        ("occurred_at", N_("When")), ("kind", N_("Kind")), ("subject", N_("Subject")))),
    ("quotes", N_("Quotes"), (
        ("number", N_("Number")), ("issued_on", N_("Issued")), ("status", N_("Status")),
        ("total", N_("Total")))),
    ("requests", N_("Requests about these data"), (
        ("done_at", N_("When")), ("action", N_("Request")), ("requested_by", N_("Asked by")),
        ("reason", N_("Why")))),
)  # fmt: skip
WORDS = {
    "data_processing": N_("Data processing"), "marketing": N_("Marketing"),
    "form": N_("Form"), "in_person": N_("In person"), "phone": N_("Phone"),
    "email": N_("E-mail"), "paper": N_("Signed document"), "web": N_("Web"),
    "import": N_("Import"), "export": N_("Export of the data"),
    "anonymize": N_("Erasure (anonymization)"), "subject": N_("The person"),
    "representative": N_("A representative"), "authority": N_("An authority"),
    "company": N_("The company"),
    "planned": N_("Planned"), "in_progress": N_("In progress"), "done": N_("Done"),
    "cancelled": N_("Cancelled"), "call": N_("Call"), "note": N_("Note"),
    "notification": N_("Notification"), "rejection": N_("Rejection"),
    "stage_change": N_("Stage change"), "draft": N_("Draft"), "sent": N_("Sent to the client"),
    "accepted": N_("Accepted by the client"), "rejected": N_("Rejected by the client"),
    "expired": N_("Expired"),
}  # fmt: skip


def _text(value: Any, key: str, lang: str, currency: str = "COP") -> str:
    f = formats(lang)
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return gettext("Yes", lang) if value else gettext("No", lang)
    if isinstance(value, str) and key.endswith(("_at",)):
        try:
            return f.moment(datetime.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, str) and key in ("issued_on", "valid_until"):
        try:
            return f.day(date.fromisoformat(value))
        except ValueError:
            return value
    if key in ("phone", "mobile") and isinstance(value, str):
        return st.national_phone(value, "CO")
    if key == "total":
        try:
            return f.money(Decimal(str(value)), currency)
        except InvalidOperation:
            return str(value)
    return gettext(WORDS[value], lang) if isinstance(value, str) and value in WORDS else str(value)


def _table(head: Sequence[str], rows: list[list[str]], widths: Sequence[float]) -> PdfTable:
    s = st.styles()
    header = st.style("privacy_head", 7.5, fontName=st.BOLD, textColor=st.BAND)
    data = [[Paragraph(st.esc(h), header) for h in head]]
    data += [[Paragraph(st.esc(c), s["cell"]) for c in row] for row in rows]
    table = PdfTable(data, colWidths=list(widths), repeatRows=1)
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), st.ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, st.RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))  # fmt: skip
    return table


def person_pdf(data: dict[str, Any], company: str, made_on: date, lang: str = "es") -> bytes:
    """The PDF a person receives when they ask what the company holds about them."""
    s = st.styles()
    width = LETTER[0] - 2 * MARGIN
    person = data["person"]
    name = " ".join(str(person.get(k) or "") for k in ("first_name", "last_name")).strip()
    story: list[Any] = [
        Paragraph(st.esc(company), s["company"]),
        Paragraph(st.esc(gettext("Personal data held about {name}", lang, name=name
                                 or person.get("legal_name") or "")), s["title"]),
        Paragraph(st.esc(gettext(
            "Made on {day} at the request of the person (Colombia: Ley 1581 de 2012, art. 8; "
            "Argentina: Ley 25.326, art. 14). Account: {account}", lang,
            day=formats(lang).long_day(made_on), account=data["account"]["legal_name"])),
            s["small"]),
        Spacer(1, 5 * mm),
        Paragraph(st.esc(gettext("The person", lang)), s["heading"]),
    ]  # fmt: skip
    rows = [[gettext(label, lang), _text(person.get(key), key, lang)]
            for key, label in PERSON_FIELDS if person.get(key) not in (None, "")]  # fmt: skip
    story.append(_table([gettext("Data", lang), gettext("Value", lang)], rows,
                        [width * 0.3, width * 0.7]))  # fmt: skip
    for key, title, columns in SECTIONS:
        items = data.get(key) or []
        story.append(Paragraph(st.esc(gettext(title, lang)), s["heading"]))
        if not items:
            story.append(Paragraph(st.esc(gettext("None.", lang)), s["small"]))
            continue
        body = [[_text(item.get(c), c, lang, item.get("currency") or "COP") for c, _ in columns]
                for item in items]  # fmt: skip
        head = [gettext(label, lang) for _, label in columns]
        story.append(_table(head, body, [width / len(columns)] * len(columns)))
    out = io.BytesIO()
    title = gettext("Personal data", lang)
    SimpleDocTemplate(out, pagesize=LETTER, leftMargin=MARGIN, rightMargin=MARGIN,
                      topMargin=MARGIN, bottomMargin=MARGIN, title=title).build(story)  # fmt: skip
    return out.getvalue()
