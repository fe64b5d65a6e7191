"""Spanish sort keys and accent-free matching: the Python fold, the generated key columns of the
accounts (revision u11_fold) and the fold_search SQL function agree, on every accent a Spanish
keyboard types, in either case."""

from __future__ import annotations

import sqlite3

import pytest
from stdnum.co import nit

from crm_desktop.database import Database
from crm_desktop.services.accounts.account_list import AccountQuery, fetch_page
from crm_desktop.services.core.collation import (
    FOLDS,
    SORTED_COLUMNS,
    fold,
    fold_sql,
    key_steps,
    like_pattern,
)
from tests.factories import make_account, make_user

WORDS = ["Álamo", "ÁLAMO", "alamo", "Àlamo", "ÂLAMO", "Äpfel", "Núñez", "ÑANDÚ", "Pingüino",
         "Éxito", "ÊXITO", "èxito", "Óptica", "ÔPTICA", "Öl", "Ímpetu", "ÎLE", "Ïdolo", "Úrsula",
         "ÙLTIMO", "Çafé", "FRANÇOISE", "São Paulo", "CONCEIÇÃO", "Calzado del Huila",
         "Calzado Las Palmas", "", "100% Café"]  # fmt: skip


def test_every_accent_a_spanish_keyboard_types_is_folded_in_both_cases() -> None:
    """Issue 11: the fold knew only á é í ó ú ü ñ; à â ä ç ã õ and their capitals stayed."""
    for letters, base in FOLDS:
        for letter in letters:
            assert fold(letter) == fold(letter.upper()) == base, letter
    for dead_key in "`´^¨":  # the dead keys of a Spanish keyboard, on each vowel
        for vowel in "aeiou":
            composed = __import__("unicodedata").normalize("NFC", vowel + {
                "`": "\u0300", "´": "\u0301", "^": "\u0302", "¨": "\u0308"}[dead_key])  # fmt: skip
            assert fold(composed) == fold(composed.upper()) == vowel, composed
    assert fold("FRANÇOISE") == fold("francoise") == "francoise"
    assert fold("CONCEIÇÃO") == "conceicao"


@pytest.mark.parametrize("column", SORTED_COLUMNS)
def test_the_generated_key_columns_are_the_python_fold(column: str) -> None:
    connection = sqlite3.connect(":memory:")
    connection.execute(f"CREATE TABLE accounts (id INTEGER PRIMARY KEY, {column} TEXT)")
    for generated, expression in key_steps(column):
        connection.execute(
            f"ALTER TABLE accounts ADD COLUMN {generated} TEXT "
            f"GENERATED ALWAYS AS ({expression}) VIRTUAL"
        )
    connection.executemany(f"INSERT INTO accounts ({column}) VALUES (?)", [(w,) for w in WORDS])
    found = connection.execute(f"SELECT {column}, {fold_sql(column)} FROM accounts").fetchall()
    assert found == [(word, fold(word)) for word in WORDS]


def test_fold_search_on_the_programs_connections_is_the_python_fold(database: Database) -> None:
    with database.sessions() as session:
        for word in WORDS:
            found = session.connection().exec_driver_sql("SELECT fold_search(?)", (word,))
            assert found.scalar_one() == fold(word, search=True), word


def test_keys() -> None:
    assert fold("ÁLAMO") == fold("álamo") == fold("Àlamo") == "alamo"
    assert fold("Núñez") == "nun~ez" and fold("Núñez", search=True) == "nunez"
    assert sorted(["Oso", "Ñandú", "Nuez"], key=fold) == ["Nuez", "Ñandú", "Oso"]
    assert like_pattern(" Capacitación 100%_ ") == "%capacitacion 100\\%\\_%"
    assert like_pattern("FRANÇOIS") == "%francois%"
    with pytest.raises(ValueError):
        fold_sql("a.email")  # no key column: a sort by it would not walk an index


ORDER = ["Àlamo Verde S.A.S.", "Álamo Azul S.A.S.", "Çafé de Altura S.A.S.", "CAFETERÍA SOL",
         "ÊXITO INDUSTRIAL S.A.S.", "Exito Mayorista S.A.S.", "Françoise Boutique",
         "Francisco Pérez", "Ôptica Norte S.A.S.", "Zapatería Real S.A.S."]  # fmt: skip


def test_accounts_sort_and_filter_with_every_accent_folded(database: Database) -> None:
    """The account list in SQL (through the key columns' indexes) sorts as fold() does: "Ç"
    with "C", "Ê" with "E", "Françoise" beside "Francisco", none after "Zapatería"."""
    with database.sessions() as session, session.begin():
        owner = make_user(session)
        for number, name in enumerate(reversed(ORDER)):
            body = str(900300000 + number)
            make_account(session, legal_name=name, trade_name=name.upper(), city="Bogotá",
                         owner_id=owner.id, tax_id=body + nit.calc_check_digit(body))  # fmt: skip
    expected = sorted(ORDER, key=lambda name: (fold(name), name))
    assert [fold(n)[:4] for n in expected][:2] == ["alam", "alam"]
    with database.sessions() as session:
        by_name = [r.legal_name for r in fetch_page(session, AccountQuery(), 0, 50)]
        by_trade = fetch_page(session, AccountQuery(sort="trade_name"), 0, 50)
    assert by_name == expected
    assert by_name.index("Françoise Boutique") == by_name.index("Francisco Pérez") + 1
    assert by_name[-1] == "Zapatería Real S.A.S."
    assert [fold(r.legal_name) for r in by_trade] == sorted(fold(n) for n in ORDER)
