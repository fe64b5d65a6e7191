"""Catalog and pipeline sheets as a sales assistant saves them from Spanish Excel: a title
banner, Spanish headers with accents, Latin-1, prices "1.250.000,00", dates day first."""

from __future__ import annotations

import csv
import io
from pathlib import Path

PRODUCTS = [
    ["Listado de productos 2027"],
    ["Código", "Descripción corta", "Nombre del producto", "Unidad", "IVA", "Línea", "Activo"],
    ["TRN-001", "", "Tornillo autoperforante ½″", "caja", "IVA 19%", "Ferretería", "Sí"],
    ["TAL-220", "Taladro percutor", "Taladro 220 V", "unidad", "19", "Herramienta", "sí"],
    ["GUA-010", "", "Guantes de carnaza", "par", "Exento", "Seguridad", "no"],
    ["TRN-001", "", "Tornillo repetido", "caja", "IVA 19%", "", "Sí"],  # the code twice
    ["SIN-NOM", "", "", "unidad", "IVA 7%", "", "quizás"],  # no name, no such tax, no flag
]
PRICES = [
    ["Lista de precios mayoristas — vigente 2027"],
    ["Lista de precios", "Moneda", "Código", "Precio unitario", "Vigente desde", "Vigente hasta"],
    ["Mayoristas 2027", "COP", "TRN-001", "1.250.000,00", "01/01/2027", "31/12/2027"],
    ["Mayoristas 2027", "COP", "TAL-220", "$ 389.900", "01/01/2027", "31/12/2027"],
    ["Mayoristas 2027", "COP", "XYZ-999", "10.000,00", "01/01/2027", "31/12/2027"],
    ["Mayoristas 2027", "COP", "GUA-010", "diez mil", "01/01/2027", "31/12/2027"],
]
OPPORTUNITIES = [
    ["Oportunidades abiertas — Región Andina", "", "", ""],
    ["NIT", "Cliente", "Oportunidad", "Etapa", "Valor", "Probabilidad", "Fecha de cierre"],
    [
        "900.123.456-8",
        "",
        "Renovación licencias 2027",
        "Propuesta",
        "45.000.000,00",
        "60 %",
        "15/03/2027",
    ],
    [
        "",
        "Distribuciones Andina S.A.S.",
        "Dotación bodegas",
        "Negociación",
        "12.500.000",
        "",
        "30/04/2027",
    ],
    ["811.111.111-1", "", "Cliente que no existe", "Prospección", "1.000", "", ""],
    ["900123456", "", "Perdida sin motivo", "Perdida", "2.000.000,00", "", "31/02/2027"],
]


def latin1(folder: Path, name: str, rows: list[list[str]]) -> Path:
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    path = folder / name
    path.write_bytes(out.getvalue().replace("½″", "1/2").encode("cp1252"))
    return path
