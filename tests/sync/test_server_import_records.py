"""`crm-server import --kind …`: an admin loads the catalog and the pipeline from a sales
assistant's sheets into the real server database (SQLite and PostgreSQL), matched with what the
server holds: a second file updates, nothing is doubled, bad lines are listed."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from crm_server.__main__ import build_parser
from crm_server.bulk_import import import_file
from crm_server.bulk_records import command, import_records
from crm_server.db.schema import sync_rows
from tests.services.importing.records_fixtures import OPPORTUNITIES, PRICES, PRODUCTS, latin1
from tests.sync.harness import ServerDb, add_user


def _live(db: ServerDb, table: str) -> list[dict[str, object]]:
    import json

    with db.engine.connect() as conn:
        rows = conn.execute(
            select(sync_rows.c.data, sync_rows.c.owner).where(
                sync_rows.c.table_name == table, sync_rows.c.deleted.is_(False)
            )
        ).all()
    return [json.loads(r.data) | {"_owner": r.owner} for r in rows]


def test_products_then_prices_matched_with_the_servers_catalog(
    tmp_path: Path, server_db: ServerDb
) -> None:
    add_user(server_db, "jefa", role="admin")
    done = import_records(server_db.engine, latin1(tmp_path, "p.csv", PRODUCTS), "products", "jefa")
    assert (done.records, [line for line, _ in done.problems]) == (3, [6, 7])
    prices = import_records(server_db.engine, latin1(tmp_path, "l.csv", PRICES), "price_lists",
                            "jefa")  # fmt: skip
    assert prices.records == 3 and [line for line, _ in prices.problems] == [5, 6]  # list + 2
    assert sorted(Decimal(str(i["unit_price"])) for i in _live(server_db, "price_list_items")) == [
        Decimal(389900), Decimal(1250000),
    ]  # fmt: skip
    cheaper = [row[:] for row in PRICES[:3]]
    cheaper[2][3] = "1.200.000,00"
    again = import_records(server_db.engine, latin1(tmp_path, "l2.csv", cheaper), "price_lists",
                           "jefa")  # fmt: skip
    assert (again.records, again.updated) == (0, 1)  # the server's price, updated in place
    assert len(_live(server_db, "price_list_items")) == 2


def test_opportunities_by_nit_land_in_their_reps_scope(
    tmp_path: Path, server_db: ServerDb, capsys: pytest.CaptureFixture[str]
) -> None:
    ana = add_user(server_db, "ana")
    add_user(server_db, "jefa", role="admin")
    clients = tmp_path / "clientes.csv"
    clients.write_bytes("Razón social;NIT;Representante\r\nDistribuciones Andina S.A.S.;"
                        "900.123.456-8;ana\r\n".encode("cp1252"))  # fmt: skip
    assert import_file(server_db.engine, clients, "jefa").accounts == 1
    path = latin1(tmp_path, "o.csv", OPPORTUNITIES)
    args = build_parser().parse_args(
        ["import", str(path), "--kind", "opportunities", "--as", "jefa"]
    )  # the command as typed, run in this process (a child would start Python again)
    assert command(server_db.engine, args) == 1  # two lines have problems
    out = capsys.readouterr().out
    assert "Imported opportunities: 2 created, 0 updated." in out
    assert "Line 5 not imported: Tax id: No account here is 811.111.111-1" in out
    found = {o["name"]: o for o in _live(server_db, "opportunities")}
    assert found["Renovación licencias 2027"]["owner_id"] == ana
    assert found["Renovación licencias 2027"]["_owner"] == ana  # in ana's scope: her laptop gets it
