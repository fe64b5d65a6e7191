"""Duplicate accounts across reps: flagged at push, merged by a manager, followed by every laptop
(three laptops and the real server on loopback, on SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from crm_desktop.models import Account, Contact, Opportunity, Reminder, Visit
from crm_desktop.models.sync_state import UnappliedRow
from crm_desktop.services.core import crud
from crm_desktop.sync.client import SyncError
from crm_server.db.schema import conflicts
from tests.factories import at
from tests.sync.harness import Laptop, ServerDb, ServerProcess, add_user, make_laptop
from tests.sync.serverdb import server_row

NIT_DOTTED = "900.123.456-8"  # the same NIT as the compact one below, as a rep types it
NIT_COMPACT = "9001234568"


def _contact(laptop: Laptop, account_id: str, name: str) -> str:
    with laptop.tx() as s:
        return crud.create(s, Contact, {"account_id": account_id, "first_name": name}).id


def _opportunity(laptop: Laptop, account_id: str, owner_id: str) -> str:
    with laptop.tx() as s:
        values = {"account_id": account_id, "owner_id": owner_id, "name": "Renovación 2027"}
        return crud.create(s, Opportunity, values).id


def _visit(laptop: Laptop, account_id: str, owner_id: str) -> str:
    with laptop.tx() as s:
        values = {"account_id": account_id, "owner_id": owner_id, "planned_at": at(2026, 12, 3)}
        return crud.create(s, Visit, values).id


def _reminder(laptop: Laptop, account_id: str, owner_id: str, done: bool = False) -> str:
    with laptop.tx() as s:
        values = {
            "account_id": account_id,
            "owner_id": owner_id,
            "title": "Llamar a Jorge",
            "due_at": at(2026, 12, 4),
            "done_at": at(2026, 12, 1) if done else None,
        }
        return crud.create(s, Reminder, values).id


def _live_contacts(laptop: Laptop, account_id: str) -> set[str]:
    with laptop.db.sessions() as s:
        return set(
            s.scalars(
                select(Contact.first_name).where(
                    Contact.account_id == account_id, Contact.deleted_at.is_(None)
                )
            )
        )


def test_two_reps_same_tax_id_are_flagged_then_merged_and_every_laptop_follows(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> None:
    ana = add_user(server_db, "ana")
    beto = add_user(server_db, "beto")
    add_user(server_db, "maria", role="manager")
    a = make_laptop("a", tmp_path, template_db, server, "ana")
    b = make_laptop("b", tmp_path, template_db, server, "beto")
    m = make_laptop("m", tmp_path, template_db, server, "maria")
    # Offline, the same day, both reps create the same company.
    survivor = a.new_account(ana, legal_name="Textiles del Valle S.A.S.", tax_id=NIT_COMPACT)
    _contact(a, survivor, "Marta")
    twin = b.new_account(
        beto, legal_name="TEXTILES DEL VALLE", tax_id=NIT_DOTTED, trade_name="Texvalle"
    )
    kept_contact = _contact(b, twin, "Jorge")
    opportunity = _opportunity(b, twin, beto)
    visit = _visit(b, twin, beto)
    open_reminder, done_reminder = _reminder(b, twin, beto), _reminder(b, twin, beto, done=True)
    assert a.sync().refused == 0
    assert b.sync().refused == 0  # not refused: beto's work must not be lost
    # Flagged to the managers, not to reps.
    [pair] = m.client.duplicate_accounts().pairs
    assert {pair.first_id, pair.second_id} == {survivor, twin} and pair.tax_id == NIT_COMPACT
    with pytest.raises(SyncError):
        a.client.duplicate_accounts()
    # Beto keeps working on his copy, offline, before he knows of the merge.
    b.update(Account, twin, notes="Pagan a 60 días", trade_name="Tex Valle")
    b.update(Contact, kept_contact, job_title="Jefe de compras")
    _contact(b, twin, "Lucía")
    # The manager merges: the survivor takes the twin's trade name.
    m.sync()
    done = m.client.merge_accounts(survivor, twin, ["trade_name"])
    assert done.moved == 5 and done.taken == ["trade_name"]
    assert m.client.duplicate_accounts().pairs == []

    report = b.sync()
    assert report.refused == 0
    assert b.get(Account, twin) is None and b.get(Contact, kept_contact) is None  # evicted
    a.sync()
    merged = a.get(Account, survivor)
    assert merged.trade_name == "Texvalle"  # the merge's choice beats beto's later edit...
    assert merged.notes == "Pagan a 60 días"  # ...and his edit the merge did not touch lands
    assert _live_contacts(a, survivor) == {"Marta", "Jorge", "Lucía"}
    assert a.get(Contact, kept_contact).job_title == "Jefe de compras"
    assert a.get(Opportunity, opportunity).account_id == survivor
    assert a.get(Visit, visit).account_id == survivor
    # What was still to do of beto's is now ana's; what he did stays his history.
    assert a.get(Visit, visit).owner_id == ana
    assert a.get(Reminder, open_reminder).owner_id == ana
    assert a.get(Reminder, done_reminder).owner_id == beto
    # ...and the edit that lost is in the conflict store, with beto's value.
    with server_db.engine.connect() as conn:
        lost = conn.execute(select(conflicts).where(conflicts.c.row_id == survivor)).all()
    assert [(c.field, c.client) for c in lost] == [("trade_name", '"Tex Valle"')]
    m.sync()
    tomb = m.get(Account, twin)
    assert tomb.deleted_at is not None and tomb.merged_into_id == survivor
    assert _live_contacts(m, survivor) == {"Marta", "Jorge", "Lucía"}
    assert server_row(server_db, "accounts", twin)["merged_into_id"] == survivor
    for laptop in (a, b, m):
        assert laptop.ops("pending") == [] and laptop.ops("refused") == []
        laptop.close()


def test_only_managers_merge_and_nothing_is_half_saved(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> None:
    ana = add_user(server_db, "ana")
    add_user(server_db, "maria", role="manager")
    a = make_laptop("a", tmp_path, template_db, server, "ana")
    m = make_laptop("m", tmp_path, template_db, server, "maria")
    one = a.new_account(ana, tax_id=NIT_COMPACT)
    two = a.new_account(ana, tax_id=NIT_DOTTED, legal_name="Otra")
    a.sync()
    with pytest.raises(SyncError, match="manager"):
        a.client.merge_accounts(one, two, [])
    with pytest.raises(SyncError, match="owner_id"):
        m.client.merge_accounts(one, two, ["owner_id"])
    with pytest.raises(SyncError, match="itself"):
        m.client.merge_accounts(one, one, [])
    assert server_row(server_db, "accounts", two)["deleted_at"] is None
    m.client.merge_accounts(one, two, ["legal_name"])
    with pytest.raises(SyncError, match="merged already"):
        m.client.merge_accounts(one, two, [])
    a.sync()
    assert a.get(Account, one).legal_name == "Otra"
    assert a.get(Account, two).merged_into_id == one  # same rep: the tombstone stays
    a.close()
    m.close()


def test_a_survivor_merged_later_takes_everything_and_late_work_follows_the_chain(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> None:
    ana = add_user(server_db, "ana")
    beto = add_user(server_db, "beto")
    add_user(server_db, "maria", role="manager")
    a = make_laptop("a", tmp_path, template_db, server, "ana")
    b = make_laptop("b", tmp_path, template_db, server, "beto")
    m = make_laptop("m", tmp_path, template_db, server, "maria")
    first = a.new_account(ana, legal_name="Uno")
    middle = a.new_account(ana, legal_name="Dos")
    twin = b.new_account(beto, legal_name="Tres")
    moved = _contact(b, twin, "Jorge")
    a.sync()
    b.sync()
    b.update(Contact, moved, job_title="Gerente")  # offline, before both merges
    late = _contact(b, twin, "Lucía")
    m.client.merge_accounts(middle, twin, [])
    m.client.merge_accounts(first, middle, [])  # the contact moves a second time
    report = b.sync()
    assert report.refused == 0
    with b.db.sessions() as s:  # nothing left waiting for an account beto will never have
        assert s.scalars(select(UnappliedRow)).all() == []
    a.sync()
    assert _live_contacts(a, first) == {"Jorge", "Lucía"}
    assert a.get(Contact, moved).job_title == "Gerente"
    assert a.get(Contact, late).account_id == first
    for laptop in (a, b, m):
        laptop.close()
