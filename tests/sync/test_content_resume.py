"""A laptop killed (SIGKILL) in the middle of a download resumes that file: the store kept the
part received, encrypted, and the next try asks the server for the rest with a Range; the whole
is verified by its SHA-256 before it becomes content. Real server, real stores, a real process
killed at a known byte."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from crm_desktop.services import attachments
from crm_desktop.services.attachments import attachments as A
from crm_desktop.services.attachments import store
from crm_desktop.sync.content import Cancelled, ContentSync
from tests.sync.harness import ServerDb, ServerProcess, add_user, make_laptop, new_server_db

BLOCK = 64 * 1024

# The laptop's program, as much of it as a download needs: it opens the database (its key from
# the test's keyring mirror), downloads with the real store, and once four pieces are kept says
# so and waits to be killed.
CHILD = """
import sys
from pathlib import Path
from crm_desktop.database import open_database
from crm_desktop.sync.client import SyncClient
from crm_desktop.sync.content import ContentSync

path, base, user, client_id, sha, block = sys.argv[1:7]
client = SyncClient(base, user)
client.client_id = client_id
db = open_database(Path(path))

def kept(received):
    if received >= 4 * int(block):
        print("KEPT", received, flush=True)
        sys.stdin.readline()  # killed here

ContentSync(db, client, block=int(block)).fetch(sha, progress=kept)
print("DONE", flush=True)
"""


@pytest.fixture
def server_db(tmp_path: Path) -> Iterator[ServerDb]:
    db = new_server_db("sqlite", tmp_path)
    yield db
    db.dispose()


def test_kill_9_mid_download_resumes_from_the_bytes_kept(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> None:
    ana = add_user(server_db, "ana")
    add_user(server_db, "gerente", role="manager")
    a = make_laptop("a", tmp_path, template_db, server, "ana")
    m = make_laptop("m", tmp_path, template_db, server, "gerente")
    data = os.urandom(20 * BLOCK + 123)
    account = a.new_account(ana)
    with a.tx() as s:
        sha = A.add_bytes(s, a.db.path, ("accounts", account), data, "rut.bin", ana).sha256
    ContentSync(a.db, a.client).attach_to(a.engine)
    a.sync()  # the row, then its content
    assert attachments.pending_uploads(a.db) == []
    m.sync()
    assert attachments.missing_content(m.db) == [sha]
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(m.db.path), server.base, "gerente",
         str(m.client.client_id), sha, str(BLOCK)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert child.stdout is not None
        line = child.stdout.readline().split()
        assert line[0] == "KEPT"
        os.kill(child.pid, signal.SIGKILL)  # no cleanup of any kind runs in the laptop
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    kept = int(line[1])
    assert kept >= 4 * BLOCK and attachments.partial_size(m.db, sha) == kept
    assert not store.has_content(m.db, sha)  # nothing unverified is content
    assert data[:BLOCK] not in store.store_path(m.db).read_bytes()  # kept encrypted
    before = m.client.received_bytes
    assert ContentSync(m.db, m.client, block=BLOCK).fetch(sha) == data
    assert m.client.received_bytes - before == len(data) - kept  # only the rest came
    assert attachments.open_content(m.db, sha) == data
    assert attachments.partial_size(m.db, sha) == 0 and attachments.missing_content(m.db) == []
    a.close()
    m.close()


def test_a_cancelled_download_keeps_its_part_and_a_bad_whole_is_refused(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> None:
    ana = add_user(server_db, "ana")
    a = make_laptop("a", tmp_path, template_db, server, "ana")
    data = os.urandom(6 * BLOCK)
    account = a.new_account(ana)
    with a.tx() as s:
        sha = A.add_bytes(s, a.db.path, ("accounts", account), data, "plano.bin", ana).sha256
    ContentSync(a.db, a.client).attach_to(a.engine)
    a.sync()
    with store._store(a.db) as conn:  # as a laptop that has the row but not yet the bytes
        conn.execute("DELETE FROM content")
    seen: list[int] = []
    with pytest.raises(Cancelled):
        ContentSync(a.db, a.client, block=BLOCK).fetch(
            sha, progress=seen.append, stop=lambda: len(seen) == 2
        )
    assert seen == [BLOCK, 2 * BLOCK] and attachments.partial_size(a.db, sha) == 2 * BLOCK
    with store.partial_download(a.db, sha) as part:  # a piece kept wrong (a bad disk)
        part.append(BLOCK, b"\0" * BLOCK)
    with pytest.raises(Exception, match="does not match its hash"):
        ContentSync(a.db, a.client, block=BLOCK).fetch(sha)
    assert not store.has_content(a.db, sha) and attachments.partial_size(a.db, sha) == 0
    assert ContentSync(a.db, a.client, block=BLOCK).fetch(sha) == data  # from the first byte
    a.close()
