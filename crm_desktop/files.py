"""Files the program writes beside the rep's database, written so the database is never destroyed.

Every output (a PDF, an export) goes to a temporary file in the same folder and is renamed over
its target only once complete; the database, its journals, its backup and the files kept beside
it are never a valid target; an existing file is replaced only when the user says so. No Qt.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

SQLITE_MAGIC = b"SQLite format 3\x00"


class OutputRefused(ValueError):
    """The output path cannot be used; the message says why in words."""


def companion_files(db: Path) -> set[Path]:
    """The database file and everything the program keeps beside it."""
    db = db.expanduser().resolve()
    names = [db.name + s for s in ("", "-wal", "-shm", "-journal", ".bak", ".sync-id")]
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


def looks_like_sqlite(path: Path) -> bool:
    """Whether a file starts as an SQLite database does (an empty file counts as new)."""
    with path.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    return head in (b"", SQLITE_MAGIC)
