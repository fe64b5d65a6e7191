"""A quote accepted on the spot with the client's signature, and how anyone re-verifies it
(what is hashed: services.quotes.canonical; README "Accepted on the spot, signed")."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from crm_desktop.clock import clock_of
from crm_desktop.i18n import N_
from crm_desktop.models import Quote, QuoteAcceptance
from crm_desktop.models.enums import QuoteStatus
from crm_desktop.models.ids import quote_acceptance_id
from crm_desktop.services.core import crud
from crm_desktop.services.core.errors import FieldProblem, NotAllowed, ValidationError
from crm_desktop.services.core.rules import validate_row
from crm_desktop.services.core.signed import MAX_SIGNATURE_PNG, sha256_hex
from crm_desktop.services.quotes.canonical import canonical_content as canonical_content
from crm_desktop.services.quotes.quote_data import load_quote
from crm_desktop.services.quotes.quote_status import accept_quote, send_quote
from crm_desktop.services.quotes.quote_types import AcceptanceData as AcceptanceData
from crm_desktop.services.quotes.sealed import acceptance_row


@dataclass(frozen=True)
class Verification:
    record_intact: bool  # the stored hash is the SHA-256 of the stored content
    quote_unchanged: bool  # the live quote's canonical content is the stored content


def _problem(name: str, code: str, message: str, **params: Any) -> ValidationError:
    return ValidationError([FieldProblem(name, code, message, params)])


def accept_with_signature(
    session: Session, quote_id: str, signer_name: str, signer_id_kind: str, signer_id: str,
    signature_png: bytes,
) -> AcceptanceData:  # fmt: skip
    """The client signed on the screen: a draft is sent first, then the quote is accepted, and
    the acceptance (who, which id, when, the SHA-256 of what they signed, the signature) is
    recorded. All or nothing: any refusal leaves the quote as it was."""
    if not signature_png:
        raise _problem("signature_png", "required", N_("The client has not signed yet."))
    if len(signature_png) > MAX_SIGNATURE_PNG:
        raise _problem("signature_png", "too_large",
                       N_("The signature image is too large (at most {max} KiB)."),
                       max=MAX_SIGNATURE_PNG // 1024)  # fmt: skip
    quote = crud.get_live(session, Quote, quote_id)
    data = load_quote(session, quote_id)  # sending changes no part of the canonical content
    content = canonical_content(data)
    values = {
        "id": quote_acceptance_id(quote_id, data.revision),
        "quote_id": quote_id,
        "revision": data.revision,
        "signer_name": signer_name,
        "signer_id_kind": signer_id_kind,
        "signer_id": signer_id,
        "signed_at": clock_of(session).now(),
        "sha256": sha256_hex(content),
        "content": content,
        "signature_png": base64.b64encode(signature_png).decode("ascii"),
    }
    if session.get(QuoteAcceptance, values["id"]) is not None:
        raise NotAllowed(N_("Quote {number} was already accepted."), number=data.number)
    validate_row("quote_acceptances", values)  # the signer's fields are refused first
    if quote.status == QuoteStatus.DRAFT:
        send_quote(session, quote_id)
    accept_quote(session, quote_id)
    return _as_data(crud.create(session, QuoteAcceptance, values))


def _as_data(row: QuoteAcceptance) -> AcceptanceData:
    return AcceptanceData(
        quote_id=row.quote_id,
        revision=row.revision,
        signer_name=row.signer_name,
        signer_id_kind=row.signer_id_kind,
        signer_id=row.signer_id,
        signed_at=row.signed_at,
        sha256=row.sha256,
        content=row.content,
        signature_png=base64.b64decode(row.signature_png),
    )


def acceptance_of(session: Session, quote_id: str) -> AcceptanceData | None:
    """The signed acceptance of the quote's current revision, if it has one."""
    quote = crud.get_live(session, Quote, quote_id)
    row = acceptance_row(session, quote_id, quote.revision)
    return _as_data(row) if row is not None else None


def verify(session: Session, quote_id: str) -> Verification | None:
    """Re-check a signed quote: the record against its hash, the live quote against the record."""
    found = acceptance_of(session, quote_id)
    if found is None:
        return None
    live = canonical_content(load_quote(session, quote_id))
    return Verification(
        record_intact=sha256_hex(found.content) == found.sha256,
        quote_unchanged=live == found.content,
    )
