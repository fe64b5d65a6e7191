"""A quote accepted with a signature is sealed: the server refuses any later change to it, its
lines or its acceptance record, and checks that a new acceptance names the quote's revision."""

from __future__ import annotations

from crm_desktop.models.ids import quote_acceptance_id
from crm_desktop.sync.protocol import PushOp
from crm_server import rows as R
from crm_server.batch import Batch

SEALED = frozenset({"quotes", "quote_lines"})


def _changes(op: PushOp, row: R.Row | None) -> bool:
    if row is None:
        return True
    if op.op == "delete":
        return not row.deleted
    return any(not R.same(row.data.get(k), v) for k, v in op.fields.items() if k != "id")


def refusal(batch: Batch, op: PushOp, row: R.Row | None) -> str | None:
    """Why the op may not touch a signed quote, or None."""
    if op.table == "quote_acceptances":
        return _acceptance_refusal(batch, op, row)
    if op.table not in SEALED or not _changes(op, row):
        return None
    if op.table == "quotes":
        quote_id: object = op.row_id
    else:
        quote_id = (row.data if row is not None else op.fields).get("quote_id")
    quote = batch.get("quotes", str(quote_id)) if quote_id else None
    if quote is None:
        return None
    signed = batch.get("quote_acceptances", quote_acceptance_id(quote.row_id, _revision(quote)))
    if signed is None or signed.deleted:
        return None
    return (
        f"Quote {quote.data.get('number')} was accepted and signed by "
        f"{signed.data.get('signer_name')}: it cannot change."
    )


def _revision(quote: R.Row) -> int:
    raw = quote.data.get("revision")
    return raw if isinstance(raw, int) and not isinstance(raw, bool) else 0


def _acceptance_refusal(batch: Batch, op: PushOp, row: R.Row | None) -> str | None:
    if row is not None:
        return "A signed acceptance never changes." if _changes(op, row) else None
    if op.op != "insert":
        return None  # the handler says the record is not on the server
    quote_id, revision = op.fields.get("quote_id"), op.fields.get("revision")
    if not isinstance(quote_id, str) or not isinstance(revision, int):
        return None  # the rules name the missing field
    if op.row_id != quote_acceptance_id(quote_id, revision):
        return "An acceptance's id is derived from its quote and revision."
    quote = batch.get("quotes", quote_id)
    if quote is None or quote.deleted:
        return None  # the reference check says the quote is not on the server
    if _revision(quote) != revision:
        return f"The quote is at revision {_revision(quote)}, not {revision}."
    if quote.data.get("status") != "accepted":
        return "Only an accepted quote carries a signed acceptance."
    return None
