"""The laptop's content store: file bytes by SHA-256, in a second SQLCipher file beside the
database (`<db>.files`), keyed with the database's own key.

Why a second file and not blob rows in the database: the database is copied before every
migration, VACUUMed after an erase and read page by page by every screen; photos would make each
of those cost the size of every file ever attached. A file of its own, under the same key, is
as safe (the same cipher, the same keyring entry, erased by the same wipe) and leaves the
database small. Why not a folder of encrypted files: SQLite gives atomic writes (a kill never
leaves half a file under a hash) and SQLCipher's per-page HMAC, with no crypto code of ours.

State per hash: a row `present` (here, and the server has it or it came from there) or
`to_upload` (attached here, not yet on the server); `to_download` is every live attachment's hash
with no row here (`missing_content`). The sync (sync/content.py) reads and writes content only
through `pending_uploads`, `open_content`, `store_downloaded`, `missing_content` and
`mark_uploaded`; `db` is the database file's path, or the opened Database (its `.path`).
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from crm_desktop.secure import sqlcipher
from crm_desktop.secure.keys import key_for

PRESENT, TO_UPLOAD = "present", "to_upload"
SUFFIXES = (".files", ".files-wal", ".files-shm", ".files-journal")
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS content ("
    " sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, data BLOB NOT NULL,"
    " state TEXT NOT NULL CHECK (state IN ('present', 'to_upload')))"
)
# A download cut short (a kill, a lost network, a cancel): its bytes so far, in the order they
# came, so the next try asks the server for the rest with a Range. Unverified until whole, so
# never in `content`; encrypted like the rest of the file.
_PARTIAL_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS partial ("
    " sha256 TEXT NOT NULL, at INTEGER NOT NULL, data BLOB NOT NULL,"
    " PRIMARY KEY (sha256, at))"
)


class ContentMissing(LookupError):
    """The bytes of this hash are not on this laptop (yet): download them first."""


class ContentMismatch(ValueError):
    """Bytes that do not hash to the name they came under: refused, nothing stored."""


def db_file(db: Any) -> Path:
    """The database file's path, from a path or an opened Database (sync/content.py's db)."""
    return Path(getattr(db, "path", db))


def store_path(db: Any) -> Path:
    path = db_file(db)
    return path.with_name(path.name + ".files")


@contextlib.contextmanager
def _connection(db: Any) -> Iterator[sqlcipher.Connection]:
    """A keyed connection to the store (made on first use); the caller commits."""
    conn = sqlcipher.connect(store_path(db), key_for(db_file(db)), timeout=10.0)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")  # as the database: WAL survives a kill
        conn.execute("PRAGMA secure_delete=ON")  # a removed file's pages are zeroed, not freed
        conn.execute(_SCHEMA)
        conn.execute(_PARTIAL_SCHEMA)
        yield conn
    finally:
        conn.close()


@contextlib.contextmanager
def _store(db: Any) -> Iterator[sqlcipher.Connection]:
    """A keyed connection to the store whose block commits or rolls back."""
    with _connection(db) as conn, conn:
        yield conn


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class QuotaFull(ValueError):
    """The bytes would take the store past its quota; `used` bytes are taken already."""

    def __init__(self, used: int) -> None:
        super().__init__(used)
        self.used = used


def put_content(db: Any, data: bytes, state: str = TO_UPLOAD, quota: int | None = None) -> str:
    """Keep data under its hash (once: a second copy of the same bytes costs nothing and
    never counts against the quota); QuotaFull when new bytes would pass quota."""
    sha = sha256_of(data)
    with _store(db) as conn:
        if quota is not None and _absent(conn, sha):
            used = int(conn.execute("SELECT coalesce(sum(size), 0) FROM content").fetchone()[0])
            if used + len(data) > quota:
                raise QuotaFull(used)
        conn.execute(
            "INSERT INTO content (sha256, size, data, state) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (sha256) DO NOTHING",
            (sha, len(data), data, state),
        )
    return sha


def _absent(conn: sqlcipher.Connection, sha: str) -> bool:
    return conn.execute("SELECT 1 FROM content WHERE sha256 = ?", (sha,)).fetchone() is None


def has_content(db: Any, sha: str) -> bool:
    with _store(db) as conn:
        return conn.execute("SELECT 1 FROM content WHERE sha256 = ?", (sha,)).fetchone() is not None


def open_content(db: Any, sha: str) -> bytes:
    """The bytes of sha; ContentMissing when they are not here."""
    with _store(db) as conn:
        row = conn.execute("SELECT data FROM content WHERE sha256 = ?", (sha,)).fetchone()
    if row is None:
        raise ContentMissing(sha)
    return bytes(row[0])


def store_downloaded(db: Any, sha: str, data: bytes) -> None:
    """Keep bytes that came from the server, once they hash to sha (else ContentMismatch)."""
    if sha256_of(data) != sha:
        raise ContentMismatch(sha)
    put_content(db, data, PRESENT)
    with _store(db) as conn:  # the part kept of an earlier, cut download is done with
        conn.execute("DELETE FROM partial WHERE sha256 = ?", (sha,))


def mark_uploaded(db: Any, sha: str) -> None:
    """The server holds the whole of sha: nothing more to send."""
    with _store(db) as conn:
        conn.execute("UPDATE content SET state = ? WHERE sha256 = ?", (PRESENT, sha))


def _live_hashes(db: Any) -> set[str]:
    with sqlcipher.connection(db_file(db), timeout=10.0) as conn:
        rows = conn.execute("SELECT DISTINCT sha256 FROM attachments WHERE deleted_at IS NULL")
        return {r[0] for r in rows}


def pending_uploads(db: Any) -> list[tuple[str, int]]:
    """(sha, size) of content attached here that the server may not have, of live rows only
    (the server refuses content no live row of ours names)."""
    live = _live_hashes(db)
    with _store(db) as conn:
        rows = conn.execute(
            "SELECT sha256, size FROM content WHERE state = ? ORDER BY rowid", (TO_UPLOAD,)
        ).fetchall()
    return [(sha, int(size)) for sha, size in rows if sha in live]


def missing_content(db: Any) -> list[str]:
    """Hashes of live attachments whose bytes are not here (state `to_download`)."""
    live = _live_hashes(db)
    with _store(db) as conn:
        here = {r[0] for r in conn.execute("SELECT sha256 FROM content")}
    return sorted(live - here)


def used_bytes(db: Any) -> int:
    with _store(db) as conn:
        return int(conn.execute("SELECT coalesce(sum(size), 0) FROM content").fetchone()[0])


class PartialDownload:
    """The bytes of one download so far, kept in the store as they come (each piece its own
    commit: a kill -9 loses at most the piece in flight). `received` is where a resume asks
    the server to start (Range)."""

    def __init__(self, conn: sqlcipher.Connection, sha: str) -> None:
        self.conn, self.sha = conn, sha
        row = conn.execute(
            "SELECT coalesce(sum(length(data)), 0) FROM partial WHERE sha256 = ?", (sha,)
        ).fetchone()
        self.received = int(row[0])

    def append(self, at: int, data: bytes) -> None:
        """Keep data as the bytes from `at` on; at 0 (the server sent the whole file again)
        what was kept before is dropped."""
        with self.conn:
            if at != self.received:
                self.conn.execute(
                    "DELETE FROM partial WHERE sha256 = ? AND at >= ?", (self.sha, at)
                )
            self.conn.execute(
                "INSERT INTO partial (sha256, at, data) VALUES (?, ?, ?)", (self.sha, at, data)
            )
        self.received = at + len(data)

    def whole(self) -> bytes:
        rows = self.conn.execute(
            "SELECT data FROM partial WHERE sha256 = ? ORDER BY at", (self.sha,)
        ).fetchall()
        return b"".join(bytes(r[0]) for r in rows)

    def drop(self) -> None:
        with self.conn:
            self.conn.execute("DELETE FROM partial WHERE sha256 = ?", (self.sha,))
        self.received = 0


@contextlib.contextmanager
def partial_download(db: Any, sha: str) -> Iterator[PartialDownload]:
    """The kept part of the download of sha (empty when none), for one download's length."""
    with _connection(db) as conn:
        yield PartialDownload(conn, sha)


def partial_size(db: Any, sha: str) -> int:
    """How many bytes of sha a download cut short left here (0: none)."""
    if not store_path(db).exists():
        return 0
    with partial_download(db, sha) as part:
        return part.received


def purge_unreferenced(db: Any) -> int:
    """Remove content no live attachment names any more (deleted, erased, or its account went
    to another rep); returns how many. secure_delete zeroes their pages; the WAL is truncated."""
    if not store_path(db).exists():
        return 0
    live = _live_hashes(db)
    with _store(db) as conn:
        here = [r[0] for r in conn.execute("SELECT sha256 FROM content")]
        gone = [sha for sha in here if sha not in live]
        conn.executemany("DELETE FROM content WHERE sha256 = ?", [(s,) for s in gone])
        cut = [r[0] for r in conn.execute("SELECT DISTINCT sha256 FROM partial")]
        stale = [(s,) for s in cut if s not in live]
        conn.executemany("DELETE FROM partial WHERE sha256 = ?", stale)
    if gone:
        with _store(db) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return len(gone)
