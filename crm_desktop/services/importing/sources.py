"""Read a CSV or XLSX file into rows of text, with words (never a traceback) for bad files.

CSV: the encoding is detected (a UTF-8 byte-order mark, then strict UTF-8, then Windows-1252,
then Latin-1, which decodes anything) and can be overridden; the delimiter is sniffed among
; , tab and |, as Spanish Excel writes ";" and English Excel ",". XLSX: any sheet by name.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crm_desktop.i18n import N_, gettext

MAX_BYTES = 50 * 1024 * 1024  # 50 MB: far above 100,000 accounts, far below a laptop's memory
MAX_ROWS = 500_000
ENCODINGS = ("utf-8-sig", "utf-8", "cp1252", "latin-1")
DELIMITERS = ";,\t|"


class ImportFileError(ValueError):
    """A file that cannot be read as a table, said in words."""

    def __init__(self, message: str, **params: Any) -> None:
        self.message, self.params = message, params
        super().__init__(gettext(message, "en", **params))

    def text(self, lang: str | None = None) -> str:
        return gettext(self.message, lang, **self.params)


@dataclass(frozen=True)
class Table:
    """The cells of one sheet as text, first row first, and how they were read."""

    rows: list[list[str]]
    encoding: str | None = None  # CSV only
    delimiter: str | None = None  # CSV only
    sheet: str | None = None  # XLSX only
    sheets: tuple[str, ...] = ()  # XLSX only


def _check_size(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ImportFileError(
            N_("The file cannot be opened: {reason}"), reason=error.strerror
        ) from None
    if size > MAX_BYTES:
        raise ImportFileError(
            N_("The file is {size} MB; the limit is {limit} MB. Split it into smaller files."),
            size=size // (1024 * 1024),
            limit=MAX_BYTES // (1024 * 1024),
        )
    if size == 0:
        raise ImportFileError(N_("The file is empty."))
    return path.read_bytes()


def detect_encoding(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    for encoding in ("utf-8", "cp1252"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    return "latin-1"


def _looks_binary(data: bytes) -> bool:
    return b"\x00" in data[:8192]


def _sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in DELIMITERS}
        return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def read_csv(path: Path, encoding: str | None = None, delimiter: str | None = None) -> Table:
    data = _check_size(path)
    if _looks_binary(data):
        raise ImportFileError(N_("This is not a text file: save the sheet as CSV or XLSX."))
    chosen = encoding or detect_encoding(data)
    try:
        text = data.decode(chosen)
    except (UnicodeDecodeError, LookupError):
        raise ImportFileError(
            N_("The file is not written in {encoding}."), encoding=chosen
        ) from None
    sep = delimiter or _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    rows: list[list[str]] = []
    try:
        for row in reader:
            rows.append([cell.strip() for cell in row])
            if len(rows) > MAX_ROWS:
                raise ImportFileError(N_("The file has more than {limit} rows."), limit=MAX_ROWS)
    except csv.Error:
        raise ImportFileError(
            N_("Line {line} has a quote that is never closed; check that line in the file."),
            line=reader.line_num,
        ) from None
    return _non_empty(Table(rows, encoding=chosen, delimiter=sep))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_xlsx(path: Path, sheet: str | None = None) -> Table:
    from openpyxl import load_workbook  # heavy: only when an XLSX is read

    _check_size(path)
    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ImportFileError(
            N_("This is not an Excel workbook (.xlsx) or it is damaged.")
        ) from None
    try:
        names = tuple(book.sheetnames)
        if sheet is not None and sheet not in names:
            raise ImportFileError(N_("The workbook has no sheet named {sheet}."), sheet=sheet)
        chosen = sheet or names[0]
        rows: list[list[str]] = []
        for row in book[chosen].iter_rows(values_only=True):
            rows.append([_text(v) for v in row])
            if len(rows) > MAX_ROWS:
                raise ImportFileError(N_("The file has more than {limit} rows."), limit=MAX_ROWS)
    finally:
        book.close()
    return _non_empty(Table(rows, sheet=chosen, sheets=names))


def _non_empty(table: Table) -> Table:
    rows = [r for r in table.rows if any(r)]
    if not rows:
        raise ImportFileError(N_("The file is empty."))
    return Table(rows, table.encoding, table.delimiter, table.sheet, table.sheets)


def read_table(
    path: Path, encoding: str | None = None, delimiter: str | None = None, sheet: str | None = None
) -> Table:
    """The file's table, as CSV or XLSX by its content (an .xlsx is a zip)."""
    try:
        with path.open("rb") as head:
            is_zip = head.read(4) == b"PK\x03\x04"
    except OSError as error:
        raise ImportFileError(
            N_("The file cannot be opened: {reason}"), reason=error.strerror
        ) from None
    if is_zip or path.suffix.lower() in (".xlsx", ".xlsm"):
        return read_xlsx(path, sheet)
    return read_csv(path, encoding, delimiter)
