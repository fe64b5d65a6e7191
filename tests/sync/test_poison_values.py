"""Whatever the server applies, a laptop can apply: every column of the main tables is pushed
with hostile values through raw HTTP, then every row the server holds is applied to a real
laptop file (a manager's, who receives everything) — no row may fail there."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import select

from crm_desktop.database import open_database
from crm_desktop.models.base import BOOKKEEPING, synced_classes
from crm_desktop.models.codec import to_json
from crm_desktop.models.outbox import APPLYING_REMOTE
from crm_desktop.secure.sqlcipher import copy_database
from crm_desktop.sync.apply import apply_states
from crm_desktop.sync.protocol import RowState
from crm_server.db.schema import sync_rows
from crm_server.rows import table_rank
from tests.factories import account_values
from tests.sync.harness import ServerDb, ServerProcess, add_user
from tests.sync.raw import RawRep

HOSTILE: list[Any] = [
    "garbage", "", " ", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00",
    "2026-02-30", "2026-11-30", "2026-11-30T10:00:00", "2026-11-30T10:00:00Z", "1e400",
    "9e999999", "-0", "NaN", "Infinity", "12.34567", 2**63 - 1, -(2**63), 0, -1, True, False,
    None, "x" * 300, "\u202e\u0301", "+57 300 1234567", "a@b", "draft", "rule", "es", "COP",
]  # fmt: skip


def _bases(rep: RawRep, account: str) -> dict[str, dict[str, Any]]:
    """A valid new row of each table, which one hostile value at a time then spoils."""
    return {
        "accounts": {k: to_json(v) for k, v in account_values(owner_id=rep.user_id).items()},
        "contacts": {"account_id": account, "first_name": "Marta", "last_name": "Ríos"},
        "quotes": {
            "account_id": account, "number": "Q", "status": "draft", "currency": "COP",
            "exchange_rate": "1", "language": "es", "issued_on": "2026-11-30",
            "valid_until": "2026-12-30",
        },
        "reminders": {
            "account_id": account, "owner_id": rep.user_id, "title": "Call",
            "due_at": "2026-12-01T14:00:00+00:00", "source": "manual",
        },
        "visits": {"account_id": account, "planned_at": "2026-12-01T14:00:00+00:00"},
    }  # fmt: skip


def _hostile_ops(rep: RawRep, account: str) -> list[dict[str, Any]]:
    """Per column and hostile value: the insert of a valid row carrying it, and the update of
    another valid row (made just before) to it."""
    ops = []
    for table, base in _bases(rep, account).items():
        table_obj = synced_classes()[table].__table__  # type: ignore[attr-defined]
        for column in table_obj.c:
            if column.name in BOOKKEEPING or column.name in ("id", "account_id", "owner_id"):
                continue
            for i, value in enumerate(HOSTILE):
                number = {"number": f"Q-{column.name}-{i}"} if table == "quotes" else {}
                inserted = base | number | {column.name: value}
                ops.append(rep.op(table, str(uuid.uuid4()), "insert", inserted))
                updated = str(uuid.uuid4())
                valid = base | ({"number": f"U-{column.name}-{i}"} if number else {})
                ops.append(rep.op(table, updated, "insert", valid))
                ops.append(rep.op(table, updated, "update", {column.name: value}, base=1))
    return ops


def test_every_row_the_server_applies_is_one_a_laptop_can_apply(
    server: ServerProcess, server_db: ServerDb, template_db: Path, tmp_path: Path
) -> None:
    add_user(server_db, "ana")
    rep = RawRep.sign_in(server, "ana")
    account = rep.new_account()
    ops = _hostile_ops(rep, account)
    statuses: dict[str, int] = {}
    for start in range(0, len(ops), 500):
        for result in rep.push(*ops[start : start + 500]):
            statuses[result["status"]] = statuses.get(result["status"], 0) + 1
    assert statuses.get("applied", 0) > 100 and statuses.get("refused", 0) > 100, statuses
    with server_db.engine.connect() as conn:
        states = [
            RowState(
                table=r.table_name, row_id=r.row_id, version=r.version, fields=json.loads(r.data)
            )
            for r in conn.execute(select(sync_rows))
        ]
    rank = table_rank()
    states.sort(key=lambda s: rank[s.table])
    path = tmp_path / "manager.db"
    copy_database(template_db, path)
    laptop = open_database(path)
    failures = []
    try:
        for state in states:  # one by one (parents first), so a failure names its row
            with laptop.sessions() as session, session.begin():
                session.info[APPLYING_REMOTE] = True
                try:
                    with session.begin_nested():
                        apply_states(session, [state])
                except Exception as error:
                    failures.append((state.table, state.fields, repr(error)[:200]))
    finally:
        laptop.engine.dispose()
    assert not failures, failures[:5]
