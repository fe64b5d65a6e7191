"""The accounts table's SQL: the same page through a Session and through plain sqlite3."""

from __future__ import annotations

import random

import pytest
from sqlalchemy.orm import Session
from stdnum.ar import cuit
from stdnum.cl import rut
from stdnum.co import nit

from crm_desktop.database import Database
from crm_desktop.secure import sqlcipher
from crm_desktop.services.accounts.account_list import (
    AccountQuery,
    _statement,
    dbapi_rows,
    fetch_page,
    fetch_page_dbapi,
    format_tax_id,
)
from crm_desktop.services.core.collation import fold
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
    connection = sqlcipher.connect(database.path)
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


SPANISH_ORDER = [
    "Álamo Azul S.A.S.",
    "Calzado del Huila S.A.S.",
    "Calzado Las Palmas S.A.S.",
    "Éxito Industrial S.A.S.",
    "Nunez y Cía S.A.S.",
    "Núñez Hermanos S.A.S.",
    "Ñandú Textiles S.A.S.",
    "Óptica Central S.A.S.",
    "zapatería Real S.A.S.",
]


def test_accounts_sort_in_spanish_order_accents_and_case_folded(database: Database) -> None:
    """Issue 11, item 8: Á, É, Ó sorted with A, E, O (not after Z); "del" before "Las"."""
    with database.sessions() as session, session.begin():
        owner = make_user(session)
        for number, name in enumerate(reversed(SPANISH_ORDER)):
            body = str(900200000 + number)
            make_account(session, legal_name=name, owner_id=owner.id,
                         tax_id=body + nit.calc_check_digit(body))  # fmt: skip
    with database.sessions() as session:
        names = [row.legal_name for row in fetch_page(session, AccountQuery(), 0, 50)]
        backwards = fetch_page(session, AccountQuery(descending=True), 0, 50)
        by_owner = fetch_page(session, AccountQuery(sort="owner"), 0, 50)
    assert names == SPANISH_ORDER
    assert [row.legal_name for row in backwards] == SPANISH_ORDER[::-1]
    assert [row.legal_name for row in by_owner] == SPANISH_ORDER  # the tie-breaker too
    assert sorted(SPANISH_ORDER[::-1], key=fold) == SPANISH_ORDER


@pytest.mark.parametrize("sort", ["legal_name", "trade_name", "city", "kind", "owner", "tax_id"])
@pytest.mark.parametrize("descending", [False, True])
def test_every_sort_walks_an_index_never_sorts_every_account(
    database: Database, sort: str, descending: bool
) -> None:
    """The folded order is kept by the indexes of revision c1: no temporary B-tree."""
    query = AccountQuery(sort=sort, descending=descending)
    params: dict[str, object] = {"limit": 100, "offset": 0}
    connection = sqlcipher.connect(database.path)
    try:
        rows = dbapi_rows(connection)
        sql = _statement(rows, query, params)
        assert sql is not None
        plan = connection.execute(
            f"EXPLAIN QUERY PLAN SELECT a.row_key {sql} LIMIT :limit OFFSET :offset", params
        ).fetchall()
    finally:
        connection.close()
    details = " | ".join(str(row[-1]) for row in plan)
    assert "TEMP B-TREE" not in details, details
    assert "USING INDEX ix_accounts_live_" in details or "USING COVERING INDEX" in details
