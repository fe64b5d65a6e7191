"""The accounts table's SQL: the same page through a Session and through plain sqlite3."""

from __future__ import annotations

import random
import sqlite3

import pytest
from sqlalchemy.orm import Session
from stdnum.ar import cuit
from stdnum.cl import rut
from stdnum.co import nit

from crm_desktop.database import Database
from crm_desktop.services.accounts.account_list import (
    AccountQuery,
    fetch_page,
    fetch_page_dbapi,
    format_tax_id,
)
from tests.factories import make_account, make_user


def _digits(rng: random.Random, length: int) -> str:
    return str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(length - 1))


def test_tax_ids_are_formatted_as_python_stdnum_formats_them() -> None:
    """format_tax_id avoids importing stdnum at start; it must write exactly what stdnum does."""
    rng = random.Random(3)
    for _ in range(300):
        body = _digits(rng, rng.randint(5, 12))
        assert format_tax_id("nit", body + nit.calc_check_digit(body)) == nit.format(
            body + nit.calc_check_digit(body)
        )
        number = _digits(rng, 10)
        assert format_tax_id("cuit", number + cuit.calc_check_digit(number)) == cuit.format(
            number + cuit.calc_check_digit(number)
        )
        body = _digits(rng, rng.randint(7, 8))
        assert format_tax_id("rut", body + rut.calc_check_digit(body)) == rut.format(
            body + rut.calc_check_digit(body)
        )
    assert format_tax_id("nit", "9001234568") == "900.123.456-8"
    assert format_tax_id("cc", "1020304050") == "1020304050"  # cédulas are shown as stored
    assert format_tax_id("nit", "") == "" and format_tax_id("nit", None) == ""


@pytest.mark.parametrize(
    "query",
    [
        AccountQuery(),
        AccountQuery(text="andina"),
        AccountQuery(city="Cali", sort="tax_id", descending=True),
        AccountQuery(text="zzzz"),
        AccountQuery(text="..."),
    ],
)
def test_a_page_read_with_sqlite3_equals_the_session_read(
    database: Database, query: AccountQuery
) -> None:
    with database.sessions() as session, session.begin():
        _add_accounts(session)
    with database.sessions() as session:
        expected = fetch_page(session, query, 5, 10)
    connection = sqlite3.connect(database.path)
    try:
        assert fetch_page_dbapi(connection, query, 5, 10) == expected
    finally:
        connection.close()
    if query.text in ("zzzz", "..."):
        assert expected == []
    else:
        assert len(expected) == 10


def _add_accounts(session: Session) -> None:
    owner = make_user(session)
    for number in range(30):
        make_account(
            session,
            legal_name=f"Distribuciones Andina {number:02} S.A.S.",
            tax_id=f"{900100000 + number}{nit.calc_check_digit(str(900100000 + number))}",
            city="Cali" if number % 2 else "Bogotá",
            owner_id=owner.id,
        )
