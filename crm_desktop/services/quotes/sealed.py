"""A quote accepted with a signature is sealed: its acceptance record, and the refusal in words
of any change to it (the server's counterpart is crm_server.signed)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.i18n import N_
from crm_desktop.models import Quote, QuoteAcceptance
from crm_desktop.models.ids import quote_acceptance_id
from crm_desktop.services.core.errors import NotAllowed


def acceptance_row(session: Session, quote_id: str, revision: int) -> QuoteAcceptance | None:
    row = session.get(QuoteAcceptance, quote_acceptance_id(quote_id, revision))
    if row is None:  # made under another id (never by this program): look by its key
        row = session.scalar(
            select(QuoteAcceptance).where(
                QuoteAcceptance.quote_id == quote_id, QuoteAcceptance.revision == revision
            )
        )
    return row if row is not None and row.deleted_at is None else None


def refuse_if_signed(session: Session, quote: Quote) -> None:
    """A quote accepted with a signature never changes: say so, in words."""
    row = acceptance_row(session, quote.id, quote.revision)
    if row is not None:
        raise NotAllowed(
            N_("Quote {number} was accepted and signed by {name}: it cannot change."),
            number=quote.number,
            name=row.signer_name,
        )
