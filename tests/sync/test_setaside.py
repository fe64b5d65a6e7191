"""A pulled row this laptop cannot apply is set aside with the reason; the page goes on."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from crm_desktop.database import Database, open_database
from crm_desktop.models import Account, Contact, Quote, Synced
from crm_desktop.models.base import BOOKKEEPING
from crm_desktop.models.capture import outdated_triggers
from crm_desktop.models.codec import row_fields
from crm_desktop.secure.sqlcipher import copy_database
from crm_desktop.services.core import crud
from crm_desktop.services.core.errors import NotFound, ValidationError
from crm_desktop.services.quotes.quotes import create_quote
from crm_desktop.sync import protocol as P
from crm_desktop.sync import setaside
from crm_desktop.sync.bulk import apply_snapshot
from crm_desktop.sync.engine import apply_page, read_status, recompute_derived, remote_tx
from tests.factories import make_account, make_user


@pytest.fixture
def source(template_db: Path, tmp_path: Path) -> Iterator[Database]:
    """Another laptop's file, where the rows of the pages are made."""
    path = tmp_path / "source.db"
    copy_database(template_db, path)
    db = open_database(path)
    yield db
    db.engine.dispose()


def row(obj: Synced, version: int = 1, **overrides: Any) -> P.Change:
    fields = row_fields(type(obj).__mapper__, obj, BOOKKEEPING) | overrides  # type: ignore[attr-defined]
    table = type(obj).__table__.name  # type: ignore[attr-defined]
    state = P.RowState(table=table, row_id=obj.id, version=version, fields=fields)
    return P.Change(kind="row", row=state)


def pull(db: Database, *changes: P.Change) -> None:
    with remote_tx(db.sessions) as session:
        apply_page(session, list(changes))


def bootstrap(db: Database, *changes: P.Change) -> None:
    """As a bootstrap page goes in: one executemany per table, the pull's way for a table
    with a row that cannot go in so."""
    with remote_tx(db.sessions) as session:
        apply_snapshot(session, [c.row for c in changes if c.row is not None])
        recompute_derived(session)


def present(db: Database, model: type[Synced], row_id: str) -> bool:
    with db.sessions() as s:
        return s.get(model, row_id) is not None


def set_aside(db: Database) -> dict[str, tuple[str, str]]:
    with db.sessions() as s:
        return {r.row_id: (r.kind, r.reason) for r in setaside.unapplied_rows(s)}


@pytest.mark.parametrize("apply", [pull, bootstrap])
def test_poison_rows_are_set_aside_and_the_rest_of_the_page_applies(
    source: Database, database: Database, apply: Any
) -> None:
    with crud.unit_of_work(source.sessions) as s:
        rep = make_user(s)
        acc = make_account(s, owner_id=rep.id)
        later = make_account(s, owner_id=rep.id, tax_id="800.197.268-4")
        good = crud.create(s, Contact, {"account_id": acc.id, "first_name": "Ana"})
        bad_time = crud.create(s, Contact, {"account_id": acc.id, "first_name": "Luis"})
        orphan = crud.create(s, Contact, {"account_id": later.id, "first_name": "Eva"})
        q1, q2 = create_quote(s, acc.id, owner_id=rep.id), create_quote(s, acc.id, owner_id=rep.id)
        page = [row(rep), row(acc), row(good), row(bad_time, created_at="garbage"),
                row(q1), row(q2, number=q1.number), row(orphan)]  # fmt: skip
        later_row, bad_fixed = row(later), row(bad_time, version=2)
    apply(database, *page)
    assert all(present(database, m, i) for m, i in ((Account, acc.id), (Contact, good.id)))
    assert present(database, Quote, q1.id)
    assert not present(database, Quote, q2.id) and not present(database, Contact, orphan.id)
    aside = set_aside(database)
    assert aside[bad_time.id] == ("error", "created_at: 'garbage' is not a valid value here")
    assert aside[q2.id][0] == "error" and "UNIQUE" in aside[q2.id][1]
    assert aside[orphan.id] == ("parent", f"waiting for accounts {later.id} (account_id)")
    with database.sessions() as s:
        assert read_status(s).unapplied == 3
        assert read_status(s).pending == 0  # nothing captured for the server's rows
        assert outdated_triggers(s.connection()) == []
    apply(database, later_row)  # the parent arrives: its child waiting for it applies
    assert present(database, Contact, orphan.id) and orphan.id not in set_aside(database)
    apply(database, bad_fixed)  # a later version of the row replaces the bad one
    assert present(database, Contact, bad_time.id)
    assert set(set_aside(database)) == {q2.id}


def test_a_bulk_page_rolled_back_leaves_nothing_and_the_triggers_in_place(
    source: Database, database: Database
) -> None:
    """A bootstrap page drops triggers inside its transaction: a crash before commit (here an
    exception) takes back its rows and the drop alike."""
    with crud.unit_of_work(source.sessions) as s:
        acc = make_account(s)
        page = [row(acc), row(crud.create(s, Contact, {"account_id": acc.id, "first_name": "Ana"}))]
    with pytest.raises(RuntimeError), remote_tx(database.sessions) as session:
        assert apply_snapshot(session, [c.row for c in page if c.row is not None]) == 2
        raise RuntimeError("killed while applying")
    assert not present(database, Account, acc.id)
    with database.sessions() as s:
        assert outdated_triggers(s.connection()) == []
        search = "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE :n"
        assert s.scalar(text(search), {"n": "account_search_%"}) == 6
    bootstrap(database, *page)  # and the page goes in when asked again, found by search
    with database.sessions() as s:
        found = s.scalars(text("SELECT rowid FROM account_search WHERE account_search MATCH 'Ana'"))
        assert len(list(found)) == 1


def test_a_later_bad_version_replaces_the_entry(source: Database, database: Database) -> None:
    with crud.unit_of_work(source.sessions) as s:
        acc = make_account(s)
        v1, v2 = row(acc, 1, employee_count="many"), row(acc, 2, deleted_at="yesterday")
    pull(database, v1)
    pull(database, v2)
    with database.sessions() as s:
        [entry] = setaside.unapplied_rows(s)
    assert (entry.version, entry.reason) == (2, "deleted_at: 'yesterday' is not a valid value here")


def test_values_of_the_wrong_type_never_reach_the_file(
    source: Database, database: Database
) -> None:
    with crud.unit_of_work(source.sessions) as s:
        acc = make_account(s)
    pull(database, row(acc, consent_marketing="yes"))
    assert not present(database, Account, acc.id)
    with database.sessions() as s:
        assert s.scalar(select(setaside.UnappliedRow.kind)) == "error"


def test_an_evicted_account_takes_its_waiting_rows_with_it(
    source: Database, database: Database
) -> None:
    with crud.unit_of_work(source.sessions) as s:
        acc = make_account(s)
        orphan = crud.create(s, Contact, {"account_id": acc.id, "first_name": "Eva"})
        page = [row(orphan)]
    pull(database, *page)
    assert set(set_aside(database)) == {orphan.id}
    pull(database, P.Change(kind="evict", account_id=acc.id))
    assert set_aside(database) == {}


def test_a_row_set_aside_for_good_can_be_dismissed_with_a_reason(
    source: Database, database: Database
) -> None:
    with crud.unit_of_work(source.sessions) as s:
        rep = make_user(s)
        acc = make_account(s, owner_id=rep.id)
        q1, q2 = create_quote(s, acc.id, owner_id=rep.id), create_quote(s, acc.id, owner_id=rep.id)
        page = [row(rep), row(acc), row(q1), row(q2, number=q1.number)]
        again = row(q2, version=2, number=q1.number)
    pull(database, *page)
    with database.sessions() as s, s.begin():
        with pytest.raises(ValidationError) as empty:
            setaside.dismiss(s, "quotes", q2.id, "   ", rep.id, 1)
        assert empty.value.codes() == {"reason": "required"}
        assert empty.value.text("es") == "Diga por qué lo descarta."
        with pytest.raises(NotFound):  # a version the person has not seen
            setaside.dismiss(s, "quotes", q2.id, "Duplicada", rep.id, 2)
        setaside.dismiss(s, "quotes", q2.id, " Duplicada de la JP-1; se anula ", rep.id, 1)
    with database.sessions() as s:
        assert setaside.unapplied_rows(s) == [] and read_status(s).unapplied == 0
        [gone] = setaside.unapplied_rows(s, dismissed=True)
    assert (gone.row_id, gone.dismissed_by, gone.dismiss_reason) == (
        q2.id, rep.id, "Duplicada de la JP-1; se anula")  # fmt: skip
    assert gone.dismissed_at is not None
    pull(database, row(acc, version=2, city="Pasto"))  # later pages: still not shown
    assert set_aside(database) == {}
    pull(database, again)  # a newer version of the row is a new problem: shown again
    assert set(set_aside(database)) == {q2.id}
    with database.sessions() as s:
        assert setaside.unapplied_rows(s, dismissed=True) == []
