"""Content sync between real laptops and a real server: a photo attached offline reaches the
manager verified; kill -9 of the server mid-upload, and the upload resumes re-sending at most
one chunk; the row sync never waits for or fails on content.

The laptop content store of issue 17 is the laptop engineer's (crm_desktop/services/
attachments); until it is merged these tests give ContentSync a store with the contract's four
functions over a plain dict (what is under test here is the transfer, not the store).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from crm_desktop.clock import clock_of
from crm_desktop.models import Attachment, Visit
from crm_desktop.services.core import crud
from crm_desktop.sync.client import SyncError
from crm_desktop.sync.content import ContentReport, ContentSync
from tests.sync.harness import (
    Laptop,
    ServerDb,
    ServerProcess,
    add_user,
    make_laptop,
    new_server_db,
    start_server,
)


@pytest.fixture
def server_db(tmp_path: Path) -> Iterator[ServerDb]:
    """SQLite only (CI time): the content API's answers on PostgreSQL are test_content_api's."""
    db = new_server_db("sqlite", tmp_path)
    yield db
    db.dispose()


class DictStore:
    """The contract's functions over a dict (sha -> bytes), with a to-upload set."""

    def __init__(self) -> None:
        self.content: dict[str, bytes] = {}
        self.to_upload: set[str] = set()
        self.wanted: set[str] = set()

    def add(self, data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        self.content[sha] = data
        self.to_upload.add(sha)
        return sha

    def pending_uploads(self, db: Any) -> list[tuple[str, int]]:
        return [(sha, len(self.content[sha])) for sha in sorted(self.to_upload)]

    def open_content(self, db: Any, sha: str) -> bytes:
        return self.content[sha]

    def store_downloaded(self, db: Any, sha: str, data: bytes) -> None:
        assert hashlib.sha256(data).hexdigest() == sha
        self.content[sha] = data
        self.wanted.discard(sha)

    def missing_content(self, db: Any) -> list[str]:
        return sorted(self.wanted)

    def mark_uploaded(self, db: Any, sha: str) -> None:
        self.to_upload.discard(sha)


def _attach(laptop: Laptop, store: DictStore, account_id: str, user_id: str, data: bytes) -> str:
    sha = store.add(data)
    with laptop.tx() as s:
        crud.create(
            s,
            Attachment,
            {"account_id": account_id, "parent_table": "accounts", "parent_id": account_id,
             "name": "local.jpg", "mime": "image/jpeg", "size": len(data), "sha256": sha,
             "created_by": user_id},
        )  # fmt: skip
    return sha


def test_a_photo_attached_offline_reaches_the_manager_verified(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> None:
    ana = add_user(server_db, "ana")
    add_user(server_db, "gerente", role="manager")
    a = make_laptop("a", tmp_path, template_db, server, "ana")
    m = make_laptop("m", tmp_path, template_db, server, "gerente")
    a_store, m_store = DictStore(), DictStore()
    photo = os.urandom(150_000)
    account = a.new_account(ana)
    sha = _attach(a, a_store, account, ana, photo)  # offline: nothing sent yet
    with a.tx() as s:
        tomorrow = clock_of(s).now() + timedelta(days=1)
        crud.create(s, Visit, {"account_id": account, "owner_id": ana, "planned_at": tomorrow})
    ContentSync(a.db, a.client, a_store, chunk=64 * 1024).attach_to(a.engine)
    a.sync()  # the rows, then the content
    report = a.engine.content_report
    assert isinstance(report, ContentReport)
    assert (report.uploaded, report.bytes_sent, report.failed) == (1, len(photo), {})
    assert a_store.to_upload == set()
    m.sync()
    with m.db.sessions() as s:
        assert s.query(Attachment).one().sha256 == sha
    m_store.wanted.add(sha)
    assert ContentSync(m.db, m.client, m_store, eager_days=0).run().downloaded == 0
    assert ContentSync(m.db, m.client, m_store).fetch(sha) == photo  # on open
    m_store.content.clear()
    m_store.wanted.add(sha)
    eager = ContentSync(m.db, m.client, m_store, eager_days=2).run()  # tomorrow's visit's
    assert eager.downloaded == 1 and m_store.content[sha] == photo
    a.close()
    m.close()


def test_kill_9_mid_upload_resumes_resending_at_most_one_chunk(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> None:
    ana = add_user(server_db, "ana")
    a = make_laptop("a", tmp_path, template_db, server, "ana", attempts=1)
    store = DictStore()
    data = os.urandom(200_000)
    chunk = 32 * 1024
    sha = _attach(a, store, a.new_account(ana), ana, data)
    a.sync()

    def kill_after_third(_sha: str, received: int) -> None:
        if received >= 3 * chunk:
            server.stop(kill=True)  # SIGKILL: no clean shutdown, the next chunk finds no one

    first = ContentSync(a.db, a.client, store, chunk=chunk, on_chunk=kill_after_third)
    with pytest.raises(SyncError):
        first.upload(sha, len(data))
    before = 3 * chunk
    again = start_server(server_db.url, tmp_path, port=server.port)
    try:
        resumed = ContentSync(a.db, a.client, store, chunk=chunk).upload(sha, len(data))
        assert resumed == len(data) - before  # nothing already held is sent again
        reader = ContentSync(a.db, a.client, store)
        reader.partial[sha] = bytearray(data[:1000])  # a download cut at byte 1000
        before_bytes = a.client.received_bytes
        assert reader.fetch(sha) == data and reader.partial == {}
        assert a.client.received_bytes - before_bytes == len(data) - 1000  # only the rest came
    finally:
        again.stop()
    a.close()


def test_content_failures_are_reported_and_rows_still_sync(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> None:
    ana = add_user(server_db, "ana")
    a = make_laptop("a", tmp_path, template_db, server, "ana")
    store = DictStore()
    sha = _attach(a, store, a.new_account(ana), ana, b"real bytes")
    store.content[sha] = b"changed on disk"  # the local copy no longer matches its hash
    ContentSync(a.db, a.client, store).attach_to(a.engine)
    assert a.sync().pushed >= 2
    report = a.engine.content_report
    assert isinstance(report, ContentReport)
    assert report.uploaded == 0 and "does not match" in report.failed[sha]
    assert a.ops("pending") == []  # the rows went
    a.close()
