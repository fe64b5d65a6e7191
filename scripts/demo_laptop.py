"""The demo laptop's side of scripts/demo_server.sh: is the server made from this file, a fresh
start for its sync state, and its settings pointed at the demo server.

    demo_laptop.py matches SERVER_DB LAPTOP_DB   exit 0 if the server's logins are the file's users
    demo_laptop.py fresh LAPTOP_DB               pull from the start; rows at the imported version
    demo_laptop.py settings LAPTOP_DB URL        server address and user; prints the user name
"""

from __future__ import annotations

import sys
from contextlib import closing
from pathlib import Path

import crm_desktop.models  # noqa: F401  (registers every model for synced_classes)
from crm_desktop.models.base import synced_classes
from crm_desktop.secure import sqlcipher
from crm_desktop.secure.keys import KeyUnavailable
from crm_desktop.settings import Settings
from crm_desktop.sync.engine import CURSOR_KEY, REFETCH_KEY

DEMO_REP = "jpgomez"  # the first rep crm_desktop.seed makes


def _user_ids(path: Path) -> set[str]:
    with closing(sqlcipher.connect(path, mode="ro")) as conn:  # plain (server) or encrypted
        return {row[0] for row in conn.execute("SELECT id FROM users")}


def matches(server_db: Path, laptop_db: Path) -> bool:
    """The server was imported from this laptop file (its logins carry the same user ids)."""
    if not server_db.is_file():
        return False
    try:
        return _user_ids(server_db) == _user_ids(laptop_db) != set()
    except (sqlcipher.Error, KeyUnavailable):
        return False


def fresh(laptop_db: Path) -> None:
    """After an import from this file: pull from the start, every row at the server's version 1.

    Rows stay as they are; a file that synced with an earlier demo server forgets its cursor
    (the new server's change log starts again) and the versions that server had given.
    """
    with closing(sqlcipher.connect(laptop_db)) as conn, conn:
        conn.execute("DELETE FROM sync_meta WHERE key IN (?, ?)", (CURSOR_KEY, REFETCH_KEY))
        for table in synced_classes():
            conn.execute(f'UPDATE "{table}" SET server_version = 1 WHERE server_version > 1')


def settings(laptop_db: Path, url: str) -> str:
    """Point the file's settings at the demo server; keep a user name chosen already."""
    values = Settings.beside(laptop_db)
    values.set("sync.server_url", url)
    user = str(values.get("sync.username") or "")
    if not user:
        user = str(values.get("general.current_user") or "") or DEMO_REP
        values.set("sync.username", user)
        if not values.get("general.current_user"):
            values.set("general.current_user", user)  # work as the rep who signs in
    values.save()
    return user


def main(argv: list[str]) -> int:
    command, *args = argv
    if command == "matches":
        return 0 if matches(Path(args[0]), Path(args[1])) else 1
    if command == "fresh":
        fresh(Path(args[0]))
        return 0
    if command == "settings":
        print(settings(Path(args[0]), args[1]))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
