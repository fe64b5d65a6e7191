"""A quote signed on the spot is filed with the quote's attachments, like any file the rep keeps:
the accepted and signed proposal (PDF) and the client's signature (PNG). They sync as content,
so a manager's laptop has the signed document itself, not only the record it can be drawn from.

The acceptance record (services.quotes.acceptance) stays what the server checks whole at push
and what anyone re-verifies; these files are copies of it, made in the same transaction, so an
accepted quote never lacks them and a refused acceptance leaves none behind (content a failed
transaction stored is removed by `store.purge_unreferenced`).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sqlalchemy.orm import Session

from crm_desktop.documents.proposal import Company, render_proposal
from crm_desktop.i18n import N_, gettext
from crm_desktop.services.attachments import attachments as A
from crm_desktop.services.quotes.acceptance import AcceptanceData, accept_with_signature
from crm_desktop.services.quotes.quote_data import QuoteData, load_quote

SIGNED_PDF = N_("{quote}-{number}-r{revision}-signed.pdf")
SIGNATURE_PNG = N_("Signature-{number}-r{revision}.png")


def signed_names(data: QuoteData) -> tuple[str, str]:
    """The two files' names in the quote's language: "Cotización-Q-0012-r1-firmada.pdf"."""
    lang, number, revision = data.language, data.number, data.revision
    quote = gettext(N_("Quote"), lang)
    return (gettext(SIGNED_PDF, lang, quote=quote, number=number, revision=revision),
            gettext(SIGNATURE_PNG, lang, number=number, revision=revision))  # fmt: skip


def accept_and_file(
    session: Session, db: Path, quote_id: str, signer: tuple[str, str, str], signature_png: bytes,
    company: Company, user_id: str | None, policy: A.Policy,
) -> AcceptanceData:  # fmt: skip
    """Accept the quote with the client's signature (signer: name, id kind, id number) and file
    the signed proposal and the signature as the quote's attachments, all in the caller's
    transaction. The laptop's attachment quota does not apply: a client's signature is never
    refused for want of room (the files are small, and the rep sees them in the quota after)."""
    name, kind, number = signer
    accepted = accept_with_signature(session, quote_id, name, kind, number, signature_png)
    data = load_quote(session, quote_id)
    pdf = render_proposal(data, company, accepted)
    pdf_name, png_name = signed_names(data)
    unbounded = replace(policy, quota_bytes=2**62)
    parent = ("quotes", quote_id)
    A.add_bytes(session, db, parent, pdf, pdf_name, user_id, unbounded)
    A.add_bytes(session, db, parent, signature_png, png_name, user_id, unbounded)
    return accepted
