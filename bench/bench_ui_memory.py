"""Resident memory after opening Accounts in the main window and scrolling through 10,000 rows.

Measured in a fresh process: the runner's own process may have seeded the database or run other
benchmarks, whose memory would count otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench._shared import cached_db

TARGET = "VmRSS < 300 MB after scrolling 10,000 rows"
ROWS = 10_000


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024  # kB
    return float("nan")


def run(args: argparse.Namespace) -> dict[str, Any]:
    db = cached_db(args)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-m", "bench.bench_ui_memory", str(db)],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        check=True,
    )
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def measure(db: Path) -> dict[str, Any]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from crm_desktop.database import open_database
    from crm_desktop.settings import Settings
    from crm_desktop.views.common.context import AppContext
    from crm_desktop.views.common.ops import Operations
    from crm_desktop.views.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    database = open_database(db)
    ctx = AppContext(database, Operations(database.sessions), Settings(None), "es")
    window = MainWindow(ctx, start_page="accounts")
    window.resize(1360, 840)
    window.show()
    app.processEvents()
    ctx.ops.wait()
    app.processEvents()
    opened = _status_mb("VmRSS")
    table = window.page("accounts").table  # type: ignore[attr-defined]
    model = table.model()
    bar = table.verticalScrollBar()
    while model.rowCount() < ROWS:  # as a user dragging the scroll bar down: the view fetches
        bar.setValue(bar.maximum())
        app.processEvents()
    for value in range(0, bar.maximum(), max(1, bar.pageStep())):  # and every row on screen
        bar.setValue(value)
        app.processEvents()
    after = _status_mb("VmRSS")
    ctx.ops.wait()
    return {
        "rows_loaded": model.rowCount(),
        "rss_after_open_mb": round(opened, 1),
        "rss_after_scroll_mb": round(after, 1),
        "peak_rss_mb": round(_status_mb("VmHWM"), 1),
        "target_met": after < 300,
    }


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]))))
