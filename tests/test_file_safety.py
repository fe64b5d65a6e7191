"""The program never destroys the rep's file: every bad target or damaged file gets words and
leaves the bytes as they were (sha256 before and after)."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import pytest

from crm_desktop.__main__ import main
from crm_desktop.database import Database
from crm_desktop.models import Quote
from crm_desktop.secure import sqlcipher
from crm_desktop.services.core import crud
from crm_desktop.services.core.crud import unit_of_work
from tests.services.quote_fixtures import make_catalog, make_quote


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def number(database: Database) -> str:
    with unit_of_work(database.sessions) as s:
        quote_id = make_quote(s, make_catalog(s), lines=2)
        number = crud.get_live(s, Quote, quote_id).number
    database.engine.dispose()  # the file is whole on disk, as after the program closed
    return number


@pytest.mark.parametrize("beside", ["", "-wal", ".bak", ".sync-id"])
def test_quote_pdf_never_writes_over_the_database_or_what_is_kept_beside_it(
    database: Database, number: str, beside: str, capsys: pytest.CaptureFixture[str]
) -> None:
    target = Path(str(database.path) + beside)
    target.write_bytes(target.read_bytes() if target.exists() else b"kept")
    before = sha(database.path), sha(target)
    args = ["quote-pdf", number, "--out", str(target), "--db", str(database.path), "--force"]
    assert main(args) == 2
    assert "is the database or a file kept beside it" in capsys.readouterr().err
    assert (sha(database.path), sha(target)) == before


def test_quote_pdf_replaces_an_existing_file_only_when_told(
    database: Database, number: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "propuesta.pdf"
    out.write_text("la propuesta de ayer")
    db = ["--db", str(database.path)]
    assert main(["quote-pdf", number, "--out", str(out), *db]) == 2
    assert "already exists: add --force" in capsys.readouterr().err
    assert out.read_text() == "la propuesta de ayer"
    assert main(["quote-pdf", number, "--out", str(out), *db, "--force"]) == 0
    assert out.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_quote_pdf_into_a_folder_says_it_is_a_folder(
    database: Database, number: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["quote-pdf", number, "--out", str(tmp_path), "--db", str(database.path)]) == 2
    assert "is a folder" in capsys.readouterr().err


def test_seed_refuses_a_folder_and_a_file_that_is_not_a_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["seed", "--accounts", "5", "--db", str(tmp_path)]) == 2
    assert "is a folder" in capsys.readouterr().err
    notes = tmp_path / "notas.txt"
    notes.write_text("lista de clientes, no borrar")
    for extra in ([], ["--replace"]):
        assert main(["seed", "--accounts", "5", "--db", str(notes), *extra]) == 2
        assert "is not a CRM database" in capsys.readouterr().err
    assert notes.read_text() == "lista de clientes, no borrar"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notas.txt"]


def test_a_damaged_file_gets_words_and_keeps_its_bytes(
    database: Database, number: str, capsys: pytest.CaptureFixture[str]
) -> None:
    data = bytearray(database.path.read_bytes())
    rng = random.Random(1)
    for _ in range(400):
        data[rng.randrange(4096, len(data))] ^= 0xFF  # flipped bytes past the header page
    database.path.write_bytes(bytes(data))
    before = sha(database.path)
    for command in (["migrate"], ["quote-pdf", number, "--out", str(database.path) + ".pdf"]):
        status = main([*command, "--db", str(database.path)])
        err = capsys.readouterr().err
        assert status in (1, 2) and "cannot be opened" in err and "Traceback" not in err
    assert sha(database.path) == before


def test_a_file_from_a_newer_program_is_left_alone(
    database: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    database.engine.dispose()
    with sqlcipher.connect(database.path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'z9_from_the_future'")
    before = sha(database.path)
    assert main(["migrate", "--db", str(database.path)]) == 1
    err = capsys.readouterr().err
    assert "made by a newer version of the program (schema z9_from_the_future)" in err
    assert "update the program" in err
    assert sha(database.path) == before
    assert not Path(str(database.path) + ".bak").exists()
