"""Issue 13, item 5, on the server: a signed acceptance is checked whole, never changes, and
seals its quote and the quote's lines (raw HTTP, SQLite and PostgreSQL)."""

from __future__ import annotations

import base64
import hashlib
import uuid
from typing import Any

from crm_desktop.models.ids import quote_acceptance_id
from tests.services.test_acceptance import tiny_png
from tests.sync.harness import ServerDb, ServerProcess, add_user
from tests.sync.raw import RawRep
from tests.sync.serverdb import server_row

CONTENT = '{"format":"crm-quote/1"}'


def _quote(rep: RawRep, account: str, status: str) -> str:
    quote = str(uuid.uuid4())
    fields = {"id": quote, "number": f"AN-{quote[:6]}", "account_id": account, "status": status,
              "revision": 1, "currency": "COP", "exchange_rate": "1", "language": "es",
              "issued_on": "2026-11-30", "valid_until": "2026-12-30"}  # fmt: skip
    [made] = rep.push(rep.op("quotes", quote, "insert", fields))
    assert made["status"] == "applied", made
    return quote


def _acceptance(quote: str, revision: int = 1, **extra: Any) -> dict[str, Any]:
    return {"quote_id": quote, "revision": revision, "signer_name": "Laura Restrepo",
            "signer_id_kind": "cc", "signer_id": "1020304050",
            "signed_at": "2026-11-30T19:05:00+00:00", "content": CONTENT,
            "sha256": hashlib.sha256(CONTENT.encode()).hexdigest(),
            "signature_png": base64.b64encode(tiny_png()).decode()} | extra  # fmt: skip


def test_a_signed_acceptance_is_checked_then_seals_its_quote(
    server: ServerProcess, server_db: ServerDb
) -> None:
    add_user(server_db, "ana")
    rep = RawRep.sign_in(server, "ana")
    account = rep.new_account()
    sent, accepted = _quote(rep, account, "sent"), _quote(rep, account, "accepted")
    line = str(uuid.uuid4())
    line_fields = {"quote_id": accepted, "position": 1024, "description": "Licencia",
                   "quantity": "1", "unit_price": "1000", "tax_category": "iva19",
                   "kind": "item"}  # fmt: skip
    [first_line] = rep.push(rep.op("quote_lines", line, "insert", line_fields))
    assert first_line["status"] == "applied", first_line
    good = quote_acceptance_id(accepted, 1)
    wrong_id, not_accepted, wrong_rev, forged, applied = rep.push(
        rep.op("quote_acceptances", str(uuid.uuid4()), "insert", _acceptance(accepted)),
        rep.op("quote_acceptances", quote_acceptance_id(sent, 1), "insert", _acceptance(sent)),
        rep.op(
            "quote_acceptances",
            quote_acceptance_id(accepted, 2),
            "insert",
            _acceptance(accepted, 2),
        ),
        rep.op("quote_acceptances", good, "insert", _acceptance(accepted, sha256="0" * 64)),
        rep.op("quote_acceptances", good, "insert", _acceptance(accepted)),
    )
    assert "derived from its quote" in wrong_id["reason"]
    assert "Only an accepted quote" in not_accepted["reason"]
    assert "revision 1, not 2" in wrong_rev["reason"]
    assert forged["status"] == "refused" and "sha256" in forged["problems"]
    assert applied["status"] == "applied", applied
    again, changed, deleted, edit_quote, edit_line, new_line = rep.push(
        rep.op("quote_acceptances", good, "insert", _acceptance(accepted)),
        rep.op("quote_acceptances", good, "update", {"signer_name": "Otra"}, 1),
        rep.op("quote_acceptances", good, "delete", {}, 1),
        rep.op("quotes", accepted, "update", {"notes": "otra cosa"}, 1),
        rep.op("quote_lines", line, "update", {"quantity": "2"}, 1),
        rep.op("quote_lines", str(uuid.uuid4()), "insert", line_fields | {"position": 2048}),
    )
    assert again["status"] == "duplicate"  # a retried push is no change
    assert changed["reason"] == deleted["reason"] == "A signed acceptance never changes."
    for refused in (edit_quote, edit_line, new_line):
        assert refused["status"] == "refused"
        assert "was accepted and signed by Laura Restrepo: it cannot change." in refused["reason"]
    stored = server_row(server_db, "quote_acceptances", good)
    assert stored is not None and stored["signer_name"] == "Laura Restrepo"
    assert server_row(server_db, "quote_lines", line)["quantity"] in ("1", "1.0000")  # type: ignore[index]
    # The signature's size is bounded before anything is decoded.
    huge = base64.b64encode(b"\x89PNG" + b"\x00" * 70_000).decode()
    other = _quote(rep, account, "accepted")
    [too_big] = rep.push(rep.op("quote_acceptances", quote_acceptance_id(other, 1), "insert",
                                _acceptance(other, signature_png=huge)))  # fmt: skip
    assert too_big["status"] == "refused" and "signature_png" in too_big["problems"]
