"""Accents and case folded out of text, the same in Python and in SQLite (no dependencies).

The data and the Python side of services/core/collation.py, kept here, outside the layers, so
that opening a database (models/database.py) can register `fold_search` as a SQL function.
"""

from __future__ import annotations

# The accented letters folded and their base; ñ becomes "n~" ("~" sorts after every letter),
# so "Núñez" comes after "Nunez" and every "nu…", and before "o": its place in the alphabet.
# Each in both cases. Changing this list needs a revision that rebuilds the key columns.
FOLDS: tuple[tuple[str, str], ...] = (
    ("àáâãä", "a"),
    ("ç", "c"),
    ("èéêë", "e"),
    ("ìíîï", "i"),
    ("ñ", "n~"),
    ("òóôõö", "o"),
    ("ùúûü", "u"),
)
PAIRS = tuple(
    (letter, base)
    for letters, base in FOLDS
    for lower in letters
    for letter in (lower, lower.upper())
)
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _pairs(search: bool) -> tuple[tuple[str, str], ...]:
    # A search folds ñ to n: people type "Nandu" for "Ñandú", and "nino" finds "niño".
    return tuple((letter, "n" if search and base == "n~" else base) for letter, base in PAIRS)


def fold(text: str | None, search: bool = False) -> str:
    """The sort key of text (search: the key to match typed text against), exactly as the key
    columns hold it in SQLite (services/core/collation.py)."""
    key = (text or "").translate(_ASCII_LOWER)  # SQLite's lower() folds ASCII only
    for letter, base in _pairs(search):
        key = key.replace(letter, base)
    return key


def fold_search(text: str | None) -> str:
    """fold(text, search=True); the SQL function of the same name on the program's connections."""
    return fold(text, search=True)
