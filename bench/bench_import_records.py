"""Import --accounts products, then one price list with a price for each, from semicolon CSVs
(Spanish prices "1.250.000,00") into a new database; each phase timed.

No target in the issue (it names accounts and contacts); a catalog of a few thousand products is
the usual size. Each product and price is written through the validated services one by one
(crud.create), not in bulk like accounts.
"""

from __future__ import annotations

import argparse
import csv
import tempfile
import time
from pathlib import Path
from typing import Any

from crm_desktop.database import open_database
from crm_desktop.services.core.crud import unit_of_work
from crm_desktop.services.importing import batch, records_import
from crm_desktop.services.importing.accounts_import import Options
from crm_desktop.services.importing.kinds import KIND_FIELDS
from crm_desktop.services.importing.mapping import auto_mapping, find_header_row
from crm_desktop.services.importing.sources import read_table

TARGET = "none set (products and prices per second, for the README)"


def _write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="cp1252", newline="") as out:
        csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)


def _import(database: Any, kind: str, path: Path) -> tuple[float, float, batch.Journal]:
    started = time.perf_counter()
    table = read_table(path)
    fields = KIND_FIELDS[kind]
    header = find_header_row(table.rows, fields=fields)
    mapping = auto_mapping(table.rows[header], fields)
    with unit_of_work(database.sessions) as session:
        plan = records_import.preview(
            session, kind, table.rows[header + 1 :], mapping, Options(), header + 2
        )
        checked = time.perf_counter() - started
        journal = batch.run(session, plan, Options(), path.name)
    return checked, time.perf_counter() - started - checked, journal


def run(args: argparse.Namespace) -> dict[str, Any]:
    count = args.accounts
    folder = Path(tempfile.mkdtemp(prefix="crm-bench-records-"))
    products, prices = folder / "productos.csv", folder / "precios.csv"
    _write(products, [["Código", "Nombre del producto", "Unidad", "IVA", "Línea"]] + [
        [f"REF-{i:06d}", f"Artículo de ferretería número {i}", "unidad", "IVA 19%", "Ferretería"]
        for i in range(count)
    ])  # fmt: skip
    _write(prices, [["Lista de precios", "Moneda", "Código", "Precio unitario"]] + [
        ["Mayoristas 2027", "COP", f"REF-{i:06d}", f"{1_000 + i:,}".replace(",", ".") + ",00"]
        for i in range(count)
    ])  # fmt: skip
    database = open_database(folder / "crm.db")
    p_check, p_write, p_journal = _import(database, "products", products)
    l_check, l_write, l_journal = _import(database, "price_lists", prices)
    return {
        "products_preview_seconds": round(p_check, 2),
        "products_write_seconds": round(p_write, 2),
        "prices_preview_seconds": round(l_check, 2),
        "prices_write_seconds": round(l_write, 2),
        "products_created": len(p_journal.created.get("products", [])),
        "prices_created": len(l_journal.created.get("price_list_items", [])),
        "invalid_lines": p_journal.invalid + l_journal.invalid,
    }
