"""Import --accounts accounts with two contacts each from a semicolon CSV into a new database.

Each phase is timed: reading the file, the preview (every line checked by the forms' rules) and
the batch (validated writes, captured in the outbox by the triggers, one transaction).
"""

from __future__ import annotations

import argparse
import csv
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from stdnum.co import nit

from crm_desktop.database import open_database
from crm_desktop.models import OutboxOp
from crm_desktop.services.core.crud import unit_of_work
from crm_desktop.services.importing import batch
from crm_desktop.services.importing.accounts_import import Options, preview
from crm_desktop.services.importing.mapping import auto_mapping, find_header_row
from crm_desktop.services.importing.sources import read_table

TARGET = "seconds < 60 for 100,000 accounts with 200,000 contacts"
HEADER = ["Razón social", "NIT", "Teléfono", "Correo", "Ciudad", "Representante legal",
          "Nombre contacto", "Apellido contacto", "Cargo", "Celular"]  # fmt: skip
CITIES = ("Bogotá", "Medellín", "Cali", "Barranquilla", "Bucaramanga", "Pereira")


def write_file(path: Path, accounts: int) -> None:
    """Two lines per account (same NIT, written with and without dots): two contacts."""
    with path.open("w", encoding="cp1252", newline="") as out:
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow(["Clientes migrados"])
        writer.writerow(HEADER)
        for i in range(accounts):
            base = str(800_000_000 + i)
            tax_id = base + nit.calc_check_digit(base)
            dotted = f"{base[:3]}.{base[3:6]}.{base[6:]}-{tax_id[-1]}"
            name = f"Comercializadora Número {i} S.A.S."
            city = CITIES[i % len(CITIES)]
            phone = f"601 {3_000_000 + i % 6_000_000}"
            people = [
                ("Lucía", "Peña", f"310 {1_000_000 + i:07d}"),
                ("Andrés", "Núñez", f"311 {1_000_000 + i:07d}"),
            ]
            for n, (first, last, mobile) in enumerate(people):
                account = [name, dotted if n else tax_id, phone, f"compras{i}@ejemplo.co", city]
                writer.writerow([*account, "Martín Gómez", first, last, "Compras", mobile])


def run(args: argparse.Namespace) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="crm-bench-import-"))
    path = folder / "clientes.csv"
    write_file(path, args.accounts)
    database = open_database(folder / "crm.db")
    started = time.perf_counter()
    table = read_table(path)
    header = find_header_row(table.rows)
    mapping = auto_mapping(table.rows[header])
    read_s = time.perf_counter() - started
    with unit_of_work(database.sessions) as session:
        plan = preview(session, table.rows[header + 1 :], mapping, Options(), header + 2)
        preview_s = time.perf_counter() - started - read_s
        journal = batch.run(session, plan, Options(), path.name)
    total = time.perf_counter() - started
    with database.sessions() as session:
        outbox = session.scalar(select(func.count()).select_from(OutboxOp)) or 0
    return {
        "seconds": round(total, 2),
        "read_seconds": round(read_s, 2),
        "preview_seconds": round(preview_s, 2),
        "write_seconds": round(total - read_s - preview_s, 2),
        "file_mb": round(path.stat().st_size / 1e6, 1),
        "accounts_created": len(journal.created["accounts"]),
        "contacts_created": len(journal.created["contacts"]),
        "invalid_lines": journal.invalid,
        "possible_duplicates_by_name": plan.count_similar(),
        "outbox_ops": outbox,
        "target_met": total < 60 * max(1.0, args.accounts / 100_000),
    }
