"""Push and pull between two laptops through a real server."""

from __future__ import annotations

from pathlib import Path

from crm_desktop.models import Account
from tests.sync.harness import Laptop, ServerDb, ServerProcess, add_user, make_laptop


def _pair(
    tmp_path: Path, template_db: Path, server: ServerProcess, db: ServerDb
) -> tuple[Laptop, Laptop, str]:
    rep = add_user(db, "ana")
    add_user(db, "boss", "manager")
    a = make_laptop("a", tmp_path, template_db, server, "ana")
    m = make_laptop("m", tmp_path, template_db, server, "boss")
    return a, m, rep


def test_a_new_account_reaches_the_manager(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> None:
    a, m, rep = _pair(tmp_path, template_db, server, server_db)
    acc = a.new_account(rep, legal_name="Ferretería El Tornillo S.A.S.")
    report = a.sync()
    assert report.pushed >= 1 and report.refused == 0, a.ops()
    m.sync()
    got = m.get(Account, acc)
    assert got is not None and got.legal_name == "Ferretería El Tornillo S.A.S."
    assert got.server_version == a.get(Account, acc).server_version >= 1
    a.close()
    m.close()
