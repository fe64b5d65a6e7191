"""Campaigns on 100,000 accounts (issue 15): target lists < 500 ms, ROI over 20 campaigns < 300 ms.

Works on a copy of the seeded file (migrated to this revision), so the cache stays as it is: 20
campaigns of customers by city are filled from their filters, a third of their members are
marked reached 40 days ago (so the year's quotes of those accounts are attributed), then the
target lists of three filters (city + segment; cross-sell "owns A, not B"; no contact since a
date) and the ROI report over the 20 campaigns are timed.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from bench import _campaigns_before as before
from bench._shared import CACHE_DIR, cached_db
from bench.bench_profitability import _time
from crm_desktop.models.database import make_engine, make_session_factory
from crm_desktop.models.migrate import upgrade
from crm_desktop.secure.sqlcipher import copy_database
from crm_desktop.seed import CITIES
from crm_desktop.services.campaigns import campaigns as C
from crm_desktop.services.campaigns import roi, targets
from crm_desktop.services.campaigns.roi import campaign_returns
from crm_desktop.services.campaigns.targets import Filter, target_list
from crm_desktop.services.reports.rfm import compute_rfm

TARGET = "seconds < 0.5 for a target list, < 0.3 for the ROI of 20 campaigns"


def _plan(sessions: Any, today: date) -> list[str]:
    ids = []
    with sessions() as s, s.begin():
        for n in range(20):
            city = CITIES[n % 10][0]
            campaign = C.create_campaign(s, {
                "name": f"Campaña {n + 1}: {city}", "channels": "visit,email", "status": "active",
                "starts_on": today - timedelta(days=60), "ends_on": today + timedelta(days=30),
            })  # fmt: skip
            C.add_cost(s, campaign.id, {"spent_on": today, "amount": 1_000_000 + n})
            C.save_filter(s, campaign.id, Filter(cities=(city,), roles=("customer",)))
            C.fill(s, campaign.id)
            ids.append(campaign.id)
        s.execute(
            text("UPDATE campaign_members SET status = 'reached', reached_at = :at "
                 "WHERE abs(random()) % 3 = 0"),
            {"at": (datetime.now(UTC) - timedelta(days=40)).replace(tzinfo=None).isoformat(" ")},
        )  # fmt: skip
    return ids


def _totals(returns: list[Any]) -> tuple[Any, ...]:
    return tuple(
        sum(getattr(r, f) for r in returns) for f in ("opportunities", "won_quotes", "revenue")
    )


@contextmanager
def _before(module: Any, name: str, old: Any) -> Iterator[None]:
    """The code as it was, for the "before" side of the same run."""
    new = getattr(module, name)
    setattr(module, name, old)
    try:
        yield
    finally:
        setattr(module, name, new)


def run(args: argparse.Namespace) -> dict[str, Any]:
    source = cached_db(args) if not (CACHE_DIR / f"crm-{args.accounts}-s{args.seed}.db").exists() \
        else CACHE_DIR / f"crm-{args.accounts}-s{args.seed}.db"  # fmt: skip
    copy = CACHE_DIR / "campaigns-bench.db"
    copy_database(source, copy)  # with its key (the file is encrypted)
    engine = make_engine(copy)
    try:
        upgrade(engine)
        sessions = make_session_factory(engine)
        with sessions() as session, session.begin():
            compute_rfm(session, datetime.now(UTC))
        today = date.today()
        ids = _plan(sessions, today)
        with Session(engine) as session:
            products = [r[0] for r in session.execute(text(
                "SELECT product_id FROM account_products GROUP BY 1 ORDER BY count(*) DESC "
                "LIMIT 2"))]  # fmt: skip
            filters = {
                "city_segment": Filter(cities=("Bogotá",), segments=("champions", "loyal")),
                "cross_sell": Filter(owns=(products[0],), not_owns=(products[1],)),
                "no_contact_since": Filter(last_contact_before=today - timedelta(days=90)),
            }
            figures: dict[str, Any] = {}
            for name, f in filters.items():
                found = target_list(session, f)
                with _before(targets, "_contacted_since", before.contacted_since):
                    same = target_list(session, f)  # the same list either way
                    assert set(same.account_ids) == set(found.account_ids), name
                    was = _time(lambda f=f: target_list(session, f))
                figures[f"target_{name}"] = {
                    "kept": len(found.account_ids), "matched": found.matched,
                    "left_out": found.left_out, **_time(lambda f=f: target_list(session, f)),
                    "before": was,
                }  # fmt: skip
            returns = campaign_returns(session, ids)
            with _before(roi, "attribute", before.attribute):
                # the same figures either way (a sale two campaigns touched on one day may go to
                # either: the rewrite breaks such ties by campaign id)
                assert _totals(campaign_returns(session, ids)) == _totals(returns)
                was = _time(lambda: campaign_returns(session, ids))
            figures["roi_20_campaigns"] = {
                "members": sum(r.members for r in returns),
                "opportunities": sum(r.opportunities for r in returns),
                "won_quotes": sum(r.won_quotes for r in returns),
                **_time(lambda: campaign_returns(session, ids)),
                "before": was,
            }
    finally:
        engine.dispose()
        copy.unlink(missing_ok=True)
    return figures
