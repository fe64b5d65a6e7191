"""The key of each database file: a random 256-bit key kept in the OS keyring, never in a file.

The keyring entry is service "crm-desktop-db", user = the file's absolute path. A machine with
no keyring service at all gets a passphrase instead, asked at start (a dialog in the window, the
terminal or CRM_DESKTOP_DB_PASSPHRASE on the command line); the key is derived from it with
SQLCipher's own KDF (PBKDF2-HMAC-SHA512, 256,000 rounds, the file's salt), once per process, so
every later connection opens with the raw key and skips the KDF. Keys stay in this process's
memory once found. No Qt here: the window registers its dialog with set_passphrase_provider.
"""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import os
import secrets
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from crm_desktop.i18n import N_
from crm_desktop.i18n import gettext as _

KEYRING_SERVICE = "crm-desktop-db"
PASSPHRASE_ENV = "CRM_DESKTOP_DB_PASSPHRASE"
KDF_ROUNDS = 256_000  # SQLCipher 4's default: a passphrase file also opens in the sqlcipher shell
SALT_BYTES = 16
PLAIN_HEADER = b"SQLite format 3\x00"


class KeyUnavailable(RuntimeError):
    """No key for this database can be had; the message says why in words."""


@dataclass(frozen=True)
class DatabaseKey:
    """A raw 256-bit SQLCipher key (and, for a passphrase's key, the file's salt)."""

    key: bytes
    salt: bytes = b""

    @property
    def pragma(self) -> str:
        """The value for `PRAGMA key = "…"`: a raw key, so SQLCipher runs no KDF at open."""
        return f"x'{(self.key + self.salt).hex()}'"

    def __repr__(self) -> str:  # never print the key itself
        return "DatabaseKey(…)"


PAGE_MULTIPLE = 512  # a SQLCipher file is whole pages (512 bytes at the least)
COPIED_HERE = N_(
    "{path} cannot be opened on this computer: it is encrypted and its key is not in this "
    "computer's keyring. It was most likely copied by hand from another computer (or from "
    "another folder or user): its key stayed in that computer's keyring. Open it there, or sign "
    "in and sync here to bring your data back from the server. If a passphrase was set for it, "
    "give it (when asked, or in {env}). The file was not changed."
)
WRONG_PASSPHRASE = N_(
    "{path} cannot be opened: the passphrase given does not open it (or its key is in another "
    "computer's keyring). The file was not changed."
)


class PassphraseProvider(Protocol):
    """(path asked about, whether the file is new, whether it is a file whose key is elsewhere)
    -> passphrase, or None when the user gives up."""

    def __call__(self, path: Path, new: bool, elsewhere: bool = False) -> str | None: ...


_cache: dict[str, DatabaseKey] = {}
_lock = threading.Lock()


def _terminal_passphrase(path: Path, new: bool, elsewhere: bool = False) -> str | None:
    """The command line's way: the environment variable, else the terminal, else nothing."""
    given = os.environ.get(PASSPHRASE_ENV)
    if given:
        return given
    if not sys.stdin or not sys.stdin.isatty():
        return None
    first = getpass.getpass(f"Contraseña de la base de datos / database passphrase ({path}): ")
    if new and getpass.getpass("Repítala / repeat it: ") != first:
        print("Las contraseñas no coinciden / the passphrases differ", file=sys.stderr)
        return None
    return first or None


_provider: PassphraseProvider = _terminal_passphrase
# Whether a key opens the file, read-only (given by secure/sqlcipher.py, which imports this).
_opens: Callable[[Path, DatabaseKey], bool] | None = None


def set_key_check(check: Callable[[Path, DatabaseKey], bool]) -> None:
    global _opens
    _opens = check


def set_passphrase_provider(provider: PassphraseProvider | None) -> None:
    """Who asks for the passphrase when there is no keyring (None: the terminal's way)."""
    global _provider
    _provider = provider or _terminal_passphrase


def _user(path: Path) -> str:
    return str(Path(path).expanduser().resolve())


def _salt_of(path: Path) -> bytes | None:
    """An encrypted file's salt (its first 16 bytes); None for a missing, empty or plain file."""
    try:
        with Path(path).open("rb") as handle:
            head = handle.read(SALT_BYTES)
    except FileNotFoundError:
        return None
    return head if len(head) == SALT_BYTES and head != PLAIN_HEADER else None


def key_from_passphrase(passphrase: str, salt: bytes) -> DatabaseKey:
    """SQLCipher 4's own derivation, done once here instead of at every connection."""
    key = hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, KDF_ROUNDS, 32)
    return DatabaseKey(key, salt)


def _from_keyring(user: str) -> DatabaseKey | None:
    """The stored key; None if none is stored; NoKeyringError if there is no keyring at all."""
    import keyring  # 0.3-0.8 s to import and find its backend: off the start's path (prefetch)

    stored = keyring.get_password(KEYRING_SERVICE, user)
    return DatabaseKey(bytes.fromhex(stored)) if stored else None


def _ask(path: Path, new: bool) -> DatabaseKey:
    passphrase = _provider(path, new)
    if not passphrase:
        raise KeyUnavailable(
            f"{path}: this computer has no keyring service and no passphrase was given "
            f"(set {PASSPHRASE_ENV} or type it when asked)"
        )
    salt = _salt_of(path) or secrets.token_bytes(SALT_BYTES)
    return key_from_passphrase(passphrase, salt)


def key_for(path: Path, *, create: bool = False) -> DatabaseKey:
    """The key of the database at path; with create, a new one for a file that has none yet.

    Raises KeyUnavailable (saying why) when the key cannot be found or asked for.
    """
    user = _user(path)
    with _lock:
        found = _cache.get(user)
        if found is not None:
            return found  # keyring not even imported: prefetch may have looked it up elsewhere
        from keyring.errors import KeyringError, NoKeyringError

        try:
            found = _from_keyring(user)
            has_keyring = True
        except NoKeyringError:
            found, has_keyring = None, False
        except KeyringError as error:
            raise KeyUnavailable(f"{path}: the system keyring did not answer ({error})") from error
        if found is None:
            found = _new_key(Path(user), has_keyring, create)
        _cache[user] = found
        return found


def _new_key(path: Path, has_keyring: bool, create: bool) -> DatabaseKey:
    import keyring

    encrypted = _salt_of(path) is not None
    if not has_keyring:
        return _ask(path, new=not encrypted)  # a passphrase file, or a new one made with it
    if encrypted and _whole_pages(path):
        return _copied_here(path)
    if encrypted or not create:
        raise KeyUnavailable(
            f"{path} cannot be opened, it is not a CRM database: not a database at all, damaged, "
            "or encrypted with a key this computer's keyring does not hold (another user's or "
            "another computer's file)"
        )
    key = DatabaseKey(secrets.token_bytes(32))
    keyring.set_password(KEYRING_SERVICE, str(path), key.key.hex())
    return key


def _whole_pages(path: Path) -> bool:
    """Whether the file is made of whole pages, as an encrypted database is (a text or a
    truncated file is not: it is refused as "not a CRM database")."""
    size = path.stat().st_size
    return size >= PAGE_MULTIPLE and size % PAGE_MULTIPLE == 0


def _copied_here(path: Path) -> DatabaseKey:
    """An encrypted file with no key in this keyring: a copy from elsewhere. A passphrase set
    for it (on a computer with no keyring) may still open it; else say where its key is."""
    passphrase = _provider(path, False, elsewhere=True)
    if not passphrase:
        raise KeyUnavailable(_(COPIED_HERE, path=path, env=PASSPHRASE_ENV))
    key = key_from_passphrase(passphrase, _salt_of(path) or b"")
    if _opens is not None and not _opens(path, key):
        raise KeyUnavailable(_(WRONG_PASSPHRASE, path=path))
    return key


def store_key(path: Path, key: DatabaseKey) -> None:
    """Remember key for the file at path too (a copy encrypted with the same key)."""
    import keyring
    from keyring.errors import NoKeyringError

    user = _user(path)
    with _lock:
        _cache[user] = key
        if key.salt:
            return  # a passphrase's key is never stored: it is asked again next start
        with contextlib.suppress(NoKeyringError):
            keyring.set_password(KEYRING_SERVICE, user, key.key.hex())


def delete_key(path: Path) -> None:
    """Forget the key of the file at path, here and in the keyring (its file becomes unreadable)."""
    import keyring
    from keyring.errors import NoKeyringError, PasswordDeleteError

    user = _user(path)
    with _lock:
        _cache.pop(user, None)
        with contextlib.suppress(PasswordDeleteError, NoKeyringError):
            keyring.delete_password(KEYRING_SERVICE, user)


def forget_cached(path: Path | None = None) -> None:
    """Drop keys held in memory (all of them with no path): the next use asks again."""
    with _lock:
        if path is None:
            _cache.clear()
        else:
            _cache.pop(_user(path), None)


def prefetch(path: Path) -> threading.Thread:
    """Look the key up in the keyring while the window's libraries load.

    Importing `keyring` (and its backend's libraries) is ~80 ms of Python, and a thread doing
    it holds the GIL against the main thread's own imports: on Linux, while the process has no
    other thread yet, the lookup runs in a forked child on the other core, which hands the key
    back through a pipe (memory only, never a file) and exits; elsewhere, or if that cannot be
    done, on a worker thread. Never asks for a passphrase (that is the main thread's, after
    this); key_for waits for it through the lock and then finds the key in memory.
    """
    user = _user(path)
    child = _fork_lookup(user)

    def look_up() -> None:
        with _lock, contextlib.suppress(Exception):  # key_for says what went wrong, in words
            if user in _cache:
                return
            found = _child_answer(*child) if child is not None else _from_keyring(user)
            if found is not None:
                _cache[user] = found

    worker = threading.Thread(target=look_up, name="database-key", daemon=True)
    worker.start()
    return worker


CHILD_TIMEOUT = 120.0  # seconds: the OS keyring may ask the user to unlock it first


def _fork_lookup(user: str) -> tuple[int, int] | None:
    """(child pid, read end of its pipe) of a forked child looking the key up; None when a fork
    is not safe here (not Linux, a thread or Qt already running) or fails."""
    if not sys.platform.startswith("linux") or threading.active_count() > 1:
        return None
    if user in _cache or "PySide6.QtCore" in sys.modules:
        return None
    try:
        read, write = os.pipe()
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:  # the child: look up, answer, and leave without running the parent's exit code
        code = 1
        try:
            os.close(read)
            found = _from_keyring(user)
            os.write(write, b"k:" + found.key.hex().encode() if found else b"n")
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    return pid, read


def _child_answer(pid: int, read: int) -> DatabaseKey | None:
    """The key the child found; None if it found none, failed or took too long (key_for then
    looks in this process, where a missing keyring service is told apart)."""
    import select

    answer = b""
    try:
        ready, _w, _x = select.select([read], [], [], CHILD_TIMEOUT)
        answer = os.read(read, 200) if ready else b""
    finally:
        os.close(read)
        if not answer:
            with contextlib.suppress(OSError):
                os.kill(pid, 9)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
    if answer.startswith(b"k:"):
        return DatabaseKey(bytes.fromhex(answer[2:].decode()))
    return None
