"""Scope: reps touch only their accounts; reassignment moves everything and keeps unsent edits."""

from __future__ import annotations

from pathlib import Path

from crm_desktop.database import open_database
from crm_desktop.models import Account, Contact, Product
from crm_desktop.secure.sqlcipher import copy_database
from crm_desktop.services.core import crud
from crm_desktop.sync import resolve
from crm_desktop.sync.client import SyncClient
from crm_server import admin
from tests.sync.harness import PASSWORD, Laptop, ServerDb, ServerProcess, add_user, make_laptop
from tests.sync.serverdb import server_row


def _contact(laptop: Laptop, account_id: str, name: str = "Marta") -> str:
    with laptop.tx() as s:
        return crud.create(s, Contact, {"account_id": account_id, "first_name": name}).id


def test_reassignment_moves_the_account_and_keeps_unsent_edits(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> None:
    ana = add_user(server_db, "ana")
    add_user(server_db, "beto")
    a = make_laptop("a", tmp_path, template_db, server, "ana")
    b = make_laptop("b", tmp_path, template_db, server, "beto")
    acc = a.new_account(ana, legal_name="Textiles del Valle S.A.S.")
    contact = _contact(a, acc)
    a.sync()
    a.update(Account, acc, notes="Llamar el lunes")  # not yet sent when the account moves
    with server_db.engine.begin() as conn:
        admin.assign_account(conn, acc, "beto")
    b.sync()
    assert b.get(Account, acc).notes is None and b.get(Contact, contact) is not None
    a.sync()
    assert a.get(Account, acc) is None and a.get(Contact, contact) is None
    with a.db.sessions() as s:
        [held] = resolve.held_ops(s)
    assert held.state == "reassigned" and held.fields == {"notes": "Llamar el lunes"}
    assert held.account_name == "Textiles del Valle S.A.S."
    assert "reassigned" in held.reason
    a.close()
    b.close()


def test_out_of_scope_and_invalid_ops_are_refused_one_by_one(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> None:
    ana = add_user(server_db, "ana")
    add_user(server_db, "beto")
    a = make_laptop("a", tmp_path, template_db, server, "ana")
    b = make_laptop("b", tmp_path, template_db, server, "beto")
    mine = a.new_account(ana)
    assert a.sync().pushed == 1
    theirs = b.new_account(ana, legal_name="No es de Beto")  # beto makes an account for ana
    with b.tx() as s:
        crud.create(s, Product, {"code": "P-1", "name": "Licencia", "unit": "unidad"})
    ok = b.new_account(_beto(server_db))
    report = b.sync()
    assert report.refused == 2 and report.pushed == 3
    assert server_row(server_db, "accounts", theirs) is None
    assert server_row(server_db, "accounts", ok) is not None  # the rest of the batch went on
    with b.db.sessions() as s:
        reasons = sorted(h.reason for h in resolve.held_ops(s))
    assert reasons == [
        "A new account must be assigned to you.",
        "Only managers change the catalog and the users.",
    ]
    assert server_row(server_db, "accounts", mine) is not None
    a.close()
    b.close()


def _beto(db: ServerDb) -> str:
    with db.engine.connect() as conn:
        return next(u.id for u in admin.list_users(conn) if u.username == "beto")


def test_refused_change_can_be_fixed_and_resent_or_discarded(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> None:
    ana = add_user(server_db, "ana")
    a = make_laptop("a", tmp_path, template_db, server, "ana")
    acc = a.new_account(ana)
    other = _other(server_db)
    a.sync()
    with a.tx() as s:  # a change only a manager may make
        s.get(Account, acc).owner_id = other
    a.sync()
    with a.db.sessions() as s:
        [held] = resolve.held_ops(s)
    assert held.reason == "Only a manager can reassign an account."
    with a.tx() as s:
        resolve.discard(s, held.op_seq)
    a.sync()
    assert a.get(Account, acc).owner_id == ana  # back to the server's value
    a.update(Account, acc, city="Ibagué", owner_id=other)
    a.sync()
    with a.db.sessions() as s:
        [held] = resolve.held_ops(s)
    a.update(Account, acc, owner_id=ana)  # the rep fixes it, then sends it again
    with a.tx() as s:
        resolve.resend(s, held.op_seq)
    assert a.sync().refused == 0
    assert server_row(server_db, "accounts", acc)["city"] == "Ibagué"
    a.close()


def _other(db: ServerDb) -> str:
    with db.engine.begin() as conn:
        return admin.add_user(conn, "otro", PASSWORD, "rep", "Otro")


def test_copied_database_file_gets_a_new_client_id(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> None:
    ana = add_user(server_db, "ana")
    a = make_laptop("a", tmp_path, template_db, server, "ana")
    a.new_account(ana)
    a.sync()
    copy_path = tmp_path / "copy" / "crm.db"
    copy_path.parent.mkdir()
    a.db.engine.dispose()
    copy_database(a.db.path, copy_path)
    copy_db = open_database(copy_path)
    copy = Laptop("copy", copy_db, SyncClient(server.base, "ana"))
    copy.client.login(PASSWORD)
    report = copy.sync()
    assert report.new_identity
    with a.db.sessions() as s1, copy_db.sessions() as s2:
        from crm_desktop.services.core.device import client_id

        assert client_id(s1) != client_id(s2)
    assert not a.sync().new_identity
    a.close()
    copy.close()


def test_values_no_rule_expects_are_refused_with_a_reason(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> None:
    from crm_desktop.sync import protocol as P

    ana = add_user(server_db, "ana")
    a = make_laptop("a", tmp_path, template_db, server, "ana")
    acc = a.new_account(ana)
    a.sync()
    ops = [
        P.PushOp(op_seq=1, table="accounts", row_id=acc, op="update",
                 fields={"employee_count": "many"}, base_version=1),
        P.PushOp(op_seq=2, table="quote_lines", row_id="line-1", op="insert",
                 fields={"quote_id": "nope", "position": 1}, base_version=0),
        P.PushOp(op_seq=3, table="accounts", row_id=acc, op="update",
                 fields={"city": "Armenia"}, base_version=1),
    ]  # fmt: skip
    answer = a.client.push(P.PushRequest(protocol=1, schema_version=1, client_id="raw-1", ops=ops))
    first, second, third = answer.results
    assert first.status == "refused" and "employee_count" in first.problems
    assert second.status == "refused" and second.reason
    assert third.status == "applied"  # the rest of the batch went on
    a.close()
