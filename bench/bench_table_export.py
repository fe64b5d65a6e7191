"""Accounts page export: 100,000 accounts to CSV and XLSX, streamed, with the peak memory it took.

Every live account in Spanish name order (what the page shows with no filter), written with the
page's eleven columns through the program's own export (services/accounts/account_export.py,
the page's cell texts), as CSV and as XLSX. Beside it, in the same run: reading the same rows
through the table's 200-row OFFSET pages (what exporting "the loaded pages, then more" would do)
against the one streamed statement the export walks. Peak memory: the highest RSS a thread
sampling every 20 ms saw during each export, minus the RSS before it.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench._shared import cached_db
from crm_desktop.database import open_database
from crm_desktop.documents.account_export import export_accounts
from crm_desktop.services.accounts.account_export import stream
from crm_desktop.services.accounts.account_list import AccountQuery, fetch_page
from crm_desktop.views.accounts.account_model import COLUMNS
from crm_desktop.views.accounts.accounts_export import export_cells

TARGET = "100,000 accounts to CSV and to XLSX in < 60 s each, peak memory growth < 100 MB"


def _rss_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


class _PeakRss:
    """The highest RSS seen while the block runs, sampled by a thread every 20 ms."""

    def __enter__(self) -> _PeakRss:
        self.before = self.peak = _rss_kb("VmRSS")
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, _rss_kb("VmRSS"))

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _rss_kb("VmRSS"))

    @property
    def growth_mb(self) -> float:
        return round((self.peak - self.before) / 1024, 1)


def _paged(session: Any, query: AccountQuery) -> int:
    done, offset = 0, 0
    while True:
        page = fetch_page(session, query, offset, 200)
        done += len(page)
        offset += 200
        if len(page) < 200:
            return done


def run(args: argparse.Namespace) -> dict[str, Any]:
    path = cached_db(args)
    database = open_database(path)
    query = AccountQuery()
    columns = [(key, key) for key, _title in COLUMNS]
    result: dict[str, Any] = {"loadavg_before": os.getloadavg()[0]}
    with tempfile.TemporaryDirectory() as folder, database.sessions() as session:
        for fmt in ("csv", "xlsx"):
            out = Path(folder) / f"cuentas.{fmt}"
            started = time.perf_counter()
            with _PeakRss() as memory:
                rows = export_accounts(session, query, columns, export_cells, out, "es", db=path)
            result[f"{fmt}_s"] = round(time.perf_counter() - started, 2)
            result[f"{fmt}_rows"] = rows
            result[f"{fmt}_mb"] = round(out.stat().st_size / 1e6, 1)
            result[f"{fmt}_peak_rss_growth_mb"] = memory.growth_mb
        started = time.perf_counter()
        streamed = sum(1 for _row in stream(session, query))
        result["read_streamed_s"] = round(time.perf_counter() - started, 2)
        started = time.perf_counter()
        paged = _paged(session, query)
        result["read_200_row_pages_s"] = round(time.perf_counter() - started, 2)
        assert streamed == paged == result["csv_rows"]
    database.engine.dispose()
    result["paged_vs_streamed_ratio"] = round(
        result["read_200_row_pages_s"] / max(result["read_streamed_s"], 1e-6), 1
    )
    result["loadavg_after"] = os.getloadavg()[0]
    result["target_met"] = (
        result["csv_s"] < 60
        and result["xlsx_s"] < 60
        and max(result["csv_peak_rss_growth_mb"], result["xlsx_peak_rss_growth_mb"]) < 100
    )
    return result
