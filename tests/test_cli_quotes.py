"""`crm-desktop quote-pdf` and `crm-desktop send-mail` as an administrator scripts them."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from crm_desktop.__main__ import main
from crm_desktop.database import Database
from crm_desktop.models import Quote
from crm_desktop.services.core import crud
from crm_desktop.services.core.crud import unit_of_work
from tests.services.quote_fixtures import make_catalog, make_quote


@pytest.fixture
def number(database: Database) -> str:
    with unit_of_work(database.sessions) as s:
        quote_id = make_quote(s, make_catalog(s), lines=3)
        return crud.get_live(s, Quote, quote_id).number


def test_quote_pdf_writes_the_proposal(
    database: Database, number: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "propuesta.pdf"
    assert main(["quote-pdf", number, "--out", str(out), "--db", str(database.path)]) == 0
    text = PdfReader(out).pages[0].extract_text()
    assert number in text and "COTIZACIÓN" in text
    assert number in capsys.readouterr().out


def test_unknown_number_and_unwritable_path_exit_2_with_a_message(
    database: Database, number: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", str(database.path)]
    assert main(["quote-pdf", "XX-0000-000009", "--out", str(tmp_path / "a.pdf"), *db]) == 2
    assert "there is no quote number XX-0000-000009" in capsys.readouterr().err
    assert main(["quote-pdf", number, "--out", str(tmp_path / "no" / "a.pdf"), *db]) == 2
    assert "no/a.pdf: its folder" in capsys.readouterr().err
    assert main(["quote-pdf", number, "--out", str(tmp_path / "x.pdf"), "--db",
                 str(tmp_path / "missing.db")]) == 2  # fmt: skip
    assert "no database" in capsys.readouterr().err
    assert not list(tmp_path.glob("*.pdf"))


def test_send_mail_without_a_server_says_so(
    database: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["send-mail", "--db", str(database.path)]) == 2
    assert "set smtp.host" in capsys.readouterr().err


def test_quote_pdf_reads_the_quote_as_the_orm_does(database: Database, number: str) -> None:
    from crm_desktop.services.quotes.quote_data import load_quote, quote_id_by_number
    from crm_desktop.services.quotes.quote_read import read_quote

    with database.sessions() as s:
        quote_id = quote_id_by_number(s, number)
        assert quote_id is not None
        expected = load_quote(s, quote_id)
    conn = database.read_connection()
    try:
        assert read_quote(conn, number) == expected
        assert read_quote(conn, "XX-0000-000009") is None
    finally:
        conn.close()


def test_quote_pdf_loads_neither_sqlalchemy_nor_alembic(
    database: Database, number: str, tmp_path: Path
) -> None:
    """A whole process: only what the command needs is imported (issue 13, item 7)."""
    import subprocess
    import sys

    database.engine.dispose()
    out = tmp_path / "p.pdf"
    code = (
        "import sys; from crm_desktop.__main__ import main; "
        f"rc = main(['quote-pdf', {number!r}, '--out', {str(out)!r}, '--db', "
        f"{str(database.path)!r}]); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic')));"
        "sys.exit(rc)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]" and out.exists()


def test_a_signed_quote_prints_signed_and_verifies_until_changed(
    database: Database, number: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sqlalchemy import text

    from crm_desktop.services.quotes.acceptance import accept_with_signature
    from crm_desktop.services.quotes.quote_data import quote_id_by_number
    from tests.services.test_acceptance import tiny_png

    with unit_of_work(database.sessions) as s:
        quote_id = quote_id_by_number(s, number)
        assert quote_id is not None
        signed = accept_with_signature(s, quote_id, "Laura Restrepo", "cc", "1020304050",
                                       tiny_png())  # fmt: skip
    db = ["--db", str(database.path)]
    out = tmp_path / "aceptada.pdf"
    assert main(["quote-pdf", number, "--out", str(out), *db]) == 0
    text_of_pdf = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Laura Restrepo" in text_of_pdf and signed.sha256 in text_of_pdf
    capsys.readouterr()
    assert main(["quote-verify", number, *db]) == 0
    said = capsys.readouterr().out
    assert signed.sha256 in said and "unchanged since signed" in said
    with database.sessions() as s, s.begin():  # behind the services' back
        s.execute(text("UPDATE quote_lines SET quantity = quantity + 10000 WHERE quote_id = :q"),
                  {"q": quote_id})  # fmt: skip
    assert main(["quote-verify", number, *db]) == 1
    assert "CHANGED SINCE SIGNED" in capsys.readouterr().out
    assert main(["quote-verify", "XX-0000-000009", *db]) == 2
