"""Quote totals: recompute a 500-line quote after one line changes (as the builder does)."""

from __future__ import annotations

import argparse
import random
import statistics
import time
from dataclasses import replace
from decimal import Decimal
from typing import Any

from crm_desktop.documents.samples import sample_lines
from crm_desktop.services.quotes.pricing import QuoteCalculator, compute_totals

TARGET = "one_line_changed median_ms < 20 (500 lines)"
EDITS = 300


def run(args: argparse.Namespace) -> dict[str, Any]:
    rng = random.Random(args.seed)
    lines = list(sample_lines(500))
    calculator = QuoteCalculator("COP")
    calculator.totals(lines, Decimal(5))
    items = [i for i, line in enumerate(lines) if line.kind == "item"]
    inputs = [line.to_input() for line in lines]
    incremental, full = [], []
    for _ in range(EDITS):
        index = rng.choice(items)
        inputs[index] = replace(inputs[index], quantity=Decimal(rng.randint(1, 50)))
        started = time.perf_counter()
        calculator.totals(inputs, Decimal(5))
        incremental.append((time.perf_counter() - started) * 1000)
    for _ in range(30):
        started = time.perf_counter()
        compute_totals("COP", inputs, Decimal(5))
        full.append((time.perf_counter() - started) * 1000)
    incremental.sort()
    return {
        "one_line_changed": {
            "median_ms": round(statistics.median(incremental), 2),
            "p95_ms": round(incremental[int(len(incremental) * 0.95)], 2),
            "max_ms": round(incremental[-1], 2),
            "edits": EDITS,
        },
        "full_recompute_median_ms": round(statistics.median(full), 2),
    }
