"""The signed part of an accepted proposal: the client's signature, name, id, the date and time
they signed (in the client's language, format and time zone) and the SHA-256 of the quote."""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Image, Paragraph, Table, TableStyle

from crm_desktop.documents import styles as st
from crm_desktop.i18n import N_
from crm_desktop.services.core.signed import client_zone, utc_offset
from crm_desktop.services.quotes.quote_types import AcceptanceData

# The proposal's writer (documents.proposal._Writer) is passed in: typed loosely here, as
# importing it would make the two modules import each other.
_Writer = Any
SIGNATURE_BOX = (70 * mm, 22 * mm)  # the most room the signature image takes


def signed_moment(w: _Writer, accepted: AcceptanceData) -> str:
    """ "30 de noviembre de 2026, 9:16 a. m. (UTC−05:00)" in the client's zone and formats."""
    zone = client_zone(w.data.client.country)
    local = accepted.signed_at.astimezone(zone)
    return f"{w.fmt.long_day(local.date())}, {w.fmt.time(local, zone)} ({utc_offset(local)})"


def signature_image(png: bytes) -> Image:
    """The signature scaled into SIGNATURE_BOX, keeping its proportions."""
    width, height = ImageReader(io.BytesIO(png)).getSize()
    scale = min(SIGNATURE_BOX[0] / width, SIGNATURE_BOX[1] / height)
    image = Image(io.BytesIO(png), width=width * scale, height=height * scale)
    image.hAlign = "LEFT"
    return image


def signed_rows(w: _Writer, accepted: AcceptanceData) -> list[list[Any]]:
    """The signatures as four rows (label, signature, name, id and moment): the rep's side as
    on any proposal, the client's with the signature they drew on the screen."""
    s = w.s
    signer_id = st.tax_id(accepted.signer_id_kind, accepted.signer_id)
    when = w.t(N_("Signed on {moment}"), moment=signed_moment(w, accepted))
    company = w.t(N_("For {company}"), company=st.esc(w.company.name))
    return [
        [Paragraph(company, s["body"]), "",
         Paragraph(w.t(N_("Accepted by the client")), s["body"])],
        ["", "", signature_image(accepted.signature_png)],
        [Paragraph(st.esc(w.data.owner_name or ""), s["body"]), "",
         Paragraph(st.esc(accepted.signer_name), s["signer"])],
        [Paragraph(w.t(N_("Sales rep")), s["small"]), "",
         [Paragraph(st.esc(signer_id), s["body"]), Paragraph(st.esc(when), s["small"])]],
    ]  # fmt: skip


def seal(w: _Writer, accepted: AcceptanceData) -> Flowable:
    """The box under the signatures saying what was signed, and how to check it."""
    s = w.s
    words = w.t(
        N_("Accepted with a signature on screen. SHA-256 of the quote's content "
           "(revision {revision}, format crm-quote/1):"),
        revision=accepted.revision,
    )  # fmt: skip
    rows: list[list[Any]] = [
        [Paragraph(st.esc(words), s["small"])],
        [Paragraph(accepted.sha256, s["hash"])],
    ]
    table = Table(rows, colWidths=[None])
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, st.ACCENT),
                ("BACKGROUND", (0, 0), (-1, -1), st.BAND),
                ("FONT", (0, 0), (-1, -1), st.FONT, 8.5),
                ("LEFTPADDING", (0, 0), (-1, -1), 5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 5),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table
