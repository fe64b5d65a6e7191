"""Issue 13, item 5: a quote accepted on the spot with a signature, and re-verified later."""

from __future__ import annotations

import base64
import hashlib
import json
import struct
import zlib
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.clock import FixedClock
from crm_desktop.models import OutboxOp, Quote, QuoteAcceptance
from crm_desktop.models.ids import quote_acceptance_id
from crm_desktop.services.core import crud
from crm_desktop.services.core.errors import NotAllowed, ValidationError
from crm_desktop.services.core.rules import validate_row
from crm_desktop.services.core.signed import MAX_SIGNATURE_PNG, png_size
from crm_desktop.services.quotes.acceptance import (
    accept_with_signature,
    acceptance_of,
    canonical_content,
    verify,
)
from crm_desktop.services.quotes.quote_data import load_quote
from crm_desktop.services.quotes.quote_status import new_revision
from crm_desktop.services.quotes.quotes import save_draft
from tests.services.quote_fixtures import make_catalog, make_quote


def tiny_png(width: int = 4, height: int = 2) -> bytes:
    """A valid grey PNG made with zlib alone (the services have no image library)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(pixels))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def quote_id(session: Session) -> str:
    return make_quote(session, make_catalog(session), lines=2)


def _accept(session: Session, quote_id: str, **kw: object) -> object:
    args: dict[str, object] = {
        "signer_name": "Laura Restrepo",
        "signer_id_kind": "cc",
        "signer_id": "1.020.304.050",
        "signature_png": tiny_png(),
    }
    return accept_with_signature(session, quote_id, **(args | kw))  # type: ignore[arg-type]


def test_a_draft_signed_on_the_spot_is_sent_accepted_and_recorded(
    session: Session, quote_id: str, clock: FixedClock
) -> None:
    done = _accept(session, quote_id)
    quote = session.get(Quote, quote_id)
    assert quote is not None and quote.status == "accepted"
    found = acceptance_of(session, quote_id)
    assert found == done and found is not None
    assert found.signer_id == "1020304050"  # cleaned like the account's id card fields
    assert found.signed_at == clock.now()
    assert found.sha256 == hashlib.sha256(found.content.encode()).hexdigest()
    assert found.content == canonical_content(load_quote(session, quote_id))
    assert found.signature_png == tiny_png()
    whole = json.loads(found.content)
    assert whole["format"] == "crm-quote/1"
    assert whole["totals"]["grand_total"] == f"{load_quote(session, quote_id).total:.0f}"
    assert verify(session, quote_id) is not None
    assert verify(session, quote_id).record_intact and verify(session, quote_id).quote_unchanged  # type: ignore[union-attr]
    ops = session.scalars(
        select(OutboxOp.table_name).where(OutboxOp.row_id == quote_acceptance_id(quote_id, 1))
    )
    assert list(ops) == ["quote_acceptances"]  # it travels to the server


def test_the_canonical_content_changes_with_any_figure_and_not_with_the_status(
    session: Session, quote_id: str
) -> None:
    before = load_quote(session, quote_id)
    one = canonical_content(before)
    assert canonical_content(before) == one  # deterministic
    from dataclasses import replace

    assert canonical_content(replace(before, status="accepted")) == one
    changed = before.with_lines(
        (replace(before.lines[-1], quantity=before.lines[-1].quantity + 1),)
    )
    assert canonical_content(changed) != one


@pytest.mark.parametrize(
    ("kind", "number", "code"),
    [
        ("cc", "12a", "invalid_tax_id"),
        ("nit", "900.123.456-0", "invalid_check_digit"),
        ("dni", "12", "invalid_tax_id"),
        ("cuit", "20-12345678-0", "invalid_check_digit"),
        ("license", "123", "invalid_choice"),
    ],
)
def test_a_bad_signer_id_is_refused_in_words_and_nothing_changes(
    session: Session, quote_id: str, kind: str, number: str, code: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        _accept(session, quote_id, signer_id_kind=kind, signer_id=number)
    field = "signer_id_kind" if code == "invalid_choice" else "signer_id"
    assert caught.value.codes()[field] == code
    assert session.get(Quote, quote_id).status == "draft"  # type: ignore[union-attr]


def test_argentine_ids_are_accepted(session: Session, quote_id: str) -> None:
    done = _accept(session, quote_id, signer_id_kind="cuit", signer_id="20-26756539-3")
    assert done.signer_id == "20267565393"  # type: ignore[attr-defined]


def test_no_signature_or_a_huge_one_is_refused(session: Session, quote_id: str) -> None:
    with pytest.raises(ValidationError) as empty:
        _accept(session, quote_id, signature_png=b"")
    assert empty.value.codes() == {"signature_png": "required"}
    with pytest.raises(ValidationError) as huge:
        _accept(session, quote_id, signature_png=b"x" * (MAX_SIGNATURE_PNG + 1))
    assert huge.value.codes() == {"signature_png": "too_large"}
    with pytest.raises(ValidationError) as not_png:
        _accept(session, quote_id, signature_png=b"GIF89a" + b"\x00" * 40)
    assert not_png.value.codes() == {"signature_png": "invalid_signature"}


def test_a_signed_quote_cannot_change_or_be_revised(session: Session, quote_id: str) -> None:
    _accept(session, quote_id)
    with pytest.raises(NotAllowed) as edit:
        save_draft(session, quote_id, {"notes": "otro"}, list(load_quote(session, quote_id).lines))
    assert "signed by Laura Restrepo" in edit.value.text("en")
    assert "firmada por Laura Restrepo" in edit.value.text("es")
    with pytest.raises(NotAllowed):
        new_revision(session, quote_id, "cambio")
    with pytest.raises(NotAllowed):
        _accept(session, quote_id)


def test_verification_sees_a_quote_changed_behind_the_services(
    session: Session, quote_id: str
) -> None:
    _accept(session, quote_id)
    session.execute(  # a raw write: what the services refuse, done anyway
        Quote.__table__.update().where(Quote.id == quote_id).values(notes="cambiado")  # type: ignore[attr-defined]
    )
    session.expire_all()
    checked = verify(session, quote_id)
    assert checked is not None and checked.record_intact and not checked.quote_unchanged


def test_the_shared_rules_check_the_hash_and_the_image_bounds(
    session: Session, quote_id: str, clock: FixedClock
) -> None:
    row = _accept(session, quote_id)
    stored = session.get(QuoteAcceptance, quote_acceptance_id(quote_id, 1))
    assert stored is not None
    values = crud.current_values(stored)
    validate_row("quote_acceptances", values)
    with pytest.raises(ValidationError) as forged:
        validate_row(
            "quote_acceptances", values | {"content": values["content"].replace("1", "2", 1)}
        )
    assert forged.value.codes() == {"sha256": "hash_mismatch"}
    big = base64.b64encode(b"\x89PNG" + b"\x00" * MAX_SIGNATURE_PNG).decode()
    with pytest.raises(ValidationError) as too_big:
        validate_row("quote_acceptances", values | {"signature_png": big})
    assert too_big.value.codes() == {"signature_png": "too_long"}
    assert png_size(base64.b64encode(tiny_png(3000, 1)).decode()) is None  # side bounded
    assert row is not None and clock.now() - timedelta(0) == stored.signed_at


def test_the_acceptance_is_on_the_accounts_timeline(session: Session, quote_id: str) -> None:
    from crm_desktop.services.accounts.timeline import account_timeline

    done = _accept(session, quote_id)
    account_id = load_quote(session, quote_id).account_id
    entries = [e for e in account_timeline(session, account_id) if e.kind == "quote_acceptance"]
    assert len(entries) == 1
    entry = entries[0]
    assert entry.when == done.signed_at  # type: ignore[attr-defined]
    assert entry.title == load_quote(session, quote_id).number and entry.code == "1"
    assert "Laura Restrepo · CC 1020304050" in entry.detail
    assert done.sha256 in entry.detail  # type: ignore[attr-defined]
