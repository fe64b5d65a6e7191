"""Opening, copying and encrypting the database file with SQLCipher 4 (the sqlcipher3 wheel).

Every connection to the laptop's database goes through connect(): the first statement is the
raw key, so the file is never read in the clear and no KDF runs. A plain SQLite file left by an
older version is encrypted in place by encrypt_in_place() before anything else reads it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlcipher3.dbapi2 as dbapi

from crm_desktop.secure.keys import (
    PLAIN_HEADER,
    DatabaseKey,
    KeyUnavailable,
    key_for,
    set_key_check,
    store_key,
)

if TYPE_CHECKING:  # sqlcipher3 has no type hints; its API is the standard sqlite3 module's
    from sqlite3 import Connection as Connection
    from sqlite3 import DatabaseError as DatabaseError
    from sqlite3 import Error as Error
    from sqlite3 import IntegrityError as IntegrityError
    from sqlite3 import OperationalError as OperationalError
    from sqlite3 import Row as Row
else:
    Connection = dbapi.Connection
    Error = dbapi.Error
    DatabaseError = dbapi.DatabaseError
    OperationalError = dbapi.OperationalError
    IntegrityError = dbapi.IntegrityError
    Row = dbapi.Row

# SQLCipher 4's settings but one: AES-256-CBC, 4 KiB pages as plain SQLite uses (one page, one
# read), an HMAC per page so a changed byte is refused rather than read, PBKDF2 only for a
# passphrase (a raw key skips it). The HMAC is SHA-256 instead of 4's SHA-512: as strong for a
# MAC, and CPUs hash it in hardware (SHA-NI), half SHA-512's cost per page here (README). The file
# does not record it, so every connection says it, right after the key.
CIPHER_PRAGMAS: tuple[str, ...] = ("cipher_hmac_algorithm = HMAC_SHA256",)


def _quiet() -> None:
    """SQLCipher prints its own errors (a wrong key: "hmac check failed…") to stderr; the
    program says what went wrong in words instead. The level is the process's, set once."""
    conn = dbapi.connect(":memory:")
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
    finally:
        conn.close()


_quiet()


class EncryptionFailed(RuntimeError):
    """The plain file could not be encrypted; the original was left as it was."""


def is_plain(path: Path) -> bool:
    """Whether the file is an unencrypted SQLite database (it starts with "SQLite format 3")."""
    try:
        with Path(path).open("rb") as handle:
            return handle.read(len(PLAIN_HEADER)) == PLAIN_HEADER
    except (FileNotFoundError, IsADirectoryError):
        return False


def apply_key(conn: Any, key: DatabaseKey) -> None:
    """Key a fresh DB-API connection (must be its first statement)."""
    conn.execute(f'PRAGMA key = "{key.pragma}"')
    for pragma in CIPHER_PRAGMAS:
        conn.execute(f"PRAGMA {pragma}")


def connect(
    path: Path | str,
    key: DatabaseKey | None = None,
    *,
    mode: str | None = None,
    create: bool = False,
    **kwargs: Any,
) -> Connection:
    """A keyed connection to the database at path; mode "ro"/"rw" never creates the file,
    "immutable" reads a file whose folder cannot be written (no lock or -shm file is made).

    A plain (not yet encrypted) file opens unkeyed; with a wrong key or a file that is not a
    database, DatabaseError ("file is not a database") is raised here, not at the first query.
    """
    path = Path(path)
    if mode is not None:
        kwargs["uri"] = True
        query = "immutable=1" if mode == "immutable" else f"mode={mode}"
        target: str = f"{path.expanduser().resolve().as_uri()}?{query}"
    else:
        target = str(path)
    plain = is_plain(path)
    if not plain and key is None:
        new = not path.is_file() or path.stat().st_size == 0
        key = key_for(path, create=create or new or mode is None)
    conn: Connection = dbapi.connect(target, **kwargs)
    try:
        if not plain and key is not None:
            apply_key(conn, key)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException:
        conn.close()
        raise
    return conn


def _opens(path: Path, key: DatabaseKey) -> bool:
    """Whether key opens the file (read-only: the file is not touched)."""
    try:
        connect(path, key, mode="ro").close()
    except Error:
        return False
    return True


set_key_check(_opens)  # keys.py asks it of a passphrase typed for a file copied here


@contextlib.contextmanager
def connection(path: Path | str, **kwargs: Any) -> Iterator[Connection]:
    """connect() as a context manager that closes (sqlite3's `with` only commits)."""
    conn = connect(path, **kwargs)
    try:
        yield conn
    finally:
        conn.close()


def _row_counts(conn: Connection, schema: str = "main") -> dict[str, int]:
    names = [
        r[0]
        for r in conn.execute(
            f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' "
            "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
        )
    ]
    return {n: conn.execute(f'SELECT count(*) FROM {schema}."{n}"').fetchone()[0] for n in names}


def _remove_with_journals(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        file = Path(str(path) + suffix)
        if file.is_file() or file.is_symlink():
            file.unlink()


def _export(plain: Path, target: Path, key: DatabaseKey) -> dict[str, int]:
    """Write an encrypted copy of the plain file at target; the plain file's row counts."""
    conn = dbapi.connect(str(plain), isolation_level=None)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        counts = _row_counts(conn)
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        conn.execute(f'ATTACH DATABASE ? AS encrypted KEY "{key.pragma}"', (str(target),))
        for pragma in CIPHER_PRAGMAS:
            conn.execute(f"PRAGMA encrypted.{pragma}")
        conn.execute("SELECT sqlcipher_export('encrypted')")
        conn.execute(f"PRAGMA encrypted.user_version = {version}")
        conn.execute("DETACH DATABASE encrypted")
    finally:
        conn.close()
    return counts


def _verify(target: Path, key: DatabaseKey, counts: dict[str, int]) -> None:
    with connection(target, key=key) as conn:
        check = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if check != ["ok"]:
            raise EncryptionFailed(f"the encrypted copy fails its integrity check ({check[:3]})")
        found = _row_counts(conn)
    if found != counts:
        differ = sorted(n for n in counts.keys() | found.keys() if counts.get(n) != found.get(n))
        raise EncryptionFailed(f"the encrypted copy's rows differ in {', '.join(differ)}")


def opens_with_its_key(path: Path) -> bool:
    """Whether the file is an encrypted database whose key this computer has (nothing asked)."""
    if is_plain(path) or not Path(path).is_file():
        return False
    try:
        with connection(path, mode="ro"):
            return True
    except (dbapi.Error, KeyUnavailable):
        return False


def encrypt_in_place(path: Path, key: DatabaseKey | None = None) -> DatabaseKey:
    """Encrypt the plain SQLite file at path with its key (made now if need be).

    sqlcipher_export to a temporary file beside it, verified (integrity check, the same row
    count in every table), then renamed over the original. If anything fails the temporary
    file goes, the original is untouched and EncryptionFailed says why.
    """
    path = Path(path).expanduser().resolve()
    key = key or key_for(path, create=True)
    temp = path.with_name(f".{path.name}.encrypting")
    try:
        _remove_with_journals(temp)  # a run stopped half way
        counts = _export(path, temp, key)
        _verify(temp, key, counts)
        with temp.open("rb+") as handle:
            os.fsync(handle.fileno())
    except (dbapi.Error, OSError, EncryptionFailed) as error:
        _remove_with_journals(temp)
        raise EncryptionFailed(
            f"{path} could not be encrypted ({error}); the file was left as it was"
        ) from error
    for suffix in ("-wal", "-shm"):  # the plain file's, empty after the checkpoint
        Path(str(path) + suffix).unlink(missing_ok=True)
    os.replace(temp, path)
    return key


def encrypt_if_plain(path: Path) -> bool:
    """Encrypt the database at path and its backup if either is still plain; whether any was."""
    path = Path(path).expanduser().resolve()
    changed = False
    if is_plain(path):
        encrypt_in_place(path)
        changed = True
    backup = path.with_name(path.name + ".bak")
    if is_plain(backup):
        encrypt_in_place(backup, key_for(path, create=True))
        store_key(backup, key_for(path))
        changed = True
    return changed


def copy_database(source: Path, target: Path) -> Path:
    """A consistent copy of the database at source, encrypted with the same key (backup API)."""
    key = key_for(source)
    _remove_with_journals(target)
    store_key(target, key)
    with connection(source, key=key) as src, connection(target, key=key) as dst:
        src.backup(dst)
    return target
