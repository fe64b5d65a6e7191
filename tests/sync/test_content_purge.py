"""The server's content housekeeping (issue 17) on a real server: the hash index behind scope
by hash, each user's storage quota (refused in words before the chunk is used), and
`crm-server content-purge` (abandoned partial uploads, content no live row names; --dry-run)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from crm_server.db.schema import attachment_hashes, content_uploads
from tests.sync.content_helpers import attach, get, put, status, upload
from tests.sync.harness import ServerDb, ServerProcess, add_user, new_server_db, start_server
from tests.sync.raw import RawRep

KIB = 1024


@pytest.fixture
def server_db(tmp_path: Path) -> Iterator[ServerDb]:
    """SQLite (CI time): the index's queries on PostgreSQL run in test_content_api."""
    db = new_server_db("sqlite", tmp_path)
    yield db
    db.dispose()


@pytest.fixture
def small_quota_server(server_db: ServerDb, tmp_path: Path) -> Iterator[ServerProcess]:
    proc = start_server(server_db.url, tmp_path, env={"CRM_SERVER_CONTENT_QUOTA_MB": "1"})
    yield proc
    proc.stop()


def _row_of(server_db: ServerDb, sha: str) -> str:
    with server_db.engine.connect() as conn:
        found = conn.scalars(select(attachment_hashes.c.row_id).where(
            attachment_hashes.c.sha256 == sha)).all()  # fmt: skip
    assert len(found) == 1
    return found[0]


def test_the_quota_refuses_in_words_before_the_chunk_and_dedup_costs_nothing(
    small_quota_server: ServerProcess, server_db: ServerDb
) -> None:
    add_user(server_db, "ana")
    add_user(server_db, "beto")
    ana = RawRep.sign_in(small_quota_server, "ana")
    beto = RawRep.sign_in(small_quota_server, "beto")
    first, second = os.urandom(700 * KIB), os.urandom(400 * KIB)
    account = ana.new_account()
    sha1, sha2 = attach(ana, account, first), attach(ana, account, second)
    upload(ana, sha1, first, 256 * KIB)
    refused = put(ana, sha2, 0, len(second), second[: 256 * KIB])
    assert refused.status_code == 413
    body = refused.json()
    assert body["code"] == "quota_exceeded" and "may take 1 MB" in body["message"]
    assert body["used"] == len(first)
    assert status(ana, sha2).json()["received"] == 0  # the chunk was not kept
    shared = attach(beto, beto.new_account(), first)  # the same bytes on beto's account
    assert shared == sha1 and status(beto, shared).json()["complete"]  # stored once
    with server_db.engine.connect() as conn:
        stored = conn.execute(select(content_uploads.c.sha256, content_uploads.c.user_id)).all()
    assert [(sha, who) for sha, who in stored] == [(sha1, ana.user_id)]  # ana's alone


def test_content_purge_removes_abandoned_partials_and_unnamed_content_and_dry_runs(
    server: ServerProcess, server_db: ServerDb, tmp_path: Path
) -> None:
    add_user(server_db, "ana")
    ana = RawRep.sign_in(server, "ana")
    account = ana.new_account()
    gone, kept, old_part, new_part = (os.urandom(3000 + n) for n in range(4))
    sha_gone, sha_kept = attach(ana, account, gone), attach(ana, account, kept)
    sha_old, sha_new = attach(ana, account, old_part), attach(ana, account, new_part)
    upload(ana, sha_gone, gone, 2000)
    upload(ana, sha_kept, kept, 2000)
    for sha, data in ((sha_old, old_part), (sha_new, new_part)):
        assert put(ana, sha, 0, len(data), data[:1000]).status_code == 200
    row = _row_of(server_db, sha_gone)
    [deleted] = ana.push(ana.op("attachments", row, "delete", {}, 1))
    assert deleted["status"] == "applied", deleted
    assert get(ana, sha_gone).status_code == 403  # the index knows the row is gone
    # Each partial's age set in the process's own time: the files' mtimes come from the kernel's
    # real clock, which libfaketime (CI's faked instants) does not move.
    now = time.time()
    for sha, stamp in ((sha_old, now - 48 * 3600), (sha_new, now)):
        for name in (f"{sha}.part", f"{sha}.size"):
            path = tmp_path / "content" / "partial" / name
            if path.exists():
                os.utime(path, (stamp, stamp))

    def purge(*extra: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "crm_server", "--database-url", server_db.url,
             "content-purge", *extra],
            env=dict(os.environ, CRM_SERVER_CONTENT_DIR=str(tmp_path / "content")),
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        return done.stdout

    def stored() -> set[str]:
        return {p.name.partition(".")[0] for p in (tmp_path / "content").rglob("*")
                if p.is_file()}  # fmt: skip

    before = stored()
    said = purge("--dry-run")
    assert f"partial upload {sha_old} would go" in said and f"content {sha_gone} would go" in said
    assert "1 partial uploads and 1 files would go (dry run)." in said
    assert stored() == before
    said = purge()
    assert "1 partial uploads and 1 files removed." in said
    assert stored() == {sha_kept, sha_new}
    assert get(ana, sha_kept).content == kept  # a live row's content stays
    assert status(ana, sha_new).json()["received"] == 1000  # a fresh partial stays
    assert "0 partial uploads and 0 files removed." in purge()
