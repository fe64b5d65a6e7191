"""`crm-server import-laptop-db`: a seeded laptop file becomes the server's data, and that laptop
then syncs against it without a conflict (what `scripts/demo.sh` relies on)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select

from crm_desktop.database import open_database
from crm_desktop.models import Account
from crm_desktop.models.base import BOOKKEEPING, synced_classes
from crm_desktop.models.codec import row_fields
from crm_desktop.secure import sqlcipher
from crm_desktop.secure.sqlcipher import copy_database
from crm_desktop.seed import seed_database
from crm_desktop.sync.client import SyncClient
from crm_server import auth
from crm_server.__main__ import main as server_main
from crm_server.db.schema import GLOBAL, change_log, sync_rows, users
from tests.sync.harness import PASSWORD, Laptop, ServerDb, start_server
from tests.sync.serverdb import server_row, stored_conflicts

REP = "jpgomez"  # the first rep crm_desktop.seed makes


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The import hashes one password per seeded user: the cheapest argon2id keeps tests fast."""
    monkeypatch.setattr(auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("seeded") / "laptop.db"
    seed_database(path, 30)
    with sqlcipher.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def laptop_file(seeded: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    copy_database(seeded, path)
    return path


def import_into(url: str, path: Path, *extra: str) -> int:
    return server_main(
        ["--database-url", url, "import-laptop-db", str(path), "--password", PASSWORD, *extra]
    )


def snapshot(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every synced row of the file but its updated_at (a pull stamps it even on equal values)."""
    found: dict[str, list[tuple[Any, ...]]] = {}
    with sqlcipher.connect(path) as conn:
        for table in synced_classes():
            cursor = conn.execute(f'SELECT * FROM "{table}" ORDER BY id')
            keep = [i for i, d in enumerate(cursor.description) if d[0] != "updated_at"]
            found[table] = [tuple(r[i] for i in keep) for r in cursor]
    return found


def scope_size(db: ServerDb, user_id: str) -> int:
    with db.engine.connect() as conn:
        query = select(func.count()).where(sync_rows.c.owner.in_([GLOBAL, user_id]))
        return int(conn.scalar(query) or 0)


@pytest.fixture
def synced_laptop(
    laptop_file: Path, server_db: ServerDb, tmp_path: Path
) -> Iterator[tuple[Laptop, ServerDb]]:
    assert import_into(server_db.url, laptop_file) == 0
    server = start_server(server_db.url, tmp_path)
    client = SyncClient(server.base, REP)
    laptop = Laptop("demo", open_database(laptop_file), client)
    try:
        yield laptop, server_db
    finally:
        laptop.close()
        server.stop()


def test_imported_rows_have_the_shape_a_push_gives_them(
    laptop_file: Path, server_db: ServerDb
) -> None:
    assert import_into(server_db.url, laptop_file) == 0
    db = open_database(laptop_file)
    with db.sessions() as s:
        account = s.scalars(select(Account).limit(1)).one()
        expected = row_fields(Account.__mapper__, account, BOOKKEEPING)
        owner = account.owner_id
        product = s.scalars(select(synced_classes()["products"]).limit(1)).one()
    db.engine.dispose()
    stored = server_row(server_db, "accounts", account.id)
    assert stored == expected | {"_version": 1, "_owner": owner}
    assert (server_row(server_db, "products", product.id) or {})["_owner"] == GLOBAL
    with server_db.engine.connect() as conn:
        rows = conn.scalar(select(func.count()).select_from(sync_rows))
        entries = conn.scalar(select(func.count()).select_from(change_log))
        logins = {r.username: r.id for r in conn.execute(select(users))}
    assert rows == entries == sum(len(v) for v in snapshot(laptop_file).values())
    with sqlcipher.connect(laptop_file) as lap:
        assert logins == dict(lap.execute("SELECT username, id FROM users").fetchall())


def test_the_seeded_laptop_syncs_without_conflicts_and_pushes_an_edit(
    synced_laptop: tuple[Laptop, ServerDb],
) -> None:
    laptop, server_db = synced_laptop
    before = snapshot(laptop.db.path)
    user = laptop.client.login(PASSWORD)
    report = laptop.sync()
    assert (report.pushed, report.conflicts, report.refused) == (0, 0, 0)
    assert report.pulled == scope_size(server_db, user.id) > 0  # its whole scope came down
    assert laptop.conflicts() == [] and laptop.ops() == [] and stored_conflicts(server_db) == []
    assert snapshot(laptop.db.path) == before

    with laptop.db.sessions() as s:
        mine = s.scalars(select(Account.id).where(Account.owner_id == user.id).limit(1)).one()
    laptop.update(Account, mine, trade_name="Demo editada")
    report = laptop.sync()
    assert (report.pushed, report.conflicts, report.refused) == (1, 0, 0)
    stored = server_row(server_db, "accounts", mine) or {}
    assert stored["trade_name"] == "Demo editada" and stored["_version"] == 2
    assert laptop.get(Account, mine).server_version == 2
    assert laptop.conflicts() == [] and stored_conflicts(server_db) == []


def test_a_second_import_needs_replace(laptop_file: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'server.db'}"
    assert import_into(url, laptop_file) == 0
    assert import_into(url, laptop_file) == 1
    assert import_into(url, laptop_file, "--replace") == 0
    with sqlite3.connect(tmp_path / "server.db") as conn:
        (rows,) = conn.execute("SELECT count(*) FROM sync_rows").fetchone()
    assert rows == sum(len(v) for v in snapshot(laptop_file).values())


def test_bad_files_and_passwords_are_refused(
    laptop_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'server.db'}"
    assert import_into(url, tmp_path / "missing.db") == 4
    assert "There is no file" in capsys.readouterr().err
    (tmp_path / "notes.db").write_text("not a database", encoding="utf-8")
    assert import_into(url, tmp_path / "notes.db") == 4
    assert "not a SQLite database" in capsys.readouterr().err
    weak = ["--database-url", url, "import-laptop-db", str(laptop_file), "--password", "short"]
    assert server_main(weak) == 1
    assert "too weak" in capsys.readouterr().err
    with sqlite3.connect(tmp_path / "server.db") as conn:
        assert conn.execute("SELECT count(*) FROM sync_rows").fetchone() == (0,)
