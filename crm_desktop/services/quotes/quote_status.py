"""A quote's life: send (freeze), revise, duplicate, accept, reject, expire."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.clock import clock_of
from crm_desktop.clock import today as local_today
from crm_desktop.i18n import N_, gettext
from crm_desktop.models import AccountProduct, Activity, Opportunity, Product, Quote, QuoteRevision
from crm_desktop.models.enums import ActivityKind, OpportunityStage, QuoteStatus
from crm_desktop.models.ids import quote_revision_id
from crm_desktop.services.core import crud
from crm_desktop.services.core.errors import FieldProblem, NotAllowed, ValidationError
from crm_desktop.services.pipeline import pipeline
from crm_desktop.services.quotes.quote_data import LineData, QuoteData, load_quote, snapshot_json
from crm_desktop.services.quotes.quotes import HEADER_FIELDS, create_quote, list_prices, save_draft
from crm_desktop.services.quotes.sealed import refuse_if_signed

EARLY_STAGES = frozenset(
    {
        OpportunityStage.PROSPECTING.value,
        OpportunityStage.QUALIFICATION.value,
        OpportunityStage.NEEDS_ANALYSIS.value,
    }
)


def _in_status(session: Session, quote_id: str, *allowed: QuoteStatus) -> Quote:
    quote = crud.get_live(session, Quote, quote_id)
    if quote.status not in allowed:
        refuse_if_signed(session, quote)
        raise NotAllowed(
            N_("Quote {number} is {status}: this cannot be done now."),
            number=quote.number,
            status=quote.status,
        )
    return quote


def _log(
    session: Session, quote: Quote, kind: ActivityKind, subject: str, body: str | None
) -> None:
    crud.create(
        session,
        Activity,
        {
            "account_id": quote.account_id,
            "contact_id": quote.contact_id,
            "owner_id": quote.owner_id,
            "opportunity_id": quote.opportunity_id,
            "quote_id": quote.id,
            "kind": kind.value,
            "occurred_at": clock_of(session).now(),
            "subject": subject,
            "body": body,
        },
    )


def send_quote(session: Session, quote_id: str, today: date | None = None) -> Quote:
    """Mark a draft as sent to the client: from now on it is frozen."""
    quote = _in_status(session, quote_id, QuoteStatus.DRAFT)
    data = load_quote(session, quote_id)
    if not any(line.kind == "item" and not line.optional for line in data.lines):
        raise ValidationError(
            [FieldProblem("lines", "required", N_("Add at least one line before sending."))]
        )
    if quote.valid_until < (today or local_today(clock_of(session))):
        raise ValidationError(
            [FieldProblem("valid_until", "expired", N_("The validity date has passed."))]
        )
    quote = crud.update(
        session,
        Quote,
        quote_id,
        {"status": QuoteStatus.SENT.value, "sent_at": clock_of(session).now()},
    )
    if quote.opportunity_id:
        opp = session.get(Opportunity, quote.opportunity_id)
        if opp is not None and opp.deleted_at is None and opp.stage in EARLY_STAGES:
            pipeline.move_stage(session, opp.id, OpportunityStage.PROPOSAL.value)
    return quote


def new_revision(session: Session, quote_id: str, reason: str | None = None) -> Quote:
    """Freeze the current revision whole as a snapshot and reopen the quote as the next one."""
    quote = _in_status(
        session, quote_id, QuoteStatus.SENT, QuoteStatus.REJECTED, QuoteStatus.EXPIRED
    )
    data = load_quote(session, quote_id)
    frozen = {
        "quote_id": quote.id,
        "revision": quote.revision,
        "snapshot": snapshot_json(data),
        "total": data.totals().grand_total,
        "reason": reason,
    }
    # Revision N of a quote has one id on every laptop (UUIDv5 of quote id and N): two laptops
    # revising the same sent quote make the same row, which merges (or conflicts) field by field
    # on the server instead of colliding on UNIQUE(quote_id, revision) in every laptop's pull.
    revision_id = quote_revision_id(quote.id, quote.revision)
    held = session.get(QuoteRevision, revision_id)
    if held is None:
        crud.create(session, QuoteRevision, frozen | {"id": revision_id})
    elif held.deleted_at is None:  # already here (pulled, or made before): refresh it
        crud.update(session, QuoteRevision, revision_id, frozen)
    validity = max(quote.valid_until - quote.issued_on, timedelta(days=1))
    today = local_today(clock_of(session))
    return crud.update(
        session,
        Quote,
        quote_id,
        {
            "revision": quote.revision + 1,
            "status": QuoteStatus.DRAFT.value,
            "sent_at": None,
            "decided_at": None,
            "rejection_reason": None,
            "issued_on": today,
            "valid_until": today + validity,
        },
    )


def revisions(session: Session, quote_id: str) -> list[QuoteRevision]:
    return list(
        session.scalars(
            select(QuoteRevision)
            .where(QuoteRevision.quote_id == quote_id, QuoteRevision.deleted_at.is_(None))
            .order_by(QuoteRevision.revision)
        )
    )


def duplicate_quote(
    session: Session, quote_id: str, account_id: str, owner_id: str | None = None
) -> Quote:
    """A new draft for another account (by any rep), with the lines re-priced for it."""
    source = load_quote(session, quote_id)
    header = {
        name: getattr(source, name)
        for name in HEADER_FIELDS - {"contact_id", "opportunity_id", "issued_on", "valid_until"}
    }
    validity = (source.valid_until - source.issued_on).days or 30
    copy = create_quote(
        session,
        account_id,
        owner_id=owner_id,
        currency=source.currency,
        exchange_rate=source.exchange_rate,
        validity_days=validity,
        **header,
    )
    save_draft(session, copy.id, {}, _repriced_lines(session, source, copy))
    return copy


def _repriced_lines(session: Session, source: QuoteData, copy: Quote) -> list[LineData]:
    product_ids = [line.product_id for line in source.lines if line.product_id]
    prices = list_prices(session, copy, product_ids)
    copied: list[LineData] = []
    for line in source.lines:
        new_list = prices.get(line.product_id) if line.product_id else None
        price = line.unit_price if line.overridden or new_list is None else new_list
        reason = line.price_override_reason
        if new_list is not None and price != new_list and not reason:
            reason = gettext(N_("Price copied from quote {number}"), number=source.number)
        if new_list is None or price == new_list:
            reason = None
        copied.append(
            replace(
                line,
                id="",
                key="",
                list_price=new_list,
                unit_price=price,
                price_override_reason=reason,
            )
        )
    return copied


def accept_quote(session: Session, quote_id: str) -> Quote:
    """The client said yes: its opportunity is won and its products are owned."""
    quote = _in_status(session, quote_id, QuoteStatus.SENT)
    quote = crud.update(
        session,
        Quote,
        quote_id,
        {"status": QuoteStatus.ACCEPTED.value, "decided_at": clock_of(session).now()},
    )
    data = load_quote(session, quote_id)
    totals = data.totals()
    if quote.opportunity_id:
        opp = session.get(Opportunity, quote.opportunity_id)
        if opp is not None and opp.deleted_at is None:
            pipeline.move_stage(session, opp.id, OpportunityStage.CLOSED_WON.value)
            crud.update(
                session,
                Opportunity,
                opp.id,
                {
                    "amount": totals.subtotal - totals.global_discount,
                    "currency": quote.currency,
                },
            )
    _mark_owned(session, data)
    return quote


def _mark_owned(session: Session, data: QuoteData) -> None:
    bought = {line.product_id for line in data.lines if line.product_id and not line.optional}
    owned = set(
        session.scalars(
            select(AccountProduct.product_id).where(
                AccountProduct.account_id == data.account_id, AccountProduct.deleted_at.is_(None)
            )
        )
    )
    today = local_today(clock_of(session))
    for product_id in sorted(p for p in bought - owned if p is not None):
        product = session.get(Product, product_id)
        licence = product is not None and product.is_license
        crud.create(
            session,
            AccountProduct,
            {
                "account_id": data.account_id,
                "product_id": product_id,
                "since": today,
                "renewal_on": today + timedelta(days=365) if licence else None,
                "source_quote_id": data.id,
            },
        )


def reject_quote(session: Session, quote_id: str, reason: str) -> Quote:
    """The client said no, and why: the reason is kept and shown on the timeline."""
    _in_status(session, quote_id, QuoteStatus.SENT)
    quote = crud.update(
        session,
        Quote,
        quote_id,
        {
            "status": QuoteStatus.REJECTED.value,
            "rejection_reason": reason,
            "decided_at": clock_of(session).now(),
        },
    )
    _log(
        session,
        quote,
        ActivityKind.REJECTION,
        gettext(N_("Quote {number} rejected"), number=quote.number),
        quote.rejection_reason,
    )
    return quote


def expire_due_quotes(session: Session, today: date | None = None) -> list[str]:
    """Sent quotes past their validity become expired; returns their numbers."""
    due = list(
        session.scalars(
            select(Quote).where(
                Quote.status == QuoteStatus.SENT.value,
                Quote.valid_until < (today or local_today(clock_of(session))),
                Quote.deleted_at.is_(None),
            )
        )
    )
    for quote in due:
        crud.update(session, Quote, quote.id, {"status": QuoteStatus.EXPIRED.value})
    return [quote.number for quote in due]


def total_of(session: Session, quote_id: str) -> Decimal:
    return load_quote(session, quote_id).totals().grand_total
