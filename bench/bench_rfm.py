"""RFM over every account: recency, frequency and monetary quintiles, weights and segments."""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import UTC, datetime
from typing import Any

from bench._shared import cached_db
from crm_desktop.models.database import make_engine, make_session_factory
from crm_desktop.services.reports.rfm import compute_rfm

TARGET = "seconds < 2 for all accounts"
RUNS = 3


def run(args: argparse.Namespace) -> dict[str, Any]:
    engine = make_engine(cached_db(args))
    sessions = make_session_factory(engine)
    timings, summary = [], None
    try:
        for _ in range(RUNS):
            with sessions() as session, session.begin():
                started = time.perf_counter()
                summary = compute_rfm(session, datetime.now(UTC))
                timings.append(time.perf_counter() - started)
    finally:
        engine.dispose()
    assert summary is not None
    return {
        "runs": RUNS,
        "median_seconds": round(statistics.median(timings), 3),
        "max_seconds": round(max(timings), 3),
        "accounts_scored": summary.scored,
        "by_segment": summary.by_segment,
        "target_met": max(timings) < 2,
    }
