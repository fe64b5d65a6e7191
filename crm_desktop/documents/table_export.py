"""Any table view to CSV or XLSX, streamed: the visible columns, the rows as filtered and sorted.

The caller gives the columns (titles already in the user's language, and a kind) and an
iterable of rows (one value per column); rows are written as they come, so 100,000 accounts
never sit in memory. CSV is what Spanish Excel opens with a double click: UTF-8 with a
byte-order mark, ';' between cells and a decimal comma when the language is Spanish (','
and a decimal point in English). XLSX (openpyxl's write-only mode, constant memory) has real
numbers and dates, with number formats of the client's country (money with its symbol).
Every text cell a spreadsheet would run as a formula is defused (services/core/cells.py).
The file appears only once complete (files.atomic_output): a cancelled or failed export
leaves nothing behind, and the database and its companions are never a valid target.
"""

from __future__ import annotations

import contextlib
import csv
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill

from crm_desktop.files import atomic_output
from crm_desktop.i18n import N_, gettext
from crm_desktop.services.core.cells import defuse
from crm_desktop.services.core.formats import Formats, formats

FORMATS = ("csv", "xlsx")
KINDS = ("text", "int", "decimal", "money", "pct", "date", "datetime")
PROGRESS_EVERY = 1000  # rows between two progress calls (and cancel checks)
_NUMBER_FORMATS = {"int": "0", "decimal": "#,##0.00", "pct": "0.0"}
_HEADER_FONT = Font(bold=True, color="E8EEF5")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")


class ExportCancelled(Exception):
    """The user stopped the export; no file was written."""


@dataclass(frozen=True)
class TableColumn:
    title: str  # in the export's language
    kind: str = "text"  # one of KINDS; numbers and dates are written typed
    width: int = 0  # XLSX column width in characters; 0: from the title


# progress(rows done) -> False to stop (the export raises ExportCancelled)
Progress = Callable[[int], bool]


def export_format(path: Path) -> str:
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    return fmt


def write_table(
    path: Path,
    columns: Sequence[TableColumn],
    rows: Iterable[Sequence[Any]],
    lang: str,
    country: str | None = None,
    currency: str = "COP",
    progress: Progress | None = None,
    db: Path | None = None,
) -> int:
    """Write rows to path (.csv or .xlsx) and return how many; db is never overwritten."""
    fmt = export_format(path)
    f = formats(lang, country)
    with atomic_output(path, db) as tmp:
        if fmt == "csv":
            return _write_csv(tmp, columns, rows, f, progress)
        return _write_xlsx(tmp, columns, rows, f, currency, progress)


def _tick(done: int, progress: Progress | None) -> None:
    if progress is not None and done % PROGRESS_EVERY == 0 and not progress(done):
        raise ExportCancelled


# -- CSV ---------------------------------------------------------------------------------------
def _csv_number(value: Decimal | int | float, comma: bool) -> str:
    text = f"{value:f}" if isinstance(value, Decimal) else str(value)
    return text.replace(".", ",") if comma else text


def csv_cell(column: TableColumn, value: Any, f: Formats) -> str:
    """A value as CSV text Excel of the language reads back as the same number or date."""
    if value is None or value == "":
        return ""
    comma = f.language == "es"
    if column.kind in ("int", "decimal", "money", "pct") and isinstance(
        value, Decimal | int | float
    ):
        return _csv_number(value, comma)
    if isinstance(value, datetime):
        return f"{f.day(value.date())} {value:%H:%M}"
    if isinstance(value, date):
        return f.day(value)
    return str(defuse(str(value)))


def _write_csv(
    tmp: Path,
    columns: Sequence[TableColumn],
    rows: Iterable[Sequence[Any]],
    f: Formats,
    progress: Progress | None,
) -> int:
    delimiter = ";" if f.language == "es" else ","
    done = 0
    with tmp.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow([defuse(c.title) for c in columns])
        for row in rows:
            writer.writerow([csv_cell(c, v, f) for c, v in zip(columns, row, strict=True)])
            done += 1
            _tick(done, progress)
    return done


# -- XLSX --------------------------------------------------------------------------------------
def excel_date_format(f: Formats) -> str:
    """The country's short date as an Excel format: dd/MM/y -> dd/mm/yyyy."""
    pattern = f.date_pattern().replace("M", "m")
    return re.sub(r"y+", "yyyy", pattern)


def excel_money_format(f: Formats, currency: str) -> str:
    symbol = f.symbol(currency).replace('"', "")
    return f'"{symbol}" #,##0.00;-"{symbol}" #,##0.00'


def _number_formats(f: Formats, currency: str) -> dict[str, str]:
    day = excel_date_format(f)
    return {
        **_NUMBER_FORMATS,
        "money": excel_money_format(f, currency),
        "date": day,
        "datetime": f"{day} hh:mm",
    }


def _write_xlsx(
    tmp: Path,
    columns: Sequence[TableColumn],
    rows: Iterable[Sequence[Any]],
    f: Formats,
    currency: str,
    progress: Progress | None,
) -> int:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(gettext(N_("Data"), f.language))
    number_formats = _number_formats(f, currency)
    for index, column in enumerate(columns):
        letter = _letter(index)
        # Text columns wide enough for a company's name (about 35 characters) at first sight.
        floor = 36 if column.kind == "text" else 14
        sheet.column_dimensions[letter].width = column.width or min(
            60, max(floor, len(column.title) + 4)
        )
    sheet.freeze_panes = "A2"
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=defuse(column.title))
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        header.append(cell)
    sheet.append(header)
    done = 0
    try:
        for row in rows:
            cells = [
                _xlsx_cell(sheet, c, v, number_formats) for c, v in zip(columns, row, strict=True)
            ]
            sheet.append(cells)
            done += 1
            _tick(done, progress)
    except BaseException:
        _discard(sheet)
        raise
    book.save(tmp)
    return done


def _discard(sheet: Any) -> None:
    """Close a write-only sheet left half-written and remove the rows openpyxl spooled."""
    with contextlib.suppress(Exception):
        sheet.close()
    spool = getattr(getattr(sheet, "_writer", None), "out", None)
    if isinstance(spool, str):
        Path(spool).unlink(missing_ok=True)


def _xlsx_cell(sheet: Any, column: TableColumn, value: Any, number_formats: dict[str, str]) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        value = value.replace(tzinfo=None)  # Excel has no time zones: the time as shown
    if isinstance(value, Decimal | int | float | date) and not isinstance(value, bool):
        number_format = number_formats.get(column.kind)
        if number_format is None:
            return value
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = number_format
        return cell
    return defuse(str(value))


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))
