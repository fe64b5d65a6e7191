"""A read-only database file opens for viewing and is never changed; a file from a newer program
is refused in words and never changed (sha256 before and after, no backup left).

Permissions: the tests run as root, which writes through any permission bit; the program takes
the file's own read-only mark as the owner's wish, so `chmod 444` is what these tests set.
"""

from __future__ import annotations

import hashlib
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError

from crm_desktop import i18n
from crm_desktop.__main__ import main
from crm_desktop.database import Database, open_database
from crm_desktop.models import Account, Quote
from crm_desktop.schema_version import DatabaseProblem
from crm_desktop.secure import sqlcipher
from crm_desktop.services.core import crud
from crm_desktop.services.core.crud import unit_of_work
from tests.factories import account_values
from tests.services.quote_fixtures import make_catalog, make_quote


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _read_only(path: Path) -> None:
    path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)


@pytest.fixture
def closed_file(database: Database) -> Iterator[tuple[Path, str]]:
    """A database with an account and a quote, closed as after the program exited."""
    with unit_of_work(database.sessions) as s:
        crud.create(s, Account, account_values(legal_name="Ferretería El Tornillo S.A.S."))
        number = crud.get_live(s, Quote, make_quote(s, make_catalog(s), lines=2)).number
    database.engine.dispose()
    yield database.path, number
    database.path.chmod(0o644)


def test_a_read_only_file_opens_for_viewing_and_stays_as_it_was(
    closed_file: tuple[Path, str],
) -> None:
    path, _number = closed_file
    _read_only(path)
    before = sha(path)
    db = open_database(path)
    assert db.read_only is not None and str(path) in db.read_only
    with db.sessions() as s:
        names = s.scalars(select(Account.legal_name)).all()
    assert "Ferretería El Tornillo S.A.S." in names
    page = db.read_connection()
    assert page.execute("SELECT count(*) FROM accounts").fetchone()[0] >= 1
    page.close()
    with db.sessions() as s, pytest.raises(OperationalError, match=r"readonly|read-only"):
        s.execute(text("UPDATE accounts SET legal_name = 'x'"))
        s.commit()
    db.engine.dispose()
    assert sha(path) == before
    assert not Path(str(path) + ".bak").exists()


def test_the_read_only_reason_is_in_spanish_first(closed_file: tuple[Path, str]) -> None:
    path, _number = closed_file
    _read_only(path)
    i18n.set_language("es")
    db = open_database(path)
    assert db.read_only is not None and "solo lectura" in db.read_only
    db.engine.dispose()
    i18n.set_language("en")
    try:
        assert "is marked read-only" in (open_database(path).read_only or "")
    finally:
        i18n.set_language("es")


def test_commands_on_a_read_only_file_change_nothing(
    closed_file: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, number = closed_file
    _read_only(path)
    before = sha(path)
    out = tmp_path / "q.pdf"
    assert main(["quote-pdf", number, "--out", str(out), "--db", str(path)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert main(["migrate", "--db", str(path)]) == 0
    assert "already at the newest schema" in capsys.readouterr().out
    assert main(["seed", "--accounts", "3", "--replace", "--db", str(path)]) != 0
    assert "solo lectura: el archivo quedó como estaba" in capsys.readouterr().err
    assert sha(path) == before


def test_an_older_read_only_file_is_refused_in_words(closed_file: tuple[Path, str]) -> None:
    path, _number = closed_file
    with sqlcipher.connection(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0005'")
        conn.commit()
    _read_only(path)
    before = sha(path)
    with pytest.raises(DatabaseProblem, match=r"older version.*copy it to a folder"):
        open_database(path)
    assert sha(path) == before
    assert not Path(str(path) + ".bak").exists()


@pytest.mark.parametrize("read_only", [False, True])
def test_a_file_from_a_newer_program_is_never_changed(
    closed_file: tuple[Path, str], read_only: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    path, number = closed_file
    with sqlcipher.connection(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'z9_from_the_future'")
        conn.commit()
    if read_only:
        _read_only(path)
    before = sha(path)
    with pytest.raises(DatabaseProblem, match=r"newer version .*z9_from_the_future.*update"):
        open_database(path)
    assert main(["quote-pdf", number, "--out", str(path) + ".pdf", "--db", str(path)]) != 0
    err = capsys.readouterr().err
    assert "newer version" in err and "Traceback" not in err
    assert sha(path) == before
    assert not Path(str(path) + ".bak").exists()
    assert not Path(str(path) + "-wal").exists() or Path(str(path) + "-wal").stat().st_size == 0
