"""Concurrent edits and edit vs delete: never silent; the loser is kept, shown, and can win."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from crm_desktop.models import Account
from crm_desktop.sync import resolve
from tests.sync.harness import Laptop, ServerDb, ServerProcess, add_user, make_laptop
from tests.sync.serverdb import server_row, stored_conflicts


@pytest.fixture
def trio(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> Iterator[tuple[Laptop, Laptop, str]]:
    """A rep's laptop and a manager's, both holding one synced account of the rep."""
    rep = add_user(server_db, "ana")
    add_user(server_db, "boss", "manager")
    a = make_laptop("a", tmp_path, template_db, server, "ana")
    m = make_laptop("m", tmp_path, template_db, server, "boss")
    acc = a.new_account(rep, phone="601 3456789")
    a.sync()
    m.sync()
    yield a, m, acc
    a.close()
    m.close()


def test_same_field_conflict_keeps_first_value_and_returns_the_other(
    trio: tuple[Laptop, Laptop, str], server_db: ServerDb
) -> None:
    a, m, acc = trio
    a.update(Account, acc, phone="604 4445566")
    m.update(Account, acc, phone="605 3856677")
    a.sync()
    report = m.sync()
    assert report.conflicts == 1
    assert server_row(server_db, "accounts", acc)["phone"] == "+576044445566"
    assert m.get(Account, acc).phone == "+576044445566"  # the laptop shows the kept value
    [local] = m.conflicts()
    assert (local.field, local.kind) == ("phone", "field")
    assert local.local == '"+576053856677"' and local.base == '"+576013456789"'
    assert [c["client"] for c in stored_conflicts(server_db)] == ['"+576053856677"']
    with m.tx() as s:
        resolve.keep_local(s, local.id)  # the manager takes their own value: a new change
    m.sync()
    a.sync()
    assert server_row(server_db, "accounts", acc)["phone"] == "+576053856677"
    assert a.get(Account, acc).phone == "+576053856677"


def test_different_fields_both_apply(trio: tuple[Laptop, Laptop, str], server_db: ServerDb) -> None:
    a, m, acc = trio
    a.update(Account, acc, city="Cali")
    m.update(Account, acc, notes="Cliente estratégico")
    a.sync()
    assert m.sync().conflicts == 0
    a.sync()
    for laptop in (a, m):
        got = laptop.get(Account, acc)
        assert (got.city, got.notes) == ("Cali", "Cliente estratégico")
    assert m.conflicts() == []


def test_edit_against_a_delete_is_a_conflict(
    trio: tuple[Laptop, Laptop, str], server_db: ServerDb
) -> None:
    a, m, acc = trio
    m.delete(Account, acc)
    a.update(Account, acc, city="Pereira")
    m.sync()
    assert a.sync().conflicts == 1
    assert server_row(server_db, "accounts", acc)["deleted_at"] is not None
    [c] = a.conflicts()
    assert (c.kind, c.field, c.local) == ("edit_vs_delete", "city", '"Pereira"')
    assert a.get(Account, acc).deleted_at is not None
    with a.tx() as s:
        resolve.keep_local(s, c.id)  # bring it back with the edit
    a.sync()
    row = server_row(server_db, "accounts", acc)
    assert row["deleted_at"] is None and row["city"] == "Pereira"


def test_delete_against_an_edit_is_a_conflict(
    trio: tuple[Laptop, Laptop, str], server_db: ServerDb
) -> None:
    a, m, acc = trio
    a.update(Account, acc, city="Manizales")
    m.delete(Account, acc)
    a.sync()
    assert m.sync().conflicts == 1
    row = server_row(server_db, "accounts", acc)
    assert row["deleted_at"] is None and row["city"] == "Manizales"  # the edit was not lost
    assert m.get(Account, acc).deleted_at is None  # back on the manager's laptop
    assert [c.kind for c in m.conflicts()] == ["delete_vs_edit"]
    assert stored_conflicts(server_db)[0]["kind"] == "delete_vs_edit"
