"""A realistic file through preview, import and undo, on a real database with its outbox."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from crm_desktop.database import Database, open_database
from crm_desktop.models import Account, Contact, OutboxOp
from crm_desktop.models.local import ImportBatch
from crm_desktop.secure.sqlcipher import copy_database
from crm_desktop.services.core.crud import unit_of_work
from crm_desktop.services.core.errors import ValidationError
from crm_desktop.services.importing import batch
from crm_desktop.services.importing.accounts_import import Options, preview
from crm_desktop.services.importing.mapping import auto_mapping, find_header_row
from crm_desktop.services.importing.sources import read_table
from tests.factories import make_account
from tests.services.importing.fixtures import latin1_csv, workbook


def _preview(
    session: Session, path: Path, options: Options, sheet: str | None = None
) -> batch.Preview:
    table = read_table(path, sheet=sheet)
    header = find_header_row(table.rows)
    mapping = auto_mapping(table.rows[header])
    return preview(session, table.rows[header + 1 :], mapping, options, first_line=header + 2)


def _live(session: Session, model: type[Account] | type[Contact]) -> list[str]:
    return sorted(session.scalars(select(model.id).where(model.deleted_at.is_(None))))


def test_preview_lists_each_rows_problems(session: Session, tmp_path: Path) -> None:
    plan = _preview(session, latin1_csv(tmp_path), Options())
    assert [(r.line, r.action) for r in plan.rows] == [
        (4, "create"),
        (5, "contact"),
        (6, "create"),
        (7, "invalid"),
        (8, "invalid"),
    ]
    assert plan.rows[0].account["tax_id"] == "800012342"  # dots gone, check digit kept
    assert plan.rows[3].problem_texts("es") == [
        "NIT / documento: El dígito de verificación no coincide: revise el número.",
        "Correo: No es un correo electrónico válido.",
    ]
    formula = plan.rows[4].problem_texts("es")
    assert formula == [
        "Razón social: La celda tiene una fórmula de hoja de cálculo (=HYPERLINK…); no se importa.",
        "Razón social: Este campo es obligatorio.",
    ]


def test_import_valid_rows_then_undo(database: Database, tmp_path: Path) -> None:
    path = latin1_csv(tmp_path)
    with unit_of_work(database.sessions) as s:
        journal = batch.run(s, _preview(s, path, Options()), Options(), path.name)
    assert journal.invalid == 2
    with database.sessions() as s:
        names = s.scalars(select(Account.legal_name).order_by(Account.legal_name)).all()
        assert names == ["Droguería Santa Fe", "Ferretería El Tornillo S.A.S."]
        tornillo = s.scalar(select(Account).where(Account.tax_id == "800012342"))
        assert tornillo is not None
        contacts = s.scalars(select(Contact).where(Contact.account_id == tornillo.id)).all()
        assert sorted((c.first_name, c.is_primary) for c in contacts) == [
            ("Andrés", False),
            ("Lucía", True),
        ]
        assert {c.mobile for c in contacts} == {"+573105551234", "+573115551234"}
        captured = s.scalars(select(OutboxOp.table_name)).all()
        assert sorted(captured) == ["accounts", "accounts", "contacts", "contacts"]
    with unit_of_work(database.sessions) as s:
        batch.undo(s, journal)
    with database.sessions() as s:
        assert _live(s, Account) == [] and _live(s, Contact) == []


def test_duplicates_update_and_undo_restores(database: Database, tmp_path: Path) -> None:
    with unit_of_work(database.sessions) as s:
        existing = make_account(s, tax_id="900123455", legal_name="Santa Fe", city="Tunja")
        existing_id = existing.id
    path = latin1_csv(tmp_path)
    with unit_of_work(database.sessions) as s:
        plan = _preview(s, path, Options(duplicates="update"))
        assert plan.rows[2].action == "update" and plan.rows[2].existing_id == existing_id
        journal = batch.run(s, plan, Options(duplicates="update"), path.name)
    with database.sessions() as s:
        account = s.scalar(select(Account).where(Account.id == existing_id))
        assert account is not None
        assert (account.legal_name, account.city) == ("Droguería Santa Fe", "Medellín")
    with unit_of_work(database.sessions) as s:
        batch.undo(s, journal)
    with database.sessions() as s:
        account = s.scalar(select(Account).where(Account.id == existing_id))
        assert account is not None and account.deleted_at is None
        assert (account.legal_name, account.city) == ("Santa Fe", "Tunja")
        assert _live(s, Account) == [existing_id]


@pytest.mark.parametrize(("choice", "action"), [("skip", "skip"), ("create", "invalid")])
def test_duplicates_skip_or_create(
    session: Session, tmp_path: Path, choice: str, action: str
) -> None:
    make_account(session, tax_id="900123455", legal_name="Santa Fe")
    plan = _preview(session, latin1_csv(tmp_path), Options(duplicates=choice))
    assert plan.rows[2].action == action
    if choice == "create":  # the same NIT twice is what the form refuses too
        assert plan.rows[2].problem_texts("en") == ["Tax id: Santa Fe already has this tax id."]


def test_nothing_until_all_are_valid(database: Database, tmp_path: Path) -> None:
    path = latin1_csv(tmp_path)
    options = Options(all_or_nothing=True)
    with pytest.raises(batch.ImportRefused), unit_of_work(database.sessions) as s:
        batch.run(s, _preview(s, path, options), options, path.name)
    with database.sessions() as s:
        assert _live(s, Account) == []


def test_cancel_writes_nothing(database: Database, tmp_path: Path) -> None:
    path = latin1_csv(tmp_path)
    with pytest.raises(batch.ImportCancelled), unit_of_work(database.sessions) as s:
        batch.run(s, _preview(s, path, Options()), Options(), path.name, lambda d, t: False)
    with database.sessions() as s:
        assert _live(s, Account) == []
        assert s.scalars(select(OutboxOp)).all() == []


def test_the_journal_is_in_the_database_and_a_copy_of_the_file_can_undo(
    database: Database, tmp_path: Path
) -> None:
    path = latin1_csv(tmp_path)
    with unit_of_work(database.sessions) as s:
        journal = batch.run(s, _preview(s, path, Options()), Options(), path.name)
    with database.sessions() as s:
        assert batch.Journal.load(s, journal.batch_id) == journal
        assert [line.batch_id for line in batch.undoable(s)] == [journal.batch_id]
    database.engine.dispose()
    copy = tmp_path / "copia.db"
    copy_database(database.path, copy)  # as the program copies: the same key
    other = open_database(copy, database.clock)
    with unit_of_work(other.sessions) as s:
        batch.undo(s, batch.Journal.load(s, journal.batch_id))
    with other.sessions() as s:
        assert _live(s, Account) == [] and batch.undoable(s) == []
        with pytest.raises(ValidationError, match="already undone"):
            batch.undo(s, batch.Journal.load(s, journal.batch_id))
    other.engine.dispose()


def test_json_journals_of_an_older_version_are_taken_in_once(
    database: Database, tmp_path: Path
) -> None:
    path = latin1_csv(tmp_path)
    with unit_of_work(database.sessions) as s:
        journal = batch.run(s, _preview(s, path, Options()), Options(), path.name)
        s.execute(delete(ImportBatch))  # as an older version left it: only the file
    folder = tmp_path / "imports" / "batches"
    folder.mkdir(parents=True)
    (folder / f"{journal.batch_id}.json").write_text(json.dumps(asdict(journal)), "utf-8")
    (folder / "damaged.json").write_text("{not json", "utf-8")
    with unit_of_work(database.sessions) as s:
        assert batch.read_json_journals(s, folder) == 1
        batch.undo(s, batch.Journal.load(s, journal.batch_id))
    with unit_of_work(database.sessions) as s:  # the file still says "not undone": the
        assert batch.read_json_journals(s, folder) == 0  # database's word stands
        assert batch.undoable(s) == [] and _live(s, Account) == []


def test_a_tax_id_arriving_after_the_preview_stops_the_import(
    database: Database, tmp_path: Path
) -> None:
    path = latin1_csv(tmp_path)
    with database.sessions() as s:
        plan = _preview(s, path, Options())
    with unit_of_work(database.sessions) as s:  # a sync brings the same NIT meanwhile
        make_account(s, tax_id="900123455", legal_name="Santa Fe")
    with pytest.raises(ValidationError) as failure, unit_of_work(database.sessions) as s:
        batch.run(s, plan, Options(), path.name)
    assert failure.value.codes() == {"tax_id": "stale_preview"}
    with database.sessions() as s:
        assert len(_live(s, Account)) == 1


def test_importing_the_same_file_twice_does_not_double_contacts(
    database: Database, tmp_path: Path
) -> None:
    path = latin1_csv(tmp_path)
    for _ in range(2):
        with unit_of_work(database.sessions) as s:
            journal = batch.run(s, _preview(s, path, Options()), Options(), path.name)
    assert journal.created == {"accounts": [], "contacts": []}
    assert journal.contacts_already_there == 2 and journal.updated == {}
    with database.sessions() as s:
        assert len(_live(s, Account)) == 2 and len(_live(s, Contact)) == 2


def test_the_excel_workbook_imports_with_each_lines_problems_and_undo(
    database: Database, tmp_path: Path
) -> None:
    """The workbook as a sales assistant leaves it: a notes sheet first, a merged title row
    above the header, NITs as text with dots, with a check digit, and as a number cell, a wrong
    check digit, and a real =HYPERLINK formula."""
    path = workbook(tmp_path)
    with unit_of_work(database.sessions) as s:
        plan = _preview(s, path, Options(), sheet="Clientes")
        assert [(r.line, r.action) for r in plan.rows] == [
            (3, "create"), (4, "contact"), (5, "create"), (6, "invalid"), (7, "invalid"),
        ]  # fmt: skip
        assert plan.rows[3].problem_texts("en") == [
            "Tax id: The check digit does not match: check the number.",
            "E-mail: This is not a valid e-mail address.",
        ]
        assert plan.rows[4].problem_texts("en")[0].startswith("Legal name: The cell holds a")
        journal = batch.run(s, plan, Options(), path.name)
    assert (len(journal.created["accounts"]), len(journal.created["contacts"])) == (2, 2)
    with database.sessions() as s:
        assert s.scalar(select(Account.tax_id).where(Account.legal_name.like("Drog%"))) == (
            "900123455"
        )
    with unit_of_work(database.sessions) as s:
        batch.undo(s, batch.Journal.load(s, journal.batch_id))
    with database.sessions() as s:
        assert _live(s, Account) == [] and _live(s, Contact) == []
