"""`crm-server import`: an admin loads accounts for every rep from one spreadsheet; each line's
problems are listed, and every valid account with its contacts or nothing is saved (the real
command on the real server database; the reps' laptops then receive their accounts)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from crm_desktop.models import Account, Contact
from crm_server.db.schema import sync_rows
from tests.sync.harness import ServerDb, ServerProcess, add_user, make_laptop
from tests.views.data import valid_nit

HEADER = (  # a title row above the header, as a sales assistant's sheet has
    "Listado de clientes 2026\r\n"
    "Razón social;NIT;Ciudad;Representante;Nombre contacto;Correo contacto"
)


def _nit(n: int) -> str:
    raw = valid_nit(n)
    return f"{raw[:3]}.{raw[3:6]}.{raw[6:9]}-{raw[9]}"


def _csv(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "clientes.csv"
    path.write_bytes(("\r\n".join([HEADER, *lines]) + "\r\n").encode("cp1252"))
    return path


def _cli(db: ServerDb, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crm_server", "--database-url", db.url, "import", *args],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def _accounts(db: ServerDb) -> int:
    with db.engine.connect() as conn:
        query = select(func.count()).where(sync_rows.c.table_name == "accounts")
        return int(conn.scalar(query) or 0)


def test_an_admin_loads_every_reps_accounts_and_bad_lines_are_listed(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> None:
    add_user(server_db, "ana")
    add_user(server_db, "beto")
    add_user(server_db, "jefa", role="admin")
    path = _csv(tmp_path, [
        f"Ferretería El Tornillo S.A.S.;{_nit(900_555_111)};Bogotá;ana;Marta;marta@tornillo.co",
        f"Ferretería El Tornillo S.A.S.;{_nit(900_555_111)};Bogotá;ana;Luis;luis@tornillo.co",
        f"Droguería Santa Fe;{_nit(800_123_456)};Cali;beto;Eva;eva@santafe.co",
        f"Textiles del Valle;{_nit(901_000_001)};Cali;carlos;Pedro;pedro@tdv.co",
        "Sin NIT válido S.A.S.;900.555.111-9;Bogotá;ana;;",
        '"=HYPERLINK(""http://x"";""y"")";' + _nit(901_000_002) + ";Cali;beto;;",
    ])  # fmt: skip
    done = _cli(server_db, str(path), "--as", "jefa")
    assert done.returncode == 1, done.stderr
    assert "Imported 2 accounts and 3 contacts." in done.stdout
    lines = [line for line in done.stdout.splitlines() if line.startswith("Line ")]
    assert [line.split(" not imported")[0] for line in lines] == ["Line 6", "Line 7", "Line 8"]
    assert "no rep carlos" in lines[0]
    assert "formula" in lines[2]
    a = make_laptop("a", tmp_path, template_db, server, "ana")
    b = make_laptop("b", tmp_path, template_db, server, "beto")
    with a.db.sessions() as s:
        assert list(s.scalars(select(Account.legal_name))) == ["Ferretería El Tornillo S.A.S."]
        assert sorted(s.scalars(select(Contact.first_name))) == ["Luis", "Marta"]
    with b.db.sessions() as s:
        assert list(s.scalars(select(Account.legal_name))) == ["Droguería Santa Fe"]
    # The same file again: its tax ids are on the server now, so nothing is doubled.
    again = _cli(server_db, str(path), "--as", "jefa")
    assert "Imported 0 accounts" in again.stdout and "already on the server" in again.stdout
    assert _accounts(server_db) == 2
    a.close()
    b.close()


def test_all_or_nothing_and_who_may_import(tmp_path: Path, server_db: ServerDb) -> None:
    add_user(server_db, "ana")
    add_user(server_db, "jefa", role="admin")
    path = _csv(tmp_path, [
        f"Ferretería El Tornillo S.A.S.;{_nit(900_555_111)};Bogotá;ana;Marta;marta@tornillo.co",
        f"Droguería Santa Fe;{_nit(800_123_456)};Cali;nadie;Eva;eva@santafe.co",
    ])  # fmt: skip
    strict = _cli(server_db, str(path), "--as", "jefa", "--all-or-nothing")
    assert strict.returncode == 1 and "nothing was imported" in strict.stderr
    assert _accounts(server_db) == 0
    rep = _cli(server_db, str(path), "--as", "ana")
    assert rep.returncode == 1 and "not an active administrator" in rep.stderr
    no_owner = tmp_path / "sin_asesor.csv"
    no_owner.write_text("Razón social;NIT\nX S.A.S.;" + _nit(900_555_111) + "\n", "utf-8")
    missing = _cli(server_db, str(no_owner), "--as", "jefa")
    assert missing.returncode == 1 and "Representante" in missing.stderr
    empty = tmp_path / "vacio.csv"
    empty.write_bytes(b"")
    assert _cli(server_db, str(empty), "--as", "jefa").returncode == 4
    assert _accounts(server_db) == 0
