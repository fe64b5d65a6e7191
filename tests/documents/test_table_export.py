"""Table views to CSV/XLSX: read back, rows in order, typed cells, formulas defused, streamed."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from stdnum.co import nit

from crm_desktop.clock import FixedClock
from crm_desktop.database import Database
from crm_desktop.documents.account_export import export_accounts
from crm_desktop.documents.table_export import (
    ExportCancelled,
    TableColumn,
    excel_date_format,
    write_table,
)
from crm_desktop.files import OutputRefused, atomic_output
from crm_desktop.services.accounts.account_list import AccountQuery, fetch_page
from crm_desktop.services.core.formats import formats
from tests.factories import make_account, make_user

COLUMNS = [
    TableColumn("Nombre"),
    TableColumn("Valor", "money"),
    TableColumn("Cantidad", "int"),
    TableColumn("Fecha", "date"),
]


def _rows(today: date) -> list[list[object]]:
    return [
        ['=HYPERLINK("http://x","y")', Decimal("1234567.50"), 3, today],
        ["Ñandú S.A.S.", Decimal("-12.05"), 0, None],
        ["+57 601 345 6789", None, 12, today],
    ]


def test_csv_is_what_spanish_excel_reads(tmp_path: Path, clock: FixedClock) -> None:
    today = clock.now().date()
    path = tmp_path / "t.csv"
    assert write_table(path, COLUMNS, _rows(today), "es") == 3
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    read = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert read[0] == ["Nombre", "Valor", "Cantidad", "Fecha"]
    assert read[1] == ['\'=HYPERLINK("http://x","y")', "1234567,50", "3", formats("es").day(today)]
    assert read[2] == ["Ñandú S.A.S.", "-12,05", "0", ""]
    assert read[3][0] == "+57 601 345 6789"  # a phone number stays data
    english = tmp_path / "t-en.csv"
    write_table(english, COLUMNS, _rows(today), "en")
    first = list(csv.reader(english.read_text("utf-8-sig").splitlines()))[1]
    assert first[1] == "1234567.50"


def test_xlsx_has_typed_cells_with_the_countrys_formats(tmp_path: Path, clock: FixedClock) -> None:
    today = clock.now().date()
    path = tmp_path / "t.xlsx"
    assert write_table(path, COLUMNS, _rows(today), "es", country="CO") == 3
    sheet = load_workbook(path).active
    assert sheet is not None
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == ["Nombre", "Valor", "Cantidad", "Fecha"]
    assert values[1][0] == '\'=HYPERLINK("http://x","y")'
    assert values[1][1] == pytest.approx(1234567.5) and values[1][2] == 3
    assert values[1][3].date() == today
    assert values[2][3] is None
    assert '"$"' in sheet["B2"].number_format and "#,##0.00" in sheet["B2"].number_format
    assert sheet["D2"].number_format == excel_date_format(formats("es", "CO")) == "dd/mm/yyyy"
    assert sheet["D2"].is_date


def test_cancel_and_the_database_leave_nothing_written(tmp_path: Path, db_path: Path) -> None:
    many = ([f"fila {n}", Decimal(n), n, None] for n in range(5000))
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(ExportCancelled):
        write_table(folder / "big.xlsx", COLUMNS, many, "es", progress=lambda done: done < 2000)
    assert list(folder.iterdir()) == []
    with pytest.raises(OutputRefused), atomic_output(db_path, db_path):
        pass
    assert db_path.read_bytes()  # untouched
    with pytest.raises(ValueError, match="format"):
        write_table(tmp_path / "t.ods", COLUMNS, [], "es")


def test_accounts_export_every_match_in_the_pages_order(database: Database, tmp_path: Path) -> None:
    with database.sessions() as session, session.begin():
        owner = make_user(session)
        for number in range(25):
            body = str(900300000 + number)
            make_account(session, legal_name=f"Ferretería {number:02} S.A.S.", owner_id=owner.id,
                         tax_id=body + nit.calc_check_digit(body),
                         city="Cali" if number % 3 else "Pasto")  # fmt: skip
    query = AccountQuery(city="Cali", sort="tax_id", descending=True)
    columns = [("tax_id", "NIT"), ("legal_name", "Razón social"), ("rfm_score", "Puntaje RFM")]
    path = tmp_path / "cuentas.csv"
    with database.sessions() as session:
        expected = fetch_page(session, query, 0, 100)
        done = export_accounts(session, query, columns, _cells, path, "es")
    assert done == len(expected) == 16
    read = list(csv.reader(path.read_text("utf-8-sig").splitlines(), delimiter=";"))
    assert read[0] == ["NIT", "Razón social", "Puntaje RFM"]
    assert [line[1] for line in read[1:]] == [row.legal_name for row in expected]
    assert [line[0] for line in read[1:]] == [row.tax_id for row in expected]


def _cells(row: object, keys: list[str]) -> list[object]:
    return [getattr(row, key) for key in keys]
