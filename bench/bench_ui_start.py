"""Cold start of crm-desktop to Accounts showing its first page, vs a bare PySide6 window.

Both are started the same way (a new Python process, offscreen) and print the wall time once
their window is up; runs are interleaved (bare, program, program, bare, ...) so both see the
same machine load. The program is started with CRM_DESKTOP_EXIT_WHEN_READY=1, which opens
Accounts, lets its first page of rows paint, prints the time and exits.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench._shared import cached_db

TARGET = "program median <= 2.5 x bare window median"
ROUNDS = 7  # pairs of runs
BARE = """
import sys, time
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QTableView())
window.resize(1280, 800)
window.show()
app.processEvents()
print(f"ready {time.time():.6f}", flush=True)
"""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["CRM_DESKTOP_EXIT_WHEN_READY"] = "1"
    env.setdefault("XDG_CONFIG_HOME", str(Path(__file__).resolve().parent.parent / "var" / "cfg"))
    return env


def _start(command: list[str]) -> float:
    """Seconds from spawning the process to its "ready <unix time>" line."""
    started = time.time()
    done = subprocess.run(command, capture_output=True, text=True, env=_env(), check=False)
    ready = [line for line in done.stdout.splitlines() if line.startswith("ready ")]
    if done.returncode != 0 or not ready:
        raise RuntimeError(f"{command[:3]} failed ({done.returncode}): {done.stderr[-800:]}")
    return float(ready[0].split()[1]) - started


def run(args: argparse.Namespace) -> dict[str, Any]:
    db = cached_db(args)
    bare = [sys.executable, "-c", BARE]
    program = [sys.executable, "-m", "crm_desktop", "--db", str(db), "--lang", "es"]
    _start(bare), _start(program)  # warm the file cache; not counted
    bare_s: list[float] = []
    program_s: list[float] = []
    for number in range(ROUNDS):
        pair = [(bare, bare_s), (program, program_s)]
        for command, into in pair if number % 2 == 0 else reversed(pair):
            into.append(_start(command))
    bare_median, program_median = statistics.median(bare_s), statistics.median(program_s)
    ratio = program_median / bare_median
    return {
        "bare_median_s": round(bare_median, 3),
        "program_median_s": round(program_median, 3),
        "ratio": round(ratio, 2),
        "bare_runs_s": [round(v, 3) for v in bare_s],
        "program_runs_s": [round(v, 3) for v in program_s],
        "target_met": ratio <= 2.5,
    }
