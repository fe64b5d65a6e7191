"""Opening the 360° view of an account with 1,000 timeline entries; and the timeline query alone.

Works on a copy of the cached database (the shared cache is never written to): one account gets
1,000 more interactions (visits, calls, e-mails, notes, opportunities with stage changes, quotes
with revisions), then AccountView is built offscreen until its timeline model holds them all.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from bench._shared import cached_db
from crm_desktop.secure.sqlcipher import copy_database

TARGET = "open_median_ms < 100 with 1,000 timeline entries"
ENTRIES = 1000
RUNS = 15
QUERY_RUNS = 30


def _copy(source: Path, folder: Path) -> Path:
    """A consistent copy of the cached file (WAL included) through SQLite's backup API."""
    return copy_database(source, folder / "account_view.db")  # encrypted with the same key


def _busiest_account(session: Session) -> tuple[str, str | None]:
    row = session.execute(
        text(
            "SELECT a.id, a.owner_id FROM accounts a JOIN activities t ON t.account_id = a.id "
            "WHERE a.deleted_at IS NULL GROUP BY a.id ORDER BY count(*) DESC LIMIT 1"
        )
    ).one()
    return str(row[0]), row[1]


def _add_entries(session: Session, account_id: str, owner_id: str | None, wanted: int) -> int:
    """About `wanted` new timeline entries through the services, as reps would make them."""
    from crm_desktop.models import Activity, Quote, QuoteRevision
    from crm_desktop.services.activity import visits
    from crm_desktop.services.core import crud
    from crm_desktop.services.pipeline import pipeline

    rng = random.Random(7)
    start = datetime.now(UTC) - timedelta(days=3 * 365)
    added = 0
    for n in range(wanted // 10):
        day = start + timedelta(days=n, hours=rng.randint(8, 17))
        base = {"account_id": account_id, "owner_id": owner_id}
        visit = visits.plan_visit(session, base | {"planned_at": day, "purpose": f"Visita {n}"})
        visits.record_outcome(
            session, visit.id, {"outcome": "interested", "notes": "Quieren ampliar usuarios."}
        )
        for kind, result in (("call", "answered"), ("call", "no_answer"), ("email", None)):
            values = base | {"kind": kind, "occurred_at": day, "subject": f"{kind} {n}"}
            crud.create(session, Activity, values | {"call_result": result})
        visits.add_note(session, base | {"occurred_at": day, "body": "Prefiere los martes."})
        opp = pipeline.create_opportunity(
            session,
            base | {"name": f"Oportunidad {n}", "amount": Decimal(rng.randint(1, 90) * 10**6)},
        )
        pipeline.move_stage(session, opp.id, "qualification")
        quote = crud.create(
            session,
            Quote,
            base
            | {
                "number": f"BENCH-{n:06d}",
                "issued_on": date(2024, 1, 1),
                "valid_until": date(2024, 1, 31),
                "opportunity_id": opp.id,
            },
        )
        crud.create(
            session,
            QuoteRevision,
            {"quote_id": quote.id, "revision": 1, "snapshot": json.dumps({}), "total": Decimal(0)},
        )
        visits.record_rejection(
            session, base | {"occurred_at": day, "subject": "Rechazo", "body": "Precio"}
        )
        added += 10  # visit, 2 calls, e-mail, note, opportunity, stage change, quote, revision, no
    return added


def _time_query(path: Path, account_id: str) -> dict[str, float]:
    from crm_desktop.models.database import make_engine
    from crm_desktop.services.accounts.timeline import account_timeline

    engine = make_engine(path)
    times = []
    try:
        with Session(engine) as session:
            account_timeline(session, account_id)  # warm the page cache
            for _ in range(QUERY_RUNS):
                started = time.perf_counter()
                entries = account_timeline(session, account_id)
                times.append((time.perf_counter() - started) * 1000)
    finally:
        engine.dispose()
    return {"query_median_ms": round(statistics.median(times), 2), "entries": len(entries)}


def _time_view(path: Path, account_id: str, expected: int) -> dict[str, Any]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from crm_desktop.database import open_database
    from crm_desktop.settings import Settings
    from crm_desktop.views.accounts.account_view import AccountView
    from crm_desktop.views.common.context import AppContext
    from crm_desktop.views.common.ops import Operations

    app = QApplication.instance() or QApplication([])
    database = open_database(path)
    ctx = AppContext(database, Operations(database.sessions, app), Settings(None), "en")
    times = []
    for _ in range(RUNS):
        loop = QEventLoop()
        started = time.perf_counter()
        view = AccountView(ctx, account_id)
        view.resize(1100, 720)
        view.show()
        view.timeline_loaded.connect(loop.quit)
        QTimer.singleShot(10_000, loop.quit)
        if view.timeline_model.rowCount() < expected:
            loop.exec()
        app.processEvents()  # the first paint of the rows on screen
        times.append((time.perf_counter() - started) * 1000)
        assert view.timeline_model.rowCount() >= expected, "the timeline did not load"
        view.close()
        view.deleteLater()
        app.processEvents()
    ctx.ops.wait()
    database.engine.dispose()
    return {
        "open_median_ms": round(statistics.median(times), 2),
        "open_first_ms": round(times[0], 2),
        "open_max_ms": round(max(times), 2),
        "runs": RUNS,
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    from crm_desktop.models.database import make_engine, make_session_factory

    folder = Path(tempfile.mkdtemp(prefix="bench-account-view-"))
    try:
        path = _copy(cached_db(args), folder)
        engine = make_engine(path)
        with make_session_factory(engine)() as session, session.begin():
            account_id, owner_id = _busiest_account(session)
            _add_entries(session, account_id, owner_id, ENTRIES)
        engine.dispose()
        query = _time_query(path, account_id)
        view = _time_view(path, account_id, query["entries"])
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {**query, **view, "target_met": view["open_median_ms"] < 100}
