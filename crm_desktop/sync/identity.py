"""This database file's sync identity, and detecting a file copied to another laptop.

The client id lives inside the file; a random token lives both inside it and in a sidecar file
next to it, together with the file's path and inode. A copy (or a restored backup) no longer
matches, so it gets a new client id before it pushes anything: two files never share one op
sequence on the server.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from crm_desktop.models.ids import new_id
from crm_desktop.services.core.device import client_id, meta_get, meta_set

IDENTITY_KEY = "file_identity"


def sidecar_of(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".sync-id")


def _fingerprint(db_path: Path, token: str) -> dict[str, str | int]:
    resolved = db_path.resolve()
    return {"token": token, "path": str(resolved), "inode": os.stat(resolved).st_ino}


def _sidecar_token(db_path: Path) -> str | None:
    try:
        return sidecar_of(db_path).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def ensure_identity(session: Session, db_path: Path) -> tuple[str, bool]:
    """(client id, whether a new one was just minted because the file is a copy)."""
    stored = meta_get(session, IDENTITY_KEY)
    current = client_id(session)
    if stored is not None:
        known = json.loads(stored)
        if known == _fingerprint(db_path, str(known.get("token"))) and _sidecar_token(
            db_path
        ) == known.get("token"):
            return current, False
    minted = stored is not None
    if minted:
        current = new_id()
        meta_set(session, "client_id", current)
    token = secrets.token_hex(16)
    meta_set(session, IDENTITY_KEY, json.dumps(_fingerprint(db_path, token)))
    session.flush()
    sidecar_of(db_path).write_text(token, encoding="utf-8")
    return current, minted


def laptop_of(sessions: Callable[[], sessionmaker[Session]], db_path: Path) -> Callable[[], str]:
    """A SyncClient's `laptop`: this file's client id, read (or minted, for a copied file) when
    the client first opens a session, in the thread that does it — so a request made before
    any sync (a manager's merge) still names the laptop, and a revoked one is refused."""

    def laptop() -> str:
        with sessions()() as session, session.begin():
            return ensure_identity(session, db_path)[0]

    return laptop
