"""Capture does not depend on how the session was made or on the write path (issue 10, corner 3)."""

from __future__ import annotations

import gc
import json
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select, text, update

from crm_desktop.database import Database, open_database
from crm_desktop.models import Account, OutboxOp, Reminder
from crm_desktop.models.base import BOOKKEEPING
from crm_desktop.models.capture import encode, trigger_name
from crm_desktop.models.codec import from_json, row_fields
from crm_desktop.models.outbox import CaptureBroken, remote_changes
from crm_desktop.models.sales import Quote
from crm_desktop.secure import sqlcipher
from crm_desktop.services.core import crud
from crm_desktop.services.core.crud import unit_of_work
from tests.factories import at, make_account, make_user

REOPENS = 200


def _op_count(db: Database, row_id: str) -> int:
    with db.sessions() as s:
        return int(s.scalar(select(func.count()).where(OutboxOp.row_id == row_id)) or 0)


def _reminder(db: Database) -> str:
    with unit_of_work(db.sessions) as s:
        user = make_user(s)
        account = make_account(s, owner_id=user.id)
        reminder = crud.create(
            s,
            Reminder,
            {"account_id": account.id, "owner_id": user.id, "due_at": at(2026, 12, 1),
             "title": "Llamar"},
        )  # fmt: skip
        return reminder.id


def test_every_write_path_makes_its_op_across_hundreds_of_reopens(db_path: Path) -> None:
    first = open_database(db_path)
    row_id = _reminder(first)
    first.engine.dispose()
    expected = _op_count(open_database(db_path), row_id)
    for n in range(REOPENS):
        db = open_database(db_path)  # a new engine and a new sessionmaker every time
        with unit_of_work(db.sessions) as s:  # the ORM unit of work
            s.get_one(Reminder, row_id).body = f"orm {n}"
        with unit_of_work(db.sessions) as s:  # a bulk update()
            s.execute(update(Reminder).where(Reminder.id == row_id).values(body=f"bulk {n}"))
        with db.engine.begin() as conn:  # raw SQL on an engine connection
            conn.exec_driver_sql("UPDATE reminders SET body = ? WHERE id = ?", (f"raw {n}", row_id))
        with sqlcipher.connect(db_path) as raw:  # raw SQL with no SQLAlchemy at all
            raw.execute("UPDATE reminders SET body = ? WHERE id = ?", (f"sqlite3 {n}", row_id))
        expected += 4
        assert _op_count(db, row_id) == expected, f"reopen {n}: a write made no op"
        db.engine.dispose()
        del db
        gc.collect()  # frees the factory, so the next one may take its address
    with open_database(db_path).sessions() as s:
        last = s.scalars(select(OutboxOp).order_by(OutboxOp.op_seq.desc()).limit(1)).one()
        assert json.loads(last.fields) == {"body": f"sqlite3 {REOPENS - 1}"}
        assert s.get_one(Reminder, row_id).updated_at > at(2026, 1, 1)


def test_trigger_encoding_matches_the_orm_values(database: Database) -> None:
    with unit_of_work(database.sessions) as s:
        account = make_account(s, employee_count=7)
        quote = Quote(
            account_id=account.id,
            number="Q-1",
            currency="COP",
            total=Decimal("-12.5"),
            global_discount_pct=Decimal("12.5"),
            exchange_rate=Decimal("1"),
            sent_at=at(2026, 3, 4, 5),
            issued_on=at(2026, 3, 4).date(),
            valid_until=at(2026, 4, 4).date(),
        )
        s.add(quote)
        s.flush()
        expected = row_fields(Quote.__mapper__, quote, BOOKKEEPING | {"total"})
    with database.sessions() as s:
        op = s.scalars(select(OutboxOp).where(OutboxOp.row_id == quote.id)).one()
    fields = json.loads(op.fields)
    table = Quote.__table__
    assert set(fields) == set(expected)
    for name, value in expected.items():
        assert from_json(table.c[name], fields[name]) == from_json(table.c[name], value), name
    assert fields["global_discount_pct"] == "12.5000" and fields["sent_at"].endswith("+00:00")
    assert "total" not in fields  # derived from the lines: never pushed


def test_deletes_hard_and_soft_are_delete_ops(database: Database) -> None:
    with unit_of_work(database.sessions) as s:
        keep = make_account(s).id
        # no consent given: no consent event hangs from it, so SQLite lets it go (foreign key)
        gone = make_account(
            s,
            tax_id="800.197.268-4",
            consent_data_processing=False,
            consent_data_processing_at=None,
        ).id
    with unit_of_work(database.sessions) as s:
        crud.tombstone(s, Account, keep)
        s.execute(text("DELETE FROM accounts WHERE id = :id"), {"id": gone})
    with database.sessions() as s:
        ops = s.scalars(select(OutboxOp).where(OutboxOp.op == "delete").order_by(OutboxOp.op_seq))
        assert [(o.row_id, list(json.loads(o.fields))) for o in ops] == [
            (keep, ["deleted_at"]),
            (gone, ["deleted_at"]),
        ]


def test_server_data_makes_no_op_and_capture_resumes_after(database: Database) -> None:
    with unit_of_work(database.sessions) as s:
        with remote_changes(s):
            row_id = make_account(s).id
        crud.update(s, Account, row_id, {"notes": "mine"})
    with database.sessions() as s:
        ops = list(s.scalars(select(OutboxOp)))
    assert [(o.op, json.loads(o.fields)) for o in ops] == [("update", {"notes": "mine"})]


def test_a_dropped_trigger_is_put_back_on_open(db_path: Path) -> None:
    with sqlcipher.connect(db_path) as raw:
        raw.execute(f"DROP TRIGGER {trigger_name('reminders', 'update')}")
    db = open_database(db_path)
    row_id = _reminder(db)
    with unit_of_work(db.sessions) as s:
        s.execute(update(Reminder).where(Reminder.id == row_id).values(body="again"))
    assert _op_count(db, row_id) == 2


def test_a_file_whose_capture_is_broken_refuses_to_edit(db_path: Path) -> None:
    with sqlcipher.connect(db_path) as raw:  # something eats every op as it is written
        raw.execute("CREATE TRIGGER eat AFTER INSERT ON sync_outbox "
                    "BEGIN DELETE FROM sync_outbox WHERE op_seq = NEW.op_seq; END")  # fmt: skip
    db = open_database(db_path)
    with pytest.raises(CaptureBroken, match="a test write made no entry in the outbox"):
        db.sessions  # noqa: B018  (opening for editing runs the self-check)


def test_a_pause_left_committed_is_cleared_on_open(db_path: Path) -> None:
    with sqlcipher.connect(db_path) as raw:
        raw.execute("INSERT INTO sync_capture_off (reason) VALUES ('bug')")
    db = open_database(db_path)
    with unit_of_work(db.sessions) as s:
        row_id = make_account(s).id
    assert _op_count(db, row_id) == 1


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        (-125000, "-12.5000"),
        (5, "0.0005"),
        (-5, "-0.0005"),
        (0, "0.0000"),
        (10**12, "100000000.0000"),
    ],
)
def test_decimals_are_encoded_in_sql_as_the_codec_does(
    database: Database, stored: int, expected: str
) -> None:
    column = Quote.__table__.c.total
    with database.engine.connect() as conn:
        assert conn.exec_driver_sql(f"SELECT {encode(column, str(stored))}").scalar() == expected
