"""Erasing a laptop's copy of the data when the server says it was revoked (remote wipe). No Qt.

A marker beside the database is written first (why, when; no personal data), then every file
the program keeps with the rep's data is overwritten and removed, then the stored credentials
are forgotten. A wipe cut short (power lost, a file held open on Windows) is finished at the next
start: the marker is still there, and `finish_pending_wipe` runs before the database is opened.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from crm_desktop.secure import sqlcipher
from crm_desktop.secure.keys import KeyUnavailable

WIPE_CHUNK = 1024 * 1024
# Files the program writes beside the database (suffixes of its name) and folders beside it.
DB_SUFFIXES = (
    "",
    "-wal",
    "-shm",
    "-journal",
    ".bak",
    ".bak-wal",
    ".bak-shm",
    ".sync-id",
    ".lock",
    ".files",
    ".files-wal",
    ".files-shm",
    ".files-journal",
)  # attachments' content
FOLDERS = ("imports", "exports", "pdf-cache", "opened-files")

# Hook for the database key (issue 12, item 1): when crm_desktop.secure.keys exists, its
# `forget_key(db_path)` is called here so the encrypted file, and any copy of it anywhere, can
# never be read again even where overwriting a file does not reach the disk's old blocks.
ForgetKey = Callable[[Path], None]


@dataclass(frozen=True)
class WipeNotice:
    """Why this laptop's data was erased, for the start screen and the sync page."""

    code: str  # "laptop_revoked" | "user_deactivated"
    message: str  # the server's words
    at: str  # ISO time of the wipe (the injected clock's)
    left: tuple[str, ...] = ()  # files that could not be erased yet (finished at next start)


def marker_of(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".wiped")


def files_to_erase(db_path: Path) -> list[Path]:
    """Every file holding the rep's data: the database, its journals and backups, the
    settings, the attachments queued in its mail outbox, and the program's folders beside it."""
    found = [db_path.with_name(db_path.name + s) for s in DB_SUFFIXES]
    found.append(db_path.with_name(db_path.stem + ".settings.json"))
    found += sorted(db_path.parent.glob(f"{db_path.name}.*.bak"))  # numbered backups
    found += _attachments(db_path)
    for name in FOLDERS:
        folder = db_path.parent / name
        if folder.is_dir():
            found += sorted(p for p in folder.rglob("*") if p.is_file())
    return [p for p in found if p.is_file() or p.is_symlink()]


def _attachments(db_path: Path) -> list[Path]:
    """PDFs the mail outbox points to, when the program wrote them beside the database."""
    if not db_path.is_file():
        return []
    try:
        conn = sqlcipher.connect(db_path, mode="ro", timeout=2.0)
        try:
            rows = conn.execute(
                "SELECT attachment_path FROM mail_outbox WHERE attachment_path IS NOT NULL"
            ).fetchall()
        finally:
            conn.close()
    except (sqlcipher.Error, KeyUnavailable):
        return []  # no such table, no key, or a file SQLite cannot read: nothing to follow
    home = db_path.parent.resolve()
    paths = [Path(r[0]).expanduser() for r in rows]
    return [p for p in paths if p.resolve().is_relative_to(home)]


def _erase(path: Path) -> bool:
    """Overwrite a file with zeros and remove it; False if it could not be removed."""
    try:
        if path.is_file() and not path.is_symlink():
            size = path.stat().st_size
            with path.open("r+b") as handle:
                for start in range(0, size, WIPE_CHUNK):
                    handle.write(b"\0" * min(WIPE_CHUNK, size - start))
                handle.flush()
                os.fsync(handle.fileno())
        path.unlink()
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return True


def wipe_laptop(
    db_path: Path,
    code: str,
    message: str,
    at: str,
    server_url: str = "",
    username: str = "",
    forget_key: ForgetKey | None = None,
) -> WipeNotice:
    """Erase everything this laptop holds of the rep's data; the marker says why."""
    db_path = db_path.expanduser().resolve()
    marker = marker_of(db_path)
    notice = WipeNotice(code, message, at)
    _write_marker(marker, notice)
    targets = files_to_erase(db_path)
    left = tuple(str(p) for p in targets if not _erase(p))
    for name in FOLDERS:
        with contextlib.suppress(OSError):
            shutil.rmtree(db_path.parent / name)
    if server_url and username:
        from crm_desktop.sync import credentials  # keyring: loaded only when a wipe happens

        credentials.forget_refresh_token(server_url, username)
    (forget_key or _forget_key)(db_path)
    notice = WipeNotice(code, message, at, left)
    _write_marker(marker, notice)
    return notice


def _forget_key(db_path: Path) -> None:
    """The database key leaves the keyring (and this run's cache): overwriting a file does not
    reach an SSD's old blocks, forgetting the key does."""
    from crm_desktop.secure import keys

    keys.delete_key(db_path)  # from the keyring and this run's cache


def _write_marker(marker: Path, notice: WipeNotice) -> None:
    data = {"code": notice.code, "message": notice.message, "at": notice.at, "left": notice.left}
    tmp = marker.with_name(marker.name + ".part")
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, marker)


def read_notice(db_path: Path) -> WipeNotice | None:
    """The notice of a wipe of this database, or None if it was never wiped."""
    try:
        data = json.loads(marker_of(db_path.expanduser().resolve()).read_text(encoding="utf-8"))
        return WipeNotice(
            str(data["code"]), str(data["message"]), str(data["at"]), tuple(data.get("left", ()))
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def finish_pending_wipe(db_path: Path) -> WipeNotice | None:
    """At start: if this database was wiped, erase what is left and return why; else None."""
    notice = read_notice(db_path)
    if notice is None:
        return None
    db_path = db_path.expanduser().resolve()
    left = tuple(str(p) for p in files_to_erase(db_path) if not _erase(p))
    notice = WipeNotice(notice.code, notice.message, notice.at, left)
    _write_marker(marker_of(db_path), notice)
    return notice


def clear_notice(db_path: Path) -> None:
    """The rep read the notice and starts anew (a fresh database, a new sign-in)."""
    marker_of(db_path.expanduser().resolve()).unlink(missing_ok=True)
