"""Spanish sort order in plain SQL: accents and case folded, ñ after n (Álamo beside Alamo).

SQLite compares text by bytes, so "Álamo" sorted after "Zapata" and "Calzado del Huila" after
"Calzado Las Palmas". `fold_sql(column)` is an expression of built-in functions only (lower and
replace), so an index on it can be walked for ORDER BY (revision c1), it needs no function
registered on the connection (any SQLite tool can read and write the file), and the pull,
the services and the server's import all keep it right without knowing it exists.

`fold()` is the same in Python, for sorting lists the program holds and for the tests that
check both agree. Cheap to import: it is on the start path (the first page is sorted by it).
"""

from __future__ import annotations

from typing import Any

# Spanish's accented letters and their base; ñ becomes "n~" ("~" sorts after every letter),
# so "Núñez" comes after "Nunez" and every "nu…", and before "o": its place in the alphabet.
# Only these 14: SQLite's parser refuses much deeper nesting of replace().
FOLDS: tuple[tuple[str, str], ...] = (
    ("áÁ", "a"),
    ("éÉ", "e"),
    ("íÍ", "i"),
    ("óÓ", "o"),
    ("úÚüÜ", "u"),
    ("ñÑ", "n~"),
)
_PAIRS = tuple((letter, base) for letters, base in FOLDS for letter in letters)
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _pairs(search: bool) -> tuple[tuple[str, str], ...]:
    # A search folds ñ to n: people type "Nandu" for "Ñandú", and "nino" finds "niño".
    return tuple((letter, "n" if search and base == "n~" else base) for letter, base in _PAIRS)


def fold(text: str | None, search: bool = False) -> str:
    """The sort key of text (search: the key to match typed text against), exactly as
    fold_sql computes it in SQLite."""
    key = (text or "").translate(_ASCII_LOWER)  # SQLite's lower() folds ASCII only
    for letter, base in _pairs(search):
        key = key.replace(letter, base)
    return key


def fold_sql(column: str, search: bool = False) -> str:
    """The SQL expression of fold(column); an index on it must use this very text."""
    sql = f"lower(coalesce({column}, ''))"
    for letter, base in _pairs(search):
        sql = f"replace({sql}, '{letter}', '{base}')"
    return sql


def contains_sql(column: str, param: str) -> str:
    """column contains the typed text of :param (pass it through like_pattern), accents and
    case aside: "capacitacion" finds "Capacitación"."""
    return f"{fold_sql(column, search=True)} LIKE :{param} ESCAPE '\\'"


def contains(column: Any, typed: str) -> Any:
    """contains_sql as a SQLAlchemy condition on a column (SQLAlchemy imported only here)."""
    from sqlalchemy import func

    expr = func.lower(func.coalesce(column, ""))
    for letter, base in _pairs(search=True):
        expr = func.replace(expr, letter, base)
    return expr.like(like_pattern(typed), escape="\\")


def like_pattern(typed: str) -> str:
    """The LIKE pattern of contains_sql for what the user typed (its % and _ taken literally)."""
    text = fold(typed.strip(), search=True)
    text = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{text}%"
