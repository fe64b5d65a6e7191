"""Files the program writes beside the rep's database, written so the database is never destroyed.

Every output (a PDF, an export) goes to a temporary file in the same folder and is renamed over
its target only once complete; the database, its journals, its backup and the files kept beside
it are never a valid target; an existing file is replaced only when the user says so. No Qt.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from crm_desktop.i18n import _

SQLITE_MAGIC = b"SQLite format 3\x00"


class OutputRefused(ValueError):
    """The output path cannot be used; the message says why in words."""


def companion_files(db: Path) -> set[Path]:
    """The database file and everything the program keeps beside it."""
    db = db.expanduser().resolve()
    names = [db.name + s for s in ("", "-wal", "-shm", "-journal", ".bak", ".sync-id", ".wiped")]
    return {db.with_name(n) for n in names} | {db.with_name(db.stem + ".settings.json")}


def check_output(out: Path, db: Path, force: bool = False) -> Path:
    """The resolved output path, or OutputRefused saying why it cannot be written."""
    target = out.expanduser().resolve()
    if target in companion_files(db):
        raise OutputRefused(f"{out} is the database or a file kept beside it: choose another name")
    if target.is_dir():
        raise OutputRefused(f"{out} is a folder: give a file name")
    if not target.parent.is_dir():
        raise OutputRefused(f"cannot write {out}: its folder {target.parent} does not exist")
    if target.exists() and not force:
        raise OutputRefused(f"{out} already exists: add --force to replace it")
    return target


def write_atomically(path: Path, data: bytes) -> Path:
    """Write data to path through a temporary file in the same folder, then rename it."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


@contextmanager
def atomic_output(path: Path, db: Path | None = None) -> Iterator[Path]:
    """A temporary file beside path to write (streamed) output to, renamed over path once the
    block ends without error and removed otherwise. Never the database or its companions."""
    if db is not None:
        path = check_output(path, db, force=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_only_reason(db: Path) -> str | None:
    """Why an existing database file cannot be written, in words; None if it can.

    The file's own permission bits count even for an administrator (who could write anyway):
    a file marked read-only is one its owner meant to keep as it is. SQLite also needs its
    folder writable (for the -wal and -shm files), and a read-only medium refuses everything."""
    if not db.is_file():
        return None
    folder = db.resolve().parent
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return _("{file} is on a read-only disk or medium", file=db)
    except (OSError, AttributeError):  # AttributeError: no statvfs (Windows)
        pass
    if not db.stat().st_mode & 0o222 or not os.access(db, os.W_OK):
        return _("{file} is marked read-only", file=db)
    if not os.access(folder, os.W_OK) or not folder.stat().st_mode & 0o222:
        return _("the folder of {file} cannot be written to", file=db)
    return None


def looks_like_sqlite(path: Path) -> bool:
    """Whether a file starts as an SQLite database does (an empty file counts as new)."""
    with path.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    return head in (b"", SQLITE_MAGIC)
