"""Spanish sort order in plain SQL: accents and case folded, ñ after n (Álamo beside Alamo).

SQLite compares text by bytes, so "Álamo" sorted after "Zapata" and "Calzado del Huila" after
"Calzado Las Palmas"; and its lower() folds ASCII letters only. The fold here takes every
accented letter a Spanish keyboard types (´ ` ^ ¨ and ~ on a vowel, ç, ñ), in either case, to
its base letter: "ÀLAMO", "Álamo" and "alamo" are one key, "Françoise" sorts with "Francisco".

Sorting the account list by it must walk an index: the sort keys of the accounts' legal name,
trade name and city are *generated columns* (revision u11_fold: `legal_name_key`, …), computed
by SQLite from built-in functions only (lower and replace), so the file needs no function
registered on the connection: any SQLite tool can read and write it, and the pull, the
services and the server's import keep the keys right without knowing they exist. A column's
key is made in two steps (`<column>_fold1`, then `<column>_key`): one expression of 48 nested
replace() overflows SQLite's parser stack (about 25 levels). `fold_sql(column)` names the key
of such a column, for ORDER BY.

A search over other text (products, quote numbers) folds both sides with `fold_search`,
registered on the program's connections (models/database.py): nothing stored depends on it.

`fold()` is the same in Python, for sorting lists the program holds and for the tests that
check all of them agree. Cheap to import: it is on the start path (the first page is sorted by
it).
"""

from __future__ import annotations

from typing import Any

from crm_desktop.fold import FOLDS, PAIRS, fold, fold_search

__all__ = ["FOLDS", "SORTED_COLUMNS", "contains", "contains_sql", "fold", "fold_search", "fold_sql",
           "key_steps", "like_pattern"]  # fmt: skip

# Account columns sorted in Spanish order, each with its generated key column (revision u11_fold).
SORTED_COLUMNS = ("legal_name", "trade_name", "city")
STEPS = 2  # replace() calls split over this many generated columns (the parser's limit)


def key_steps(column: str) -> list[tuple[str, str]]:
    """(generated column, its SQL expression) for column's sort key, in the order they are
    added; the last one is the key. Each step's expression stays within the parser's depth."""
    size = -(-len(PAIRS) // STEPS)
    steps: list[tuple[str, str]] = []
    sql = f"lower(coalesce({column}, ''))"
    for step in range(STEPS):
        for letter, base in PAIRS[step * size : (step + 1) * size]:
            sql = f"replace({sql}, '{letter}', '{base}')"
        name = f"{column}_key" if step == STEPS - 1 else f"{column}_fold{step + 1}"
        steps.append((name, sql))
        sql = name
    return steps


def fold_sql(column: str) -> str:
    """The sort key of an account column ("a.legal_name" -> "a.legal_name_key"): the generated
    column that indexes use; ORDER BY must name it for the index to be walked."""
    table, _, name = column.rpartition(".")
    if name not in SORTED_COLUMNS:
        raise ValueError(f"{column} has no sort key; use fold_search to match text")
    return f"{table}.{name}_key" if table else f"{name}_key"


def contains_sql(column: str, param: str) -> str:
    """column contains the typed text of :param (pass it through like_pattern), accents and
    case aside: "capacitacion" finds "Capacitación"."""
    return f"fold_search({column}) LIKE :{param} ESCAPE '\\'"


def contains(column: Any, typed: str) -> Any:
    """contains_sql as a SQLAlchemy condition on a column (SQLAlchemy imported only here)."""
    from sqlalchemy import func

    return func.fold_search(column).like(like_pattern(typed), escape="\\")


def like_pattern(typed: str) -> str:
    """The LIKE pattern of contains_sql for what the user typed (its % and _ taken literally)."""
    text = fold(typed.strip(), search=True)
    text = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{text}%"
