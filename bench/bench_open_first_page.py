"""Cold open: a new engine on the file, then the first page of 100 accounts by legal name."""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

from sqlalchemy import select

from bench._shared import cached_db
from crm_desktop.models import Account
from crm_desktop.models.database import make_engine

TARGET = "median ms < 50 (one page read on the GUI thread)"
RUNS = 9

FIRST_PAGE = (
    select(Account.id, Account.legal_name, Account.trade_name, Account.tax_id, Account.city)
    .where(Account.deleted_at.is_(None))
    .order_by(Account.legal_name)
    .limit(100)
)


def run(args: argparse.Namespace) -> dict[str, Any]:
    path = cached_db(args)
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        engine = make_engine(path)  # a new engine each time: a new connection, pragmas and all
        with engine.connect() as conn:
            rows = conn.execute(FIRST_PAGE).all()
        timings.append((time.perf_counter() - started) * 1000)
        engine.dispose()
        assert len(rows) == 100
    median = statistics.median(timings)
    return {
        "median_ms": round(median, 2),
        "min_ms": round(min(timings), 2),
        "max_ms": round(max(timings), 2),
        "first_ms": round(timings[0], 2),
        "runs": RUNS,
        "target_met": median < 50,
    }
