"""Two server processes on one PostgreSQL serving the same reps at the same moment."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from crm_desktop.models import Account
from tests.sync.harness import ServerDb, ServerProcess, add_user, make_laptop, start_server
from tests.sync.serverdb import ops_applied_twice, server_row, stored_conflicts, written_values


def test_two_processes_one_database(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> None:
    if server_db.pg_name is None:
        pytest.skip("several server processes need PostgreSQL")
    second = start_server(server_db.url, tmp_path)
    ana = add_user(server_db, "ana")
    add_user(server_db, "boss", "manager")
    laptops = [
        make_laptop(name, tmp_path, template_db, srv, user)
        for name, srv, user in (
            ("ana1", server, "ana"),
            ("ana2", second, "ana"),
            ("boss1", server, "boss"),
            ("boss2", second, "boss"),
        )
    ]
    try:
        accounts = [laptops[0].new_account(ana, legal_name=f"Cliente {i}") for i in range(4)]
        laptops[0].sync()
        for laptop in laptops[1:]:
            laptop.sync()
        written = set()
        for n, laptop in enumerate(laptops):
            for i in range(12):
                acc, value = accounts[(n + i) % 4], f"{laptop.name}-{i}"
                field = ("notes", "segment")[i % 2]
                laptop.update(Account, acc, **{field: value})
                written.add(("accounts", acc, field, json.dumps(value)))
        with ThreadPoolExecutor(len(laptops)) as pool:
            reports = list(pool.map(lambda lt: lt.sync(), laptops))
        assert sum(r.pushed for r in reports) == 48
        for _ in range(2):
            for laptop in laptops:
                laptop.sync()
        for acc in accounts:
            row = server_row(server_db, "accounts", acc)
            for laptop in laptops:
                mine = laptop.get(Account, acc)
                assert (mine.notes, mine.segment) == (row["notes"], row["segment"])
        kept = written_values(server_db) | {
            (c["table_name"], c["row_id"], c["field"], c["client"])
            for c in stored_conflicts(server_db)
        }
        assert written <= kept
        assert ops_applied_twice(server_db) == []
    finally:
        for laptop in laptops:
            laptop.close()
        second.stop()
