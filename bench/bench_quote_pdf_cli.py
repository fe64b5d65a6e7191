"""`crm-desktop quote-pdf` as a whole process (40 lines) beside the in-process render (40, 500).

Both sides in one run: a file with one 40-line quote is made once, then the command is started
as a new process several times (what a script or the shell pays: interpreter, imports, the
database, the render, the write) and the same quote is rendered in process.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

TARGET = "process 40 lines < 600 ms; in process 40 lines < 80 ms, 500 lines < 800 ms (medians)"
RUNS = 7


def _make_file(folder: Path, lines: int) -> tuple[Path, str]:
    from crm_desktop.database import open_database
    from crm_desktop.documents.samples import CATALOG
    from crm_desktop.services.core.crud import unit_of_work
    from crm_desktop.services.quotes.quotes import add_line, create_quote
    from tests.factories import make_account

    db = folder / "bench.db"
    database = open_database(db)
    with unit_of_work(database.sessions) as s:
        quote = create_quote(s, make_account(s).id, currency="COP")
        for i in range(lines):
            name, unit, tax, price = CATALOG[i % len(CATALOG)]
            add_line(
                s,
                quote.id,
                {"description": name, "unit": unit, "tax_category": tax,
                 "quantity": Decimal(1 + i % 4), "unit_price": Decimal(price)},
            )  # fmt: skip
        number = quote.number
    database.engine.dispose()
    return db, number


def _ms(times: list[float]) -> dict[str, Any]:
    return {"median_ms": round(statistics.median(times), 1), "min_ms": round(min(times), 1),
            "max_ms": round(max(times), 1), "runs": len(times)}  # fmt: skip


def _process(db: Path, number: str, out: Path) -> list[float]:
    command = [sys.executable, "-m", "crm_desktop", "--db", str(db), "quote-pdf", number,
               "--out", str(out), "--force"]  # fmt: skip
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append((time.perf_counter() - started) * 1000)
    return times


def _in_process(lines: int, runs: int) -> list[float]:
    from crm_desktop.documents.proposal import Company, render_proposal
    from crm_desktop.documents.samples import sample_quote
    from crm_desktop.settings import Settings

    company, data = Company.from_settings(Settings(None)), sample_quote(lines)
    render_proposal(sample_quote(1), company)  # fonts parsed once, as in the program
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        render_proposal(data, company)
        times.append((time.perf_counter() - started) * 1000)
    return times


def run(args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        db, number = _make_file(Path(folder), 40)
        process = _process(db, number, Path(folder) / "out.pdf")
    return {
        "process_40": _ms(process),
        "in_process_40": _ms(_in_process(40, 15)),
        "in_process_500": _ms(_in_process(500, 5)),
    }
