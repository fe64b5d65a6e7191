"""Every local write of a synced row lands in sync_outbox, in the same transaction."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from crm_desktop.database import Database
from crm_desktop.models import Account, Contact, OutboxOp
from crm_desktop.models.outbox import remote_changes
from crm_desktop.services.accounts import accounts as svc
from crm_desktop.services.core.crud import unit_of_work
from tests.factories import make_account


def _ops(database: Database) -> list[OutboxOp]:
    """The ops of the rows these tests write (an account's consent history makes its own)."""
    with database.sessions() as s:
        query = select(OutboxOp).where(OutboxOp.table_name != "consent_events")
        return list(s.scalars(query.order_by(OutboxOp.op_seq)))


def test_insert_is_captured_with_every_field(database: Database) -> None:
    with unit_of_work(database.sessions) as s:
        account = make_account(s)
    [op] = _ops(database)
    assert (op.table_name, op.row_id, op.op, op.base_version) == (
        "accounts",
        account.id,
        "insert",
        0,
    )
    fields = json.loads(op.fields)
    assert fields["legal_name"] == "Distribuciones Andina S.A.S."
    assert fields["tax_id"] == "9001234568"
    assert "row_key" not in fields and "server_version" not in fields and "updated_at" not in fields


def test_update_captures_only_changed_fields_and_base_version(database: Database) -> None:
    with unit_of_work(database.sessions) as s:
        account = make_account(s)
    with unit_of_work(database.sessions) as s:
        s.get_one(Account, account.id).server_version = 7  # as if pulled from the server
    with unit_of_work(database.sessions) as s:
        svc.update_account(s, account.id, {"city": "Medellín", "legal_name": account.legal_name})
    ops = _ops(database)
    # Setting server_version is bookkeeping: it makes no op of its own.
    assert [o.op for o in ops] == ["insert", "update"]
    assert json.loads(ops[-1].fields) == {"city": "Medellín"}
    assert ops[-1].base_version == 7


def test_delete_is_a_tombstone_op(database: Database) -> None:
    with unit_of_work(database.sessions) as s:
        account = make_account(s)
    with unit_of_work(database.sessions) as s:
        svc.delete_account(s, account.id)
    op = _ops(database)[-1]
    assert op.op == "delete"
    assert json.loads(op.fields)["deleted_at"] is not None
    with database.sessions() as s:
        assert s.get_one(Account, account.id).deleted_at is not None


def test_rolled_back_change_leaves_no_outbox_row(database: Database) -> None:
    with pytest.raises(RuntimeError), unit_of_work(database.sessions) as s:
        make_account(s)
        raise RuntimeError("the user cancelled")
    assert _ops(database) == []
    with database.sessions() as s:
        assert s.scalars(select(Account)).first() is None


def test_applying_server_changes_writes_no_outbox(database: Database) -> None:
    with database.sessions() as s, s.begin(), remote_changes(s):
        s.add(
            Account(
                id="0190c0de-0000-7000-8000-000000000001",
                kind="corporate",
                legal_name="Del servidor S.A.",
                roles="customer",
                server_version=3,
            )
        )
        s.flush()
    assert _ops(database) == []


def test_parent_insert_precedes_child_in_one_flush(database: Database) -> None:
    with unit_of_work(database.sessions) as s:
        account = Account(kind="corporate", legal_name="Grupo Éxito", roles="customer")
        s.add(account)
        s.add(Contact(account_id=account.id, first_name="Ana", last_name="Gómez"))
    assert [o.table_name for o in _ops(database)] == ["accounts", "contacts"]
