"""Every report for the current quarter, all reps (SQL aggregates); median and max per report."""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from bench._shared import cached_db
from crm_desktop.models.database import make_engine, make_session_factory
from crm_desktop.services.reports.catalog import REPORTS, run_report
from crm_desktop.services.reports.manager_view import rep_accounts
from crm_desktop.services.reports.reports import period_of
from crm_desktop.services.reports.rfm import compute_rfm

TARGET = "seconds < 1 for each report, a quarter, all reps"
RUNS = 3


def _time(work: Any) -> list[float]:
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
    return timings


def run(args: argparse.Namespace) -> dict[str, Any]:
    engine = make_engine(cached_db(args))
    sessions = make_session_factory(engine)
    quarter = period_of("quarter", date.today())
    figures: dict[str, Any] = {}
    try:
        with sessions() as session, session.begin():
            compute_rfm(session, datetime.now(UTC))  # segments and cross-sell read the scores
        with Session(engine) as session:
            run_report(session, "activity", quarter, None)  # load the registry, warm the cache
            for key in REPORTS:
                t = _time(lambda k=key: run_report(session, k, quarter, None))
                figures[key] = {
                    "median_s": round(statistics.median(t), 3),
                    "max_s": round(max(t), 3),
                }
            rep = session.execute(
                text("SELECT id FROM users WHERE role = 'rep' LIMIT 1")
            ).scalar_one()
            t = _time(lambda: rep_accounts(session, rep, datetime.now(UTC)))
            figures["manager_rep_accounts_page"] = {"median_s": round(statistics.median(t), 3)}
    finally:
        engine.dispose()
    worst = max(v["max_s"] for k, v in figures.items() if k in REPORTS)
    return {
        "period": f"{quarter.start}..{quarter.end}",
        "runs": RUNS,
        "reports": figures,
        "worst_max_s": worst,
        "target_met": worst < 1,
    }
