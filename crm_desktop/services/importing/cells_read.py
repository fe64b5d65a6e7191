"""Cells as a sales assistant types them, read into the values the forms' rules check:
prices "1.250.000,00" or "$ 1,250,000.00", dates "31/12/2026", "sí"/"no", "60 %"."""

from __future__ import annotations

import re
from datetime import date

from crm_desktop.services.importing.mapping import normalise

_NOT_DIGITS = re.compile(r"[^\d.,\-]")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
YES = frozenset({"si", "s", "yes", "y", "true", "verdadero", "1", "x", "activo", "active"})
NO = frozenset({"no", "n", "false", "falso", "0", "inactivo", "inactive", ""})


def amount_text(cell: str) -> str:
    """A number as Decimal reads it ("1.250.000,00" -> "1250000.00"); the cell unchanged when it
    is no number at all, so the rules say so. With both separators the last one is the decimal
    mark; one separator repeated groups thousands; a single "," is a decimal comma (Spanish
    Excel), a single "." followed by exactly three digits groups thousands ("1.250")."""
    text = _NOT_DIGITS.sub("", cell)
    if not any(ch.isdigit() for ch in text):
        return cell
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        return text.replace(thousands, "").replace(decimal_mark, ".")
    if commas:
        return text.replace(",", "") if commas > 1 else text.replace(",", ".")
    if dots > 1 or (dots == 1 and re.fullmatch(r"-?\d{1,3}\.\d{3}", text)):
        return text.replace(".", "")
    return text


def date_text(cell: str) -> str:
    """ "31/12/2026" (day first, as in Colombia), "2026-12-31" or an Excel date ("2026-12-31
    00:00:00") as ISO; anything else unchanged, for the rules to refuse in words."""
    cell = cell.strip()
    found = _DAY_FIRST.match(cell)
    if found:
        day, month, year = (int(g) for g in found.groups())
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return cell
    if re.match(r"^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$", cell):
        return cell[:10]
    return cell


def flag(cell: str) -> bool | None:
    """Sí/no in the words people use; None when it is neither."""
    word = normalise(cell)
    if word in YES:
        return True
    if word in NO:
        return False
    return None


def percent_text(cell: str) -> str:
    """ "60 %" or "60,0" -> "60" (a whole percentage); unchanged when it is not one."""
    text = amount_text(cell.replace("%", ""))
    if re.fullmatch(r"\d+(\.0+)?", text):
        return text.split(".")[0]
    return cell
