"""Attachments on one laptop: metadata rows that sync, content kept encrypted by hash."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

import crm_desktop.services.attachments as laptop
from crm_desktop.models import Attachment, OutboxOp
from crm_desktop.secure.wipe import files_to_erase
from crm_desktop.services.accounts.accounts import add_contact
from crm_desktop.services.accounts.privacy import anonymize_person, erase_leftovers
from crm_desktop.services.attachments import attachments as A
from crm_desktop.services.attachments import store
from crm_desktop.services.core.errors import ValidationError
from crm_desktop.services.core.rules import validate_row
from tests.factories import make_account, make_user
from tests.secure.pages import plain_pages

SECRET = b"CONTRATO-CONFIDENCIAL-7f3a9c " * 40


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def test_metadata_is_checked_like_every_synced_row() -> None:
    good = {"account_id": "a", "parent_table": "visits", "parent_id": "v", "name": " x.pdf ",
            "mime": "application/pdf", "size": 10, "sha256": "ab" * 32}  # fmt: skip
    assert validate_row("attachments", good)["name"] == "x.pdf"
    bad = good | {"parent_table": "users", "name": "../x", "mime": "pdf", "sha256": "AB" * 32,
                  "size": A.MAX_ATTACHMENT_BYTES + 1}  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        validate_row("attachments", bad)
    assert set(caught.value.codes()) == {"parent_table", "name", "mime", "sha256", "size"}


def test_a_file_is_stored_encrypted_and_its_row_goes_to_the_outbox(
    database: object, db_path: Path, tmp_path: Path
) -> None:
    sessions: sessionmaker[Session] = database.sessions  # type: ignore[attr-defined]
    source = tmp_path / "contrato.txt"
    source.write_bytes(SECRET)
    with sessions() as s, s.begin():
        rep, account = make_user(s), make_account(s)
        row = A.add_file(s, db_path, ("accounts", account.id), source, rep.id)
        again = A.add_bytes(s, db_path, ("accounts", account.id), SECRET, "copia.txt", rep.id)
    assert row.sha256 == again.sha256 == store.sha256_of(SECRET)
    assert store.pending_uploads(db_path) == [(row.sha256, len(SECRET))]  # stored once
    # sync/content.py calls the package's functions with the opened Database
    assert laptop.pending_uploads(database) == [(row.sha256, len(SECRET))]
    assert laptop.open_content(database, row.sha256) == SECRET
    assert store.open_content(db_path, row.sha256) == SECRET
    with sessions() as s:
        ops = s.scalars(select(OutboxOp).where(OutboxOp.table_name == "attachments")).all()
        listed = A.list_for(s, "accounts", account.id)
    assert {json.loads(op.fields)["name"] for op in ops} == {"contrato.txt", "copia.txt"}
    assert [i.created_by for i in listed] == ["Juana Pérez", "Juana Pérez"]
    for part in store.store_path(db_path).parent.glob("crm.db.files*"):
        assert b"CONTRATO-CONFIDENCIAL" not in part.read_bytes()  # strings finds nothing
    assert store.store_path(db_path) in files_to_erase(db_path)  # a remote wipe erases it
    store.mark_uploaded(db_path, row.sha256)
    assert store.pending_uploads(db_path) == []


def test_big_images_are_downscaled_unless_originals_are_kept(
    session: Session, db_path: Path
) -> None:
    account = make_account(session)
    big = _png(3000, 2000)
    small = A.add_bytes(session, db_path, ("accounts", account.id), big, "foto.png", None,
                        A.Policy(max_pixels=600_000))  # fmt: skip
    assert (small.mime, small.width * small.height <= 600_000) == ("image/png", True)
    kept = A.add_bytes(session, db_path, ("accounts", account.id), big, "foto.png", None,
                       A.Policy(max_pixels=600_000, keep_originals=True))  # fmt: skip
    assert (kept.width, kept.height, kept.size) == (3000, 2000, len(big))


def test_quota_and_size_are_refused_in_words_with_nothing_saved(
    session: Session, db_path: Path
) -> None:
    account = make_account(session)
    with pytest.raises(A.AttachmentRefused, match="MB"):
        A.add_bytes(session, db_path, ("accounts", account.id), SECRET, "a.txt", None,
                    A.Policy(quota_bytes=100))  # fmt: skip
    with pytest.raises(A.AttachmentRefused):
        A.add_bytes(session, db_path, ("visits", "no-such-visit"), b"x", "a.txt", None)
    assert session.scalars(select(Attachment)).all() == []
    assert store.used_bytes(db_path) == 0


def test_rename_delete_and_missing_content(database: object, db_path: Path) -> None:
    sessions: sessionmaker[Session] = database.sessions  # type: ignore[attr-defined]
    with sessions() as s, s.begin():
        account = make_account(s)
        row = A.add_bytes(s, db_path, ("accounts", account.id), b"%PDF-1.4 x", "a.pdf", None)
        assert row.mime == "application/pdf"
        assert A.rename(s, row.id, "RUT 2026.pdf").name == "RUT 2026.pdf"
        with pytest.raises(ValidationError):
            A.rename(s, row.id, "a/b.pdf")
        other = Attachment(account_id=account.id, parent_table="accounts", parent_id=account.id,
                           name="x.jpg", mime="image/jpeg", size=3, sha256="cd" * 32)  # fmt: skip
        s.add(other)
    assert store.missing_content(db_path) == ["cd" * 32]  # to_download
    with pytest.raises(store.ContentMismatch):
        store.store_downloaded(db_path, "cd" * 32, b"not it")
    with sessions() as s, s.begin():
        A.delete(s, other.id)
        A.delete(s, row.id)
    assert store.missing_content(db_path) == []
    with sessions() as s:
        assert A.list_for(s, None, "", account_id=account.id) == []
    assert store.purge_unreferenced(db_path) == 1


def test_the_erase_of_a_person_removes_their_files(database: object, db_path: Path) -> None:
    db = database
    with db.sessions() as s, s.begin():  # type: ignore[attr-defined]
        account = make_account(s)
        person = add_contact(
            s, account.id, {"first_name": "Marta", "last_name": "Ruiz", "email": "m@x.co"}
        )
        A.add_bytes(s, db_path, ("contacts", person.id), SECRET, "cedula.txt", None)
        kept = A.add_bytes(s, db_path, ("accounts", account.id), b"company", "rut.txt", None)
        ids = (account.id, person.id)
    files = store.store_path(db_path)
    assert b"CONTRATO-CONFIDENCIAL" in plain_pages(db_path, files)  # what the scan would find
    with db.sessions() as s, s.begin():  # type: ignore[attr-defined]
        anonymize_person(s, ids[0], ids[1], "subject", "email", "Lo pidió por correo", None)
    erase_leftovers(db.engine, db_path)  # type: ignore[attr-defined]
    with db.sessions() as s:  # type: ignore[attr-defined]
        assert [i.id for i in A.list_for(s, None, "", account_id=ids[0])] == [kept.id]
    assert b"CONTRATO-CONFIDENCIAL" not in plain_pages(db_path, files)


def test_an_accounts_files_leave_with_it(database: object, db_path: Path) -> None:
    """A reassignment evicts the account's rows (a pull removes them, making no outbox op);
    the purge after that sync takes their content out of the store."""
    from sqlalchemy import delete

    from crm_desktop.models.outbox import remote_changes

    sessions: sessionmaker[Session] = database.sessions  # type: ignore[attr-defined]
    with sessions() as s, s.begin():
        account = make_account(s)
        A.add_bytes(s, db_path, ("accounts", account.id), SECRET, "plano.txt", None)
    assert store.purge_unreferenced(db_path) == 0
    with sessions() as s, s.begin(), remote_changes(s):
        s.execute(delete(Attachment).where(Attachment.account_id == account.id))
    assert store.purge_unreferenced(db_path) == 1
    assert store.used_bytes(db_path) == 0
