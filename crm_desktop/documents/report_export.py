"""Every report to CSV, XLSX (openpyxl) and PDF (ReportLab, the proposals' fonts and colours).

CSV is UTF-8 with a byte-order mark (so Excel reads accents), comma-separated, one block per
table (title line, header, rows, totals) with numbers written plainly (1234567.50) so any
program can read them back. XLSX has one sheet per table with real numbers and number formats.
The PDF is landscape letter paper, the look of the proposals: accent header rows, thin rules,
DejaVu Sans, numbers and money written the way the chosen language writes them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from reportlab.lib.pagesizes import LETTER, landscape
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Table as PdfTable

from crm_desktop.documents import styles as st
from crm_desktop.i18n import N_, gettext
from crm_desktop.services.core.cells import defuse
from crm_desktop.services.core.formats import formats
from crm_desktop.services.reports.reports import PERIOD_KINDS, Column, Report, Table

FORMATS = ("csv", "xlsx", "pdf")
PAGE = landscape(LETTER)
MARGIN = 12 * mm
NUMERIC = ("int", "money", "pct", "decimal")
HEAD = st.style("report_head", 7.5, fontName=st.BOLD, textColor=st.BAND)
TOTAL = st.style("report_total", 8, fontName=st.BOLD, textColor=st.ACCENT)
HEAD_RIGHT = st.style("report_head_right", 7.5, fontName=st.BOLD, textColor=st.BAND, alignment=2)


@dataclass(frozen=True)
class ExportInfo:
    """What the heading says besides the report: who it covers and for whom it was made."""

    scope: str  # "Everyone" or the rep's name, already in the export's language
    made_on: date  # today, where the report was made (from the injected clock)
    company: str = ""


def _cell(column: Column, value: Any, lang: str) -> Any:
    """A value for CSV/XLSX: numbers stay numbers, codes become words."""
    if column.kind in NUMERIC and isinstance(value, int | Decimal):
        return value
    return defuse(column.label(value, lang))


def _period_line(report: Report, lang: str) -> str:
    period = report.period
    if period is None:
        return ""
    kind = gettext(PERIOD_KINDS.get(period.kind, period.kind), lang)
    f = formats(lang)
    return f"{kind}: {f.long_day(period.start)} – {f.long_day(period.end)}"


def _heading(report: Report, info: ExportInfo, lang: str) -> list[str]:
    scope = gettext(N_("Scope: {scope}"), lang, scope=info.scope)
    return [gettext(report.title, lang), _period_line(report, lang), scope]


def to_csv(report: Report, info: ExportInfo, lang: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for line in _heading(report, info, lang):
        writer.writerow([line])
    for table in report.tables:
        writer.writerow([])
        writer.writerow([gettext(table.title, lang)])
        writer.writerow([gettext(c.title, lang) for c in table.columns])
        for row in table.rows:
            writer.writerow(
                [_plain(_cell(c, v, lang)) for c, v in zip(table.columns, row, strict=True)]
            )
        if table.totals:
            writer.writerow([_plain(v) for v in table.totals])
    return "\ufeff" + out.getvalue()


def _plain(value: Any) -> Any:
    return f"{value:f}" if isinstance(value, Decimal) else defuse(value)


_XLSX_FORMATS = {"money": "#,##0.00", "pct": "0.0", "decimal": "#,##0.##", "int": "0"}


def to_xlsx(report: Report, info: ExportInfo, lang: str) -> bytes:
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for table in report.tables:
        sheet = book.create_sheet(_sheet_name(gettext(table.title, lang), used))
        for line in _heading(report, info, lang):
            sheet.append([line])
        sheet["A1"].font = Font(bold=True, size=13, color="1F4E79")
        sheet.append([])
        header_row = sheet.max_row + 1
        sheet.append([gettext(c.title, lang) for c in table.columns])
        for cell in sheet[header_row]:
            cell.font = Font(bold=True, color="E8EEF5")
            cell.fill = PatternFill("solid", fgColor="1F4E79")
        for row in table.rows:
            sheet.append([_cell(c, v, lang) for c, v in zip(table.columns, row, strict=True)])
        if table.totals:
            sheet.append([defuse(v) for v in table.totals])
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
        _format_columns(sheet, table, header_row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_name(title: str, used: set[str]) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\, unique in the book."""
    name = "".join(ch for ch in title if ch not in "[]:*?/\\")[:31] or "Report"
    base, n = name, 2
    while name in used:
        name = f"{base[:28]} {n}"
        n += 1
    used.add(name)
    return name


def _format_columns(sheet: Any, table: Table, header_row: int) -> None:
    for index, column in enumerate(table.columns, start=1):
        letter = get_column_letter(index)
        values = [str(v) for v in table.column(column.key)] + [gettext(column.title)]
        sheet.column_dimensions[letter].width = min(60, max(10, *(len(v) + 2 for v in values)))
        number_format = _XLSX_FORMATS.get(column.kind)
        if number_format:
            for (cell,) in sheet.iter_rows(min_row=header_row + 1, min_col=index, max_col=index):
                cell.number_format = number_format


def _pdf_text(column: Column, value: Any, lang: str) -> str:
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        f = formats(lang)
        if column.kind == "money":
            return f.money(Decimal(value), "COP")
        if column.kind == "pct":
            return f.percent(Decimal(value), 1)
        if column.kind == "decimal":
            return f.quantity(Decimal(value))
        return f.number(Decimal(value), 0)
    return column.label(value, lang)


def _pdf_table(table: Table, lang: str, width: float) -> PdfTable:
    s = st.styles()
    header = [
        Paragraph(st.esc(gettext(c.title, lang)), HEAD_RIGHT if c.kind in NUMERIC else HEAD)
        for c in table.columns
    ]
    body = [
        [_pdf_text(c, v, lang) for c, v in zip(table.columns, row, strict=True)]
        for row in table.rows
    ]
    if table.totals:
        body.append(
            [_pdf_text(c, v, lang) for c, v in zip(table.columns, table.totals, strict=True)]
        )
    text_columns = [i for i, c in enumerate(table.columns) if c.kind not in NUMERIC]
    last = len(body) - 1 if table.totals else -1
    rows = [header] + [
        [
            Paragraph(st.esc(v), TOTAL if n == last else s["cell"]) if i in text_columns else v
            for i, v in enumerate(row)
        ]
        for n, row in enumerate(body)
    ]
    widths = _widths(table, width)
    pdf = PdfTable(rows, colWidths=widths, repeatRows=1)
    pdf.setStyle(TableStyle(_pdf_style(table, text_columns)))
    return pdf


def _widths(table: Table, width: float) -> list[float]:
    weights = [3.0 if c.kind not in NUMERIC else 1.4 for c in table.columns]
    return [width * w / sum(weights) for w in weights]


def _pdf_style(table: Table, text_columns: list[int]) -> list[tuple[Any, ...]]:
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), st.FONT, 8),
        ("BACKGROUND", (0, 0), (-1, 0), st.ACCENT),
        ("TEXTCOLOR", (0, 0), (-1, 0), st.BAND),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 1), (-1, -1), "RIGHT"),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, st.RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    commands += [("ALIGN", (i, 1), (i, -1), "LEFT") for i in text_columns]
    if table.totals:
        commands += [
            ("FONT", (0, -1), (-1, -1), st.BOLD, 8),
            ("LINEABOVE", (0, -1), (-1, -1), 1, st.ACCENT),
            ("TEXTCOLOR", (0, -1), (-1, -1), st.ACCENT),
        ]
    return commands


def to_pdf(report: Report, info: ExportInfo, lang: str) -> bytes:
    st.register_fonts()
    s = st.styles()
    title, period, scope = _heading(report, info, lang)
    width = PAGE[0] - 2 * MARGIN - 12
    story: list[Any] = [Paragraph(st.esc(info.company), s["company"])] if info.company else []
    story += [Paragraph(st.esc(title), s["title"]), Paragraph(st.esc(period), s["body"])]
    made = gettext(N_("Made on {date}"), lang, date=formats(lang).long_day(info.made_on))
    story += [Paragraph(st.esc(f"{scope} · {made}"), s["small"]), Spacer(1, 6)]
    for table in report.tables:
        heading = Paragraph(st.esc(gettext(table.title, lang)), s["heading"])
        if not table.rows:
            story += [
                heading,
                Paragraph(st.esc(gettext(N_("Nothing in this period."), lang)), s["body"]),
            ]
            continue
        story += [KeepTogether([heading, Spacer(1, 3)]), _pdf_table(table, lang, width)]
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        author=info.company,
        creator="crm-desktop",
        lang="es-CO" if lang == "es" else "en",
    )
    doc.build(story)
    return out.getvalue()


WRITERS: dict[str, Callable[[Report, ExportInfo, str], str | bytes]] = {
    "csv": to_csv,
    "xlsx": to_xlsx,
    "pdf": to_pdf,
}


def export_report(report: Report, path: Path, info: ExportInfo, lang: str) -> Path:
    """Write report to path in the format its suffix names (.csv, .xlsx or .pdf)."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in WRITERS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    content = WRITERS[fmt](report, info, lang)
    tmp = path.with_name(path.name + ".part")
    if isinstance(content, str):
        tmp.write_text(content, encoding="utf-8")
    else:
        tmp.write_bytes(content)
    tmp.replace(path)
    return path


def export_filename(report: Report, fmt: str, lang: str) -> str:
    """A file name like Rechazos-2026-10-01_2026-12-31.pdf."""
    words = "".join(ch if ch.isalnum() else "-" for ch in gettext(report.title, lang)).strip("-")
    while "--" in words:
        words = words.replace("--", "-")
    period = report.period
    span = f"-{period.start}_{period.end}" if period else ""
    return f"{words[:60]}{span}.{fmt}"
