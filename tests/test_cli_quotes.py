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
