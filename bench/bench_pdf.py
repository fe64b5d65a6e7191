"""PDF proposal in process: 40-line and 500-line quotes; median/min/max ms of several renders."""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

from crm_desktop.documents.proposal import Company, render_proposal
from crm_desktop.documents.samples import sample_quote
from crm_desktop.settings import Settings

TARGET = "40 lines: median_ms < 80; 500 lines: median_ms < 800 (issue 13)"
RUNS = {40: 15, 500: 5}


def _figures(lines: int, company: Company) -> dict[str, Any]:
    data = sample_quote(lines)
    times, size = [], 0
    for _ in range(RUNS[lines]):
        started = time.perf_counter()
        size = len(render_proposal(data, company))
        times.append((time.perf_counter() - started) * 1000)
    return {
        "median_ms": round(statistics.median(times), 1),
        "min_ms": round(min(times), 1),
        "max_ms": round(max(times), 1),
        "runs": len(times),
        "bytes": size,
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    company = Company.from_settings(Settings(None))
    render_proposal(sample_quote(1), company)  # fonts registered and parsed once, as in the app
    return {f"lines_{n}": _figures(n, company) for n in RUNS}
