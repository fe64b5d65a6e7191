"""An erase sticks: a laptop that was offline during it cannot bring the person back (real
server, two laptops). Its edits naming her are refused with the reason, never a stuck queue;
its own copy of her goes when the erase reaches it in the same sync's pull."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from crm_desktop.clock import clock_of
from crm_desktop.models import Contact, Visit
from crm_desktop.services.accounts.accounts import add_contact, create_account
from crm_desktop.services.accounts.privacy import anonymize_person, erase_leftovers
from crm_desktop.services.activity.visits import plan_visit
from crm_desktop.services.core import crud
from crm_server.db.schema import sync_rows
from crm_server.erased import REASON
from tests.factories import account_values
from tests.sync.harness import ServerDb, ServerProcess, add_user, make_laptop
from tests.sync.test_privacy_erase import _file_traces, _server_traces

EMAIL = "valentina.ospinal@tornillo.co"


@pytest.mark.parametrize("server_db", ["sqlite"], indirect=True)
def test_an_offline_laptop_cannot_bring_an_erased_person_back(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> None:
    rep = add_user(server_db, "ana")
    add_user(server_db, "boss", "manager")
    ana = make_laptop("a", tmp_path, template_db, server, "ana")
    with ana.tx() as s:
        account = create_account(s, account_values(owner_id=rep, legal_name="El Tornillo S.A.S."))
        person = add_contact(s, account.id, {"first_name": "Valentina", "last_name": "Ospinal",
                                             "email": EMAIL, "phone": "310 555 0199"})  # fmt: skip
    ana.sync()
    boss = make_laptop("b", tmp_path, template_db, server, "boss")
    # Offline, the manager edits her and writes about her; meanwhile ana erases her.
    with boss.tx() as s:
        crud.update(s, Contact, person.id, {"job_title": "Jefa de compras"})
        at = clock_of(s).now()
        naming = [
            plan_visit(
                s, {"account_id": account.id, "owner_id": rep, "planned_at": at, "notes": note}
            ).id
            for note in ("Llamar a Valentina Ospinal", "Escribir al 310-555-0199")
        ]
        about_her = plan_visit(s, {"account_id": account.id, "contact_id": person.id,
                                   "owner_id": rep, "planned_at": at,
                                   "notes": "Valentina pidió descuento"}).id  # fmt: skip
        clean = plan_visit(s, {"account_id": account.id, "owner_id": rep, "planned_at": at,
                               "notes": "Revisar el inventario"}).id  # fmt: skip
    with ana.tx() as s:
        anonymize_person(s, account.id, person.id, "subject", "email", "Ley 1581", None)
    erase_leftovers(ana.db.engine, ana.db.path)
    ana.sync()

    report = boss.sync()

    assert report.refused == 4  # her row, two notes naming her, her visit's first name
    refused = boss.ops("refused")
    assert {json.loads(op.error)["reason"] for op in refused} == {REASON}
    assert boss.ops("pending") == []  # nothing stuck
    assert _server_traces(server_db) == []
    assert _file_traces(boss) == []  # her copy went with the erase, the refused ops' too
    with boss.tx() as s:
        assert s.get(Contact, person.id).first_name == "Titular anonimizado"
        assert s.get(Contact, person.id).job_title is None
        notes = dict(s.execute(select(Visit.id, Visit.notes)).all())
    assert notes[about_her] == "[anonimizado] pidió descuento"
    assert all("[anonimizado]" in notes[v] for v in naming)
    assert notes[clean] == "Revisar el inventario"
    with server_db.engine.connect() as conn:  # the rest went through
        assert conn.scalar(select(sync_rows.c.data).where(sync_rows.c.row_id == clean))
    ana.close()
    boss.close()
