"""Market sizes sync as managers' data (filed under the campaigns' mark, which managers pull): a
rep's laptop never receives one, and a rep's laptop that makes one anyway is refused in words."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from pathlib import Path

from sqlalchemy import select

from crm_desktop.models import MarketSize
from crm_desktop.services.reports.market_share import set_market_size
from crm_desktop.sync import resolve
from tests.sync.harness import ServerDb, ServerProcess, add_user, make_laptop
from tests.sync.serverdb import server_row

MARKET = {"dimension": "city", "market_key": "Cali", "amount": D(9 * 10**8),
          "starts_on": date(2026, 1, 1), "ends_on": date(2026, 12, 31)}  # fmt: skip


def test_market_sizes_reach_managers_only(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> None:
    add_user(server_db, "ana")
    add_user(server_db, "mara", role="manager")
    boss = make_laptop("m", tmp_path, template_db, server, "mara")
    with boss.tx() as s:
        market = set_market_size(s, MARKET).id
    assert boss.sync().refused == 0
    assert server_row(server_db, "market_sizes", market) is not None
    rep = make_laptop("a", tmp_path, template_db, server, "ana")
    rep.sync()
    with rep.db.sessions() as s:
        assert s.scalars(select(MarketSize)).all() == []

    with rep.tx() as s:
        set_market_size(s, MARKET | {"market_key": "Pasto"})
    assert rep.sync().refused == 1
    with rep.db.sessions() as s:
        reasons = [h.reason for h in resolve.held_ops(s)]
    assert reasons == ["Only managers estimate the size of a market."]
    for laptop in (rep, boss):
        laptop.close()
