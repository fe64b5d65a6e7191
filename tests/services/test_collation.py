"""Spanish sort keys and accent-free matching: the Python fold and the SQL fold agree."""

from __future__ import annotations

import sqlite3

import pytest

from crm_desktop.services.core.collation import fold, fold_sql, like_pattern

WORDS = ["Álamo", "ÁLAMO", "alamo", "Núñez", "ÑANDÚ", "Pingüino", "Éxito", "Óptica", "Ímpetu",
         "Úrsula", "Calzado del Huila", "Calzado Las Palmas", "", "100% Café"]  # fmt: skip


@pytest.mark.parametrize("search", [False, True])
def test_the_sql_fold_is_the_python_fold(search: bool) -> None:
    connection = sqlite3.connect(":memory:")
    for word in WORDS:
        (found,) = connection.execute(f"SELECT {fold_sql('?', search)}", (word,)).fetchone()
        assert found == fold(word, search), word


def test_keys() -> None:
    assert fold("ÁLAMO") == fold("álamo") == "alamo"
    assert fold("Núñez") == "nun~ez" and fold("Núñez", search=True) == "nunez"
    assert sorted(["Oso", "Ñandú", "Nuez"], key=fold) == ["Nuez", "Ñandú", "Oso"]
    assert like_pattern(" Capacitación 100%_ ") == "%capacitacion 100\\%\\_%"
