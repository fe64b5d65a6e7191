"""Erasing the laptop's copy of the data: the database, its journals and backup, and its key.

For a revoked laptop (remote wipe) and for a rep who hands the laptop back. The key goes from
the keyring first: whatever a file system keeps of the deleted files (an SSD's spare blocks, a
backup the program did not make) is then unreadable ciphertext.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from crm_desktop.secure.keys import delete_key

DATABASE_SUFFIXES = ("", "-wal", "-shm", "-journal")


def database_files(path: Path) -> list[Path]:
    """The database at path and every file the program keeps of its rows beside it."""
    path = Path(path).expanduser().resolve()
    backup = path.with_name(path.name + ".bak")
    temp = path.with_name(f".{path.name}.encrypting")
    return [Path(str(p) + s) for p in (path, backup, temp) for s in DATABASE_SUFFIXES]


def erase_database(path: Path, also: Iterable[Path] = ()) -> list[Path]:
    """Forget the key of the database at path, then delete it, its journals, its backup and the
    files in also (cached PDFs, exports the caller knows of); the files that were deleted."""
    path = Path(path).expanduser().resolve()
    delete_key(path)
    delete_key(path.with_name(path.name + ".bak"))
    erased = []
    for file in [*database_files(path), *map(Path, also)]:
        if file.is_file():
            file.unlink()
            erased.append(file)
    return erased
