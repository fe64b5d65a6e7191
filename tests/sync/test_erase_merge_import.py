"""An erase sticks through a manager's merge and an administrator's bulk import (real server and
laptops): neither may bring back a person erased at their request; what is refused or skipped
is said in words, record by record or line by line."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from crm_desktop.clock import clock_of
from crm_desktop.models import Contact
from crm_desktop.services.accounts.accounts import add_contact, create_account
from crm_desktop.services.accounts.privacy import anonymize_person, erase_leftovers
from crm_desktop.services.activity.visits import plan_visit
from crm_desktop.services.core import crud
from crm_desktop.sync import protocol as P
from crm_desktop.sync.client import SyncError
from crm_server import bulk_records
from crm_server.__main__ import build_parser
from crm_server.bulk_import import import_file
from crm_server.db.schema import account_tax_ids, sync_rows
from crm_server.erased import REASON
from crm_server.privacy import anonymize_on_server
from tests.factories import account_values
from tests.services.importing.records_fixtures import latin1
from tests.sync.harness import ServerDb, ServerProcess, add_user, make_laptop
from tests.sync.serverdb import server_row
from tests.sync.test_privacy_erase import _server_traces
from tests.sync.test_server_import import _cli, _nit
from tests.views.data import valid_nit

EMAIL = "valentina.ospinal@tornillo.co"


def _rows(db: ServerDb, table: str) -> list[dict[str, Any]]:
    with db.engine.connect() as conn:
        query = select(sync_rows.c.data).where(sync_rows.c.table_name == table)
        return [json.loads(raw) for raw in conn.scalars(query)]


def _server_texts(db: ServerDb, words: str) -> list[str]:
    with db.engine.connect() as conn:
        return [r for r in conn.scalars(select(sync_rows.c.data)) if words in r]


@pytest.mark.parametrize("server_db", ["sqlite"], indirect=True)
def test_late_work_on_an_account_merged_since_cannot_bring_her_back(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> None:
    rep = add_user(server_db, "ana")
    add_user(server_db, "boss", "manager")
    ana = make_laptop("a", tmp_path, template_db, server, "ana")
    with ana.tx() as s:
        account = create_account(s, account_values(owner_id=rep, legal_name="El Tornillo S.A.S."))
        person = add_contact(s, account.id, {"first_name": "Valentina", "last_name": "Ospinal",
                                             "email": EMAIL, "phone": "310 555 0199"})  # fmt: skip
    other = {"legal_name": "Tornillos Unidos S.A.S.", "tax_id": valid_nit(800_123_456)}
    survivor = ana.new_account(rep, **other)
    ana.sync()
    boss = make_laptop("b", tmp_path, template_db, server, "boss")
    with boss.tx() as s:  # offline: the manager edits her and writes about her
        crud.update(s, Contact, person.id, {"job_title": "Jefa de compras", "email": EMAIL})
        plan_visit(
            s,
            {
                "account_id": account.id,
                "owner_id": rep,
                "planned_at": clock_of(s).now(),
                "notes": "Llamar a Valentina Ospinal",
            },
        )
    with ana.tx() as s:
        anonymize_person(s, account.id, person.id, "subject", "email", "Ley 1581", None)
    erase_leftovers(ana.db.engine, ana.db.path)
    ana.sync()
    # Another manager merges her old account into another one before the boss syncs.
    add_user(server_db, "maria", "manager")
    maria = make_laptop("m", tmp_path, template_db, server, "maria")
    maria.client.merge_accounts(survivor, account.id, [])

    report = boss.sync()

    assert report.refused == 2  # her row (moved to the survivor) and the visit aimed at it
    assert {json.loads(op.error)["reason"] for op in boss.ops("refused")} == {REASON}
    assert boss.ops("pending") == []
    assert _server_traces(server_db) == []
    assert server_row(server_db, "contacts", person.id)["account_id"] == survivor
    for laptop in (ana, boss, maria):
        laptop.close()


@pytest.mark.parametrize("server_db", ["sqlite"], indirect=True)
def test_a_merge_that_would_put_an_erased_person_back_is_refused_row_by_row(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> None:
    ana, beto = add_user(server_db, "ana"), add_user(server_db, "beto")
    add_user(server_db, "maria", "manager")
    a = make_laptop("a", tmp_path, template_db, server, "ana")
    b = make_laptop("b", tmp_path, template_db, server, "beto")
    person = {"kind": "natural_person", "legal_name": "Valentina Ospinal", "trade_name": None,
              "tax_id_kind": "cc", "tax_id": "52123456", "phone": "310 555 0199",
              "email": EMAIL, "address": None}  # fmt: skip
    erased_id = a.new_account(ana, **person)
    twin = b.new_account(beto, **person)  # beto had her too, as his own client
    with b.tx() as s:
        visit = plan_visit(s, {"account_id": twin, "owner_id": beto,
                               "planned_at": clock_of(s).now(),
                               "notes": "Valentina pidió descuento"}).id  # fmt: skip
        clean = plan_visit(
            s,
            {
                "account_id": twin,
                "owner_id": beto,
                "planned_at": clock_of(s).now(),
                "notes": "Revisar",
            },
        ).id
    a.sync()
    b.sync()
    with a.tx() as s:
        anonymize_person(s, erased_id, None, "subject", "email", "Ley 1581", None)
    a.sync()
    m = make_laptop("m", tmp_path, template_db, server, "maria")

    with pytest.raises(SyncError, match="erased at their request") as refused:
        m.client.merge_accounts(erased_id, twin, ["phone"])
    assert "nothing was merged" in refused.value.message

    request = P.MergeRequest(protocol=P.PROTOCOL_VERSION, schema_version=P.SCHEMA_VERSION,
                             survivor_id=erased_id, merged_id=twin, take=[])  # fmt: skip
    with pytest.raises(SyncError):  # the words name each record (by id, never what it held)
        m.client._post("/v1/accounts/merge", request)
    response = m.client._send(
        "/v1/accounts/merge",
        request.model_dump_json().encode(),
        {"Content-Type": "application/json", "Authorization": f"Bearer {m.client._access}"},
    )
    body = response.json()
    assert response.status_code == 409 and body["code"] == "erased_person"
    assert set(body["details"]) == {f"visits {visit}"}  # her first name, in a row about her
    assert server_row(server_db, "accounts", twin)["deleted_at"] is None  # nothing merged
    assert server_row(server_db, "visits", clean)["account_id"] == twin
    assert "Valentina" not in json.dumps(server_row(server_db, "accounts", erased_id))
    for laptop in (a, b, m):
        laptop.close()


@pytest.mark.parametrize("server_db", ["sqlite"], indirect=True)
def test_a_bulk_import_skips_the_lines_of_an_erased_person(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> None:
    rep = add_user(server_db, "ana")
    add_user(server_db, "jefa", role="admin")
    ana = make_laptop("a", tmp_path, template_db, server, "ana")
    with ana.tx() as s:
        account = create_account(s, account_values(owner_id=rep, legal_name="El Tornillo S.A.S."))
        person = add_contact(s, account.id, {"first_name": "Valentina", "last_name": "Ospinal",
                                             "email": EMAIL, "phone": "310 555 0199"})  # fmt: skip
    natural = ana.new_account(rep, kind="natural_person", legal_name="Lucía Restrepo",
                              trade_name=None, tax_id_kind="cc", tax_id="52123456")  # fmt: skip
    ana.sync()
    with ana.tx() as s:
        anonymize_person(s, account.id, person.id, "subject", "email", "Ley 1581", None)
        anonymize_person(s, natural, None, "subject", "email", "Ley 1581", None)
    ana.sync()
    with server_db.engine.connect() as conn:  # the duplicates' lookup forgot her tax id too
        assert "52123456" not in set(conn.scalars(select(account_tax_ids.c.tax_id)))
    path = tmp_path / "clientes.csv"
    path.write_bytes(("\r\n".join([
        "Razón social;Tipo de documento;NIT;Ciudad;Representante;Nombre contacto;"
        "Correo contacto;Celular",
        f"Ferretería Nueva S.A.S.;NIT;{_nit(900_555_111)};Bogotá;ana;Valentina;{EMAIL.upper()};",
        f"Ferretería Nueva S.A.S.;NIT;{_nit(900_555_111)};Bogotá;ana;Luis;luis@nueva.co;",
        f"Droguería Sur;NIT;{_nit(800_123_456)};Cali;ana;Vale;vale@sur.co;+57 310 555 0199",
        "Lucía Restrepo;CC;52.123.456;Cali;ana;;;",
        f"Textiles del Valle;NIT;{_nit(901_000_001)};Cali;ana;Pedro;pedro@tdv.co;",
    ]) + "\r\n").encode("cp1252"))  # fmt: skip

    done = _cli(server_db, str(path), "--as", "jefa")

    assert done.returncode == 1, done.stderr
    assert "Imported 3 accounts and 2 contacts." in done.stdout  # Nueva with Luis, Sur, Textiles
    lines = [line for line in done.stdout.splitlines() if line.startswith("Line ")]
    assert [line.split(": ")[0] for line in lines] == [
        "Line 5 not imported", "Line 2 imported without its contact",
        "Line 4 imported without its contact",
    ]  # fmt: skip
    assert all("erased at their request" in line for line in lines)
    assert EMAIL not in done.stdout.lower() and "52123456" not in done.stdout
    assert _server_texts(server_db, "Valentina") == []
    assert _server_texts(server_db, "5550199") == []
    assert _server_texts(server_db, "52123456") == []
    assert len(_server_texts(server_db, "Ferretería Nueva")) == 1
    ana.close()


@pytest.mark.parametrize("server_db", ["sqlite"], indirect=True)
def test_an_erase_asked_before_the_laptop_heard_of_a_merge_still_erases(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> None:
    rep = add_user(server_db, "ana")
    add_user(server_db, "maria", "manager")
    ana = make_laptop("a", tmp_path, template_db, server, "ana")
    with ana.tx() as s:
        account = create_account(s, account_values(owner_id=rep, legal_name="El Tornillo S.A.S."))
        person = add_contact(s, account.id, {"first_name": "Valentina", "last_name": "Ospinal",
                                             "email": EMAIL, "phone": "310 555 0199"})  # fmt: skip
    other = {"legal_name": "Tornillos Unidos S.A.S.", "tax_id": valid_nit(800_123_456)}
    survivor = ana.new_account(rep, **other)
    ana.sync()
    maria = make_laptop("m", tmp_path, template_db, server, "maria")
    maria.client.merge_accounts(survivor, account.id, [])
    with ana.tx() as s:  # ana has not synced since: her request names the merged account
        anonymize_person(s, account.id, person.id, "subject", "email", "Ley 1581", None)

    assert ana.sync().refused == 0

    assert _server_traces(server_db) == []
    assert server_row(server_db, "contacts", person.id)["first_name"] == "Titular anonimizado"
    ana.close()
    maria.close()


@pytest.mark.parametrize("server_db", ["sqlite"], indirect=True)
def test_an_opportunities_import_skips_the_lines_naming_an_erased_person(
    tmp_path: Path, server_db: ServerDb, capsys: pytest.CaptureFixture[str]
) -> None:
    add_user(server_db, "ana")
    add_user(server_db, "jefa", role="admin")
    clients = tmp_path / "clientes.csv"
    clients.write_bytes("Razón social;NIT;Representante;Nombre contacto;Apellido contacto\r\n"
                        "Distribuciones Andina S.A.S.;900.123.456-8;ana;Valentina;Ospinal\r\n"
                        .encode("cp1252"))  # fmt: skip
    assert import_file(server_db.engine, clients, "jefa").contacts == 1
    [contact] = [r for r in _rows(server_db, "contacts")]
    with server_db.engine.begin() as conn:  # erased at her request (as a laptop's push does it)
        request = {"id": str(uuid.uuid4()), "action": "anonymize", "contact_id": contact["id"],
                   "account_id": contact["account_id"]}  # fmt: skip
        assert anonymize_on_server(conn, request, "jefa", 0.0) == 1
    head = ["NIT", "Cliente", "Oportunidad", "Etapa", "Valor", "Probabilidad", "Fecha de cierre"]
    line = ["900.123.456-8", "", "", "Propuesta", "45.000.000,00", "60 %", "15/03/2027"]
    path = latin1(
        tmp_path,
        "o.csv",
        [
            head,
            [*line[:2], "Propuesta para Valentina Ospinal", *line[3:]],
            [*line[:2], "Renovación 2027", *line[3:]],
        ],
    )
    args = build_parser().parse_args(["import", str(path), "--kind", "opportunities", "--as",
                                      "jefa"])  # fmt: skip

    assert bulk_records.command(server_db.engine, args) == 1

    out = capsys.readouterr().out
    assert "Imported opportunities: 1 created, 0 updated." in out
    assert "Line 2 not imported: This is the data of a person erased at their request" in out
    assert [o["name"] for o in _rows(server_db, "opportunities")] == ["Renovación 2027"]
    assert _server_texts(server_db, "Ospinal") == []
