"""Spreadsheet formula injection (CSV/XLSX): cells a spreadsheet would run, on the way in and out.

A cell starting with = @ tab or carriage return, or + - followed by a call or a pipe, is run by
Excel and LibreOffice (=HYPERLINK(...) exfiltrates, +cmd|... executes). Imports refuse them;
exports write them as text by prefixing an apostrophe, as OWASP advises.
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_STARTS = ("=", "@", "\t", "\r")
# After a leading + or -: a pipe (DDE), a sheet reference, an operator chain or a function call.
# "+57 (601) 345 6789" and "-5" stay data.
_SIGNED_FORMULA = re.compile(r"[|!=]|[A-Za-z_][A-Za-z0-9_.]*\s*\(")


def is_formula(cell: str) -> bool:
    if cell.startswith(FORMULA_STARTS):
        return True
    return cell[:1] in "+-" and _SIGNED_FORMULA.search(cell) is not None


def defuse(value: Any) -> Any:
    """A value safe to write to a CSV or XLSX cell: text a spreadsheet would run gets a "'"."""
    if isinstance(value, str) and is_formula(value):
        return "'" + value
    return value
