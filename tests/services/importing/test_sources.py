"""Reading files: encodings, delimiters, sheets, and words for every bad file."""

from __future__ import annotations

from pathlib import Path

import pytest

from crm_desktop.services.importing import sources
from crm_desktop.services.importing.mapping import auto_mapping, find_header_row
from crm_desktop.services.importing.sources import ImportFileError, read_table
from tests.services.importing.fixtures import HEADER, csv_text, latin1_csv, workbook


def test_latin1_semicolon_csv_is_detected_and_read(tmp_path: Path) -> None:
    table = read_table(latin1_csv(tmp_path))
    assert (table.encoding, table.delimiter) == ("cp1252", ";")
    header = find_header_row(table.rows)
    assert header == 2  # below the two title lines
    assert table.rows[header][0] == "Razón social"
    assert table.rows[header + 1][4] == "Bogotá"


@pytest.mark.parametrize(("encoding", "expected"), [("utf-8-sig", "utf-8-sig"), ("utf-8", "utf-8")])
def test_utf8_with_and_without_bom(tmp_path: Path, encoding: str, expected: str) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(csv_text(delimiter=",").encode(encoding))
    table = read_table(path)
    assert (table.encoding, table.delimiter) == (expected, ",")
    assert table.rows[2] == HEADER


def test_encoding_can_be_overridden(tmp_path: Path) -> None:
    path = latin1_csv(tmp_path)
    assert read_table(path, encoding="latin-1").rows[2][0] == "Razón social"
    with pytest.raises(ImportFileError) as failure:
        read_table(path, encoding="utf-8")
    assert failure.value.text("es") == "El archivo no está escrito en utf-8."


def test_every_sheet_of_a_workbook_is_selectable(tmp_path: Path) -> None:
    path = workbook(tmp_path)
    first = read_table(path)
    assert first.sheets == ("Notas", "Clientes")
    table = read_table(path, sheet="Clientes")
    header = find_header_row(table.rows)
    assert header == 1  # under the merged title row
    assert table.rows[header + 1][1] == "800.012.342"
    assert table.rows[header + 3][1] == "900123455"  # a number cell, read as its digits
    with pytest.raises(ImportFileError, match="no sheet named Ventas"):
        read_table(path, sheet="Ventas")


def _words(path: Path) -> str:
    with pytest.raises(ImportFileError) as failure:
        read_table(path)
    return failure.value.text("es")


def test_bad_files_get_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert _words(empty) == "El archivo está vacío."
    blank = tmp_path / "blank.csv"
    blank.write_bytes(b";;;\r\n;;\r\n")
    assert _words(blank) == "El archivo está vacío."
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50)
    assert "no es un archivo de texto" in _words(binary)
    quotes = tmp_path / "quotes.csv"
    quotes.write_bytes(b'NIT;Raz\xf3n social\r\n1;"Sin cerrar\r\n2;Otra\r\n')
    assert "comilla" in _words(quotes)
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"PK\x03\x04 not really a zip")
    assert "no es un libro de Excel" in _words(fake)
    assert "no se puede abrir" in _words(tmp_path / "missing.csv")
    monkeypatch.setattr(sources, "MAX_BYTES", 1024)
    big = tmp_path / "big.csv"
    big.write_bytes(b"a;b\r\n" * 1000)
    assert "el límite es" in _words(big)


def test_headers_in_spanish_and_english_are_matched() -> None:
    assert auto_mapping(HEADER) == {
        0: "legal_name",
        1: "tax_id",
        2: "phone",
        3: "email",
        4: "city",
        5: "legal_representative",
        6: "contact.first_name",
        7: "contact.last_name",
        8: "contact.job_title",
        9: "contact.mobile",
    }
    english = ["Company", "Tax ID", "Phone", "E-mail", "City", "Legal representative", "Notes"]
    assert list(auto_mapping(english).values()) == [
        "legal_name",
        "tax_id",
        "phone",
        "email",
        "city",
        "legal_representative",
        "notes",
    ]
    assert auto_mapping(["RAZON SOCIAL:", "N.I.T", "Teléfono "]) == {
        0: "legal_name",
        1: "tax_id",
        2: "phone",
    }
