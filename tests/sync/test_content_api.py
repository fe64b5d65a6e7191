"""The content API on a real server (SQLite and PostgreSQL): scope by hash, chunked resumable
upload, SHA-256 verification, dedup, ranged download, bounded sizes."""

from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path

from crm_server import admin
from crm_server import limits as L
from tests.sync.content_helpers import attach, get, put, status, upload
from tests.sync.harness import ServerDb, ServerProcess, add_user
from tests.sync.raw import RawRep


def _reps(server: ServerProcess, server_db: ServerDb) -> tuple[RawRep, RawRep]:
    add_user(server_db, "ana")
    add_user(server_db, "beto")
    return RawRep.sign_in(server, "ana"), RawRep.sign_in(server, "beto")


def test_a_rep_outside_the_scope_gets_403_by_hash_even_for_unknown_hashes(
    server: ServerProcess, server_db: ServerDb
) -> None:
    ana, beto = _reps(server, server_db)
    data = os.urandom(1000)
    account = ana.new_account()
    sha = attach(ana, account, data)
    upload(ana, sha, data, 400)
    unknown = hashlib.sha256(b"never attached").hexdigest()
    for rep, digest in ((beto, sha), (beto, unknown), (ana, unknown)):
        assert status(rep, digest).status_code == 403
        assert get(rep, digest).status_code == 403
        answer = put(rep, digest, 0, 3, b"abc")
        assert answer.status_code == 403 and answer.json()["code"] == "not_in_scope"
    assert status(beto, sha).json() == status(beto, unknown).json()  # reveals nothing
    assert get(ana, sha).content == data
    with server_db.engine.begin() as conn:
        admin.assign_account(conn, account, "beto")  # the content follows its account
    assert get(beto, sha).content == data
    assert get(ana, sha).status_code == 403


def test_an_erase_removes_the_persons_files_everywhere(
    server: ServerProcess, server_db: ServerDb, tmp_path: Path
) -> None:
    ana, _ = _reps(server, server_db)
    account = ana.new_account()
    contact = str(uuid.uuid4())
    [made] = ana.push(ana.op("contacts", contact, "insert",
                             {"id": contact, "account_id": account, "first_name": "Marta",
                              "last_name": "Rojas"}))  # fmt: skip
    assert made["status"] == "applied", made
    hers, other = os.urandom(500), os.urandom(400)
    sha = attach(ana, account, hers, "cedula-marta.jpg", parent=("contacts", contact))
    kept = attach(ana, account, other, "local.jpg")
    upload(ana, sha, hers, 500)
    upload(ana, kept, other, 500)
    request = str(uuid.uuid4())
    [erase] = ana.push(ana.op("privacy_requests", request, "insert",
                              {"id": request, "account_id": account, "contact_id": contact,
                               "action": "anonymize", "requested_by": "subject",
                               "request_channel": "email", "done_by": ana.user_id,
                               "done_at": "2026-11-30T12:00:00+00:00",
                               "reason": "La titular pidió supresión"}))  # fmt: skip
    assert erase["status"] == "applied", erase
    assert get(ana, sha).status_code == 403 and get(ana, kept).content == other
    stored = {p.name for p in (tmp_path / "content").rglob("*") if p.is_file()}
    assert stored == {kept}


def test_chunks_resume_from_received_a_wrong_offset_gets_409_and_sizes_are_bounded(
    server: ServerProcess, server_db: ServerDb
) -> None:
    ana, _ = _reps(server, server_db)
    data = os.urandom(2500)
    sha = attach(ana, ana.new_account(), data)
    assert status(ana, sha).json() == {"size": None, "received": 0, "complete": False}
    assert put(ana, sha, 0, len(data), data[:1000]).json() == {"received": 1000, "complete": False}
    again = put(ana, sha, 0, len(data), data[:1000])  # a chunk re-sent after a lost answer
    assert again.status_code == 409 and again.json()["received"] == 1000
    assert status(ana, sha).json() == {"size": 2500, "received": 1000, "complete": False}
    assert put(ana, sha, 1000, len(data), data[1000:]).json() == {
        "received": 2500,
        "complete": True,
    }
    part = get(ana, sha, Range="bytes=2000-")
    assert part.status_code == 206 and part.content == data[2000:]
    assert part.headers["content-range"] == "bytes 2000-2499/2500"
    assert get(ana, sha, Range="bytes=9999-").status_code == 416
    # Sizes are bounded before any work: a total above the limit, unlike the row's, a chunk
    # above MAX_CHUNK (refused by the body middleware before it is read).
    small = b"x" * 10
    other = attach(ana, ana.new_account(), small)
    assert put(ana, other, 0, L.MAX_ATTACHMENT_BYTES + 1, b"x").status_code == 413
    assert put(ana, other, 0, 11, small).json()["code"] == "size_mismatch"
    chunk = put(ana, other, 0, 10, b"x" * (L.MAX_CHUNK + 1))
    assert chunk.status_code == 413 and chunk.json()["code"] == "body_too_large"
    assert status(ana, other).json()["received"] == 0


def test_a_sha_mismatch_is_refused_and_discarded(
    server: ServerProcess, server_db: ServerDb, tmp_path: Path
) -> None:
    ana, _ = _reps(server, server_db)
    data = os.urandom(600)
    sha = attach(ana, ana.new_account(), data)
    put(ana, sha, 0, 600, data[:300])
    forged = put(ana, sha, 300, 600, bytes(300))
    assert forged.status_code == 422 and forged.json()["code"] == "hash_mismatch"
    assert status(ana, sha).json() == {"size": None, "received": 0, "complete": False}
    assert get(ana, sha).status_code == 404
    assert not list((tmp_path / "content" / "objects").rglob("*"))  # nothing published


def test_two_reps_attaching_the_same_file_store_it_once(
    server: ServerProcess, server_db: ServerDb, tmp_path: Path
) -> None:
    ana, beto = _reps(server, server_db)
    data = os.urandom(3000)
    sha = attach(ana, ana.new_account(), data, "plano.pdf")
    assert attach(beto, beto.new_account(), data, "copia.pdf") == sha
    upload(ana, sha, data, 1024)
    assert status(beto, sha).json() == {"size": 3000, "received": 3000, "complete": True}
    assert put(beto, sha, 0, 3000, data[:1024]).json() == {"received": 3000, "complete": True}
    assert get(beto, sha).content == data
    stored = [p for p in (tmp_path / "content").rglob("*") if p.is_file()]
    assert [p.name for p in stored] == [sha]
