"""Poison pushed through raw HTTP (bypassing the laptop's checks) never stops a manager's sync."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import httpx

from crm_desktop.models import Account, Contact, OutboxOp, Quote
from crm_desktop.services.core import crud
from crm_desktop.services.quotes.quotes import create_quote
from crm_desktop.sync import protocol as P
from crm_desktop.sync import setaside
from tests.sync.harness import PASSWORD, Laptop, ServerDb, ServerProcess, add_user, make_laptop


def _insert_fields(laptop: Laptop, row_id: str) -> dict[str, Any]:
    with laptop.db.sessions() as s:
        op = s.query(OutboxOp).filter_by(row_id=row_id, op="insert").one()
        return dict(json.loads(op.fields))


def _raw_push(server: ServerProcess, username: str, ops: list[dict[str, Any]]) -> list[str]:
    headers = {P.PROTOCOL_HEADER: str(P.PROTOCOL_VERSION), P.SCHEMA_HEADER: str(P.SCHEMA_VERSION)}
    with httpx.Client(base_url=server.base, headers=headers, timeout=30) as http:
        login = http.post("/v1/auth/login", json={"username": username, "password": PASSWORD})
        token = login.json()["access_token"]
        numbered = [{"base_version": 0} | op | {"op_seq": i + 1} for i, op in enumerate(ops)]
        body = {"protocol": P.PROTOCOL_VERSION, "schema_version": P.SCHEMA_VERSION,
                "client_id": str(uuid.uuid4()), "ops": numbered}  # fmt: skip
        answer = http.post("/v1/sync/push", json=body, headers={"Authorization": f"Bearer {token}"})
    if answer.status_code != 200:  # the server refused the whole batch: nothing was stored
        return ["refused"] * len(ops)
    return [r["status"] for r in answer.json()["results"]]


def test_poison_rows_sync_as_set_aside_and_everything_else_syncs(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> None:
    ana = add_user(server_db, "ana")
    add_user(server_db, "boss", "manager")
    a = make_laptop("a", tmp_path, template_db, server, "ana")
    acc = a.new_account(ana)
    with a.tx() as s:
        good = crud.create(s, Contact, {"account_id": acc, "first_name": "Ana"}).id
        doomed = crud.create(s, Contact, {"account_id": acc, "first_name": "Luis"}).id
        quote = create_quote(s, acc, owner_id=ana).id
    contact_fields, quote_fields = _insert_fields(a, good), _insert_fields(a, quote)
    a.sync()
    poison = {
        "bad time": ("contacts", contact_fields | {"created_at": "garbage"}),
        "bad deleted_at": ("contacts", contact_fields | {"deleted_at": "garbage"}),
        "same number 1": ("quotes", quote_fields),
        "same number 2": ("quotes", quote_fields),
    }
    ops, ids = [], {}
    for name, (table, fields) in poison.items():
        ids[name] = str(uuid.uuid4())
        ops.append({"table": table, "row_id": ids[name], "op": "insert",
                    "fields": fields | {"id": ids[name]}})  # fmt: skip
    ops.append({"table": "contacts", "row_id": doomed, "op": "delete", "base_version": 1,
                "fields": {"deleted_at": "yesterday"}})  # fmt: skip
    statuses = _raw_push(server, "ana", ops)
    later = a.new_account(ana, legal_name="Después del veneno S.A.S.", tax_id="800.197.268-4")
    a.sync()
    m = make_laptop("m", tmp_path, template_db, server, "boss")  # its first sync must not fail
    m.sync()
    a2 = make_laptop("a2", tmp_path, template_db, server, "ana")  # the rep's second laptop too
    for laptop in (a, m, a2):
        assert laptop.get(Account, acc) is not None and laptop.get(Account, later) is not None
        assert laptop.get(Contact, good) is not None and laptop.get(Quote, quote) is not None
        with laptop.db.sessions() as s:
            aside = {u.row_id for u in setaside.unapplied_rows(s)}
        for (name, (table, _fields)), status in zip(poison.items(), statuses, strict=False):
            model = {"contacts": Contact, "quotes": Quote}[table]
            stored = laptop.get(model, ids[name]) is not None
            # refused by the server, or set aside here; never a failed sync
            assert status == "refused" or stored or ids[name] in aside, name
        if statuses[-1] == "applied":  # the server stored "yesterday": set aside here
            assert doomed in aside
    for laptop in (a, m, a2):
        laptop.close()
