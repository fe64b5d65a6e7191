"""Bootstrap: a new laptop takes its scope as a snapshot in big pages (POST /v1/sync/bootstrap)
and holds exactly what paging pulls give (scope, costs stripped for reps, campaigns of its
members), resumes after a lost answer or a failed page, and receives by the following pull the
edits made on the server while it was bootstrapping. Real uvicorn, real SQLite and PostgreSQL."""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import signal
from datetime import UTC, date, datetime
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from crm_desktop.database import open_database
from crm_desktop.models import Account, Contact, Product, QuoteLine
from crm_desktop.models.base import synced_classes
from crm_desktop.models.capture import outdated_triggers
from crm_desktop.secure.sqlcipher import copy_database
from crm_desktop.services.campaigns import campaigns as C
from crm_desktop.services.campaigns.targets import Filter
from crm_desktop.services.core import crud
from crm_desktop.services.core.device import meta_get
from crm_desktop.services.quotes.costs import set_product_cost
from crm_desktop.services.quotes.quotes import add_line, create_quote
from crm_desktop.sync import bulk_indexes
from crm_desktop.sync import engine as E
from crm_desktop.sync import protocol as P
from crm_desktop.sync.client import SyncClient, SyncError
from crm_desktop.sync.engine import BOOTSTRAP_KEY, CURSOR_KEY, SyncEngine
from crm_desktop.sync.snapshot_page import SnapshotPage
from tests.sync.harness import (
    PASSWORD,
    Laptop,
    ServerDb,
    ServerProcess,
    add_user,
    make_laptop,
)

YES = {"consent_marketing": True, "consent_marketing_at": datetime(2026, 1, 5, tzinfo=UTC)}
LOCAL_ONLY = {"created_at", "updated_at", "row_key"}  # each laptop stamps its own


def _person(n: int) -> dict[str, Any]:
    return {"kind": "natural_person", "tax_id_kind": "cc", "tax_id": str(1020304050 + n)}


def _new_laptop(
    name: str, folder: Path, template_db: Path, server: ServerProcess, username: str,
    client: SyncClient | None = None, **engine: Any,
) -> Laptop:  # fmt: skip
    """A laptop not synced yet, whose engine bootstraps (or not) as told."""
    path = copy_database(template_db, folder / f"{name}.db")
    client = client or SyncClient(server.base, username)
    client.login(PASSWORD)
    laptop = Laptop(name, open_database(path), client)
    laptop.engine = SyncEngine(laptop.db.sessions, laptop.db.path, client, **engine)
    return laptop


def _everything(laptop: Laptop) -> dict[str, dict[str, dict[str, Any]]]:
    """table -> row id -> every column as stored (the raw SQLite values) but the local stamps
    and row keys; and the search index's text per account id: what the laptop holds."""
    held: dict[str, dict[str, dict[str, Any]]] = {}
    with laptop.db.sessions() as s:
        for name in synced_classes():
            rows = s.execute(text(f'SELECT * FROM "{name}"')).mappings()
            held[name] = {
                r["id"]: {k: v for k, v in r.items() if k not in LOCAL_ONLY} for r in rows
            }
        found = s.execute(
            text("SELECT a.id, s.* FROM account_search s JOIN accounts a ON a.row_key = s.rowid")
        ).mappings()
        held["account_search"] = {r["id"]: dict(r) for r in found}
    return held


def _world(
    folder: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> tuple[str, Laptop, Laptop]:
    """Ana's accounts with contacts, a deleted contact and a quote whose line has a cost; Luis's
    account (not Ana's); products with costs; a campaign with one of Ana's accounts."""
    ana, luis = add_user(server_db, "ana"), add_user(server_db, "luis")
    add_user(server_db, "mara", role="manager")
    boss = make_laptop("m", folder, template_db, server, "mara")
    with boss.tx() as s:
        product = crud.create(s, Product, {"code": "LIC", "name": "Licencia", "unit": "unidad"})
        set_product_cost(s, product.id, D("600"), None, None)
        product_id = product.id
    boss.sync()
    rep = make_laptop("a", folder, template_db, server, "ana")
    accounts = [
        rep.new_account(ana, legal_name=f"Cliente {n}", city="Medellín", **_person(n), **YES)
        for n in range(12)
    ]
    with rep.tx() as s:
        for n, account in enumerate(accounts):
            for k in range(3):
                crud.create(s, Contact, {"account_id": account, "first_name": f"C{n}-{k}",
                                         "last_name": "Ruiz"})  # fmt: skip
        quote = create_quote(s, accounts[0], owner_id=ana, currency="COP")
        line = add_line(s, quote.id, {"product_id": product_id, "quantity": D(2),
                                      "unit_price": D(1000)})  # fmt: skip
        line_id = line.id
    rep.sync()
    with rep.db.sessions() as s:
        gone = s.scalars(select(Contact.id).order_by(Contact.id).limit(1)).one()
    rep.delete(Contact, gone)
    rep.sync()
    other = make_laptop("l", folder, template_db, server, "luis")
    other.new_account(luis, legal_name="De Luis", city="Cali", **_person(99), **YES)
    other.sync()
    boss.sync()
    boss.update(QuoteLine, line_id, unit_cost=D("600"))
    with boss.tx() as s:
        campaign = C.create_campaign(s, {
            "name": "Medellín", "channels": "visit", "starts_on": date(2026, 1, 1),
            "ends_on": date(2030, 1, 1), "status": "active", "budget": D(900000),
        }).id  # fmt: skip
        C.add_cost(s, campaign, {"spent_on": date(2026, 2, 1), "amount": D(250000)})
        C.save_filter(s, campaign, Filter(cities=("Medellín",)))
        C.fill(s, campaign)
    assert boss.sync().refused == 0
    rep.close()
    other.close()
    return ana, boss, rep


@pytest.mark.parametrize("role", ["rep", "manager"])
def test_a_bootstrap_holds_exactly_what_paging_pulls_give(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb, role: str
) -> None:
    _ana, boss, _rep = _world(tmp_path, template_db, server, server_db)
    user = "ana" if role == "rep" else "mara"
    paged = _new_laptop("p", tmp_path, template_db, server, user, pull_limit=7)
    seen: list[tuple[int, int]] = []
    booted = _new_laptop("b", tmp_path, template_db, server, user, bootstrap=True,
                         progress=lambda done, total: seen.append((done, total)))  # fmt: skip
    E.BOOTSTRAP_LIMIT, limit = 9, E.BOOTSTRAP_LIMIT  # many pages, across tables
    try:
        booted.sync()
    finally:
        E.BOOTSTRAP_LIMIT = limit
    paged.sync()
    mine, theirs = _everything(booted), _everything(paged)
    assert sum(map(len, mine.values())) > 40
    for name in mine:
        assert mine[name] == theirs[name], name
    if role == "rep":  # the rep's scope: not Luis's account, no costs, the campaign but no cost
        assert {a["legal_name"] for a in mine["accounts"].values()} >= {"Cliente 0"}
        assert "De Luis" not in {a["legal_name"] for a in mine["accounts"].values()}
        assert mine["product_costs"] == {} and mine["campaign_costs"] == {}
        assert [q["unit_cost"] for q in mine["quote_lines"].values()] == [None]
        assert len(mine["campaigns"]) == 1
    else:
        assert "De Luis" in {a["legal_name"] for a in mine["accounts"].values()}
        assert len(mine["product_costs"]) == 1 and len(mine["campaign_costs"]) == 1
    assert len(seen) > 3 and seen[-1][0] == seen[-1][1] > 40  # "N of M" after each page
    with booted.db.sessions() as s:  # dropped for the bootstrap, built once at the end
        assert _indexes(s) == _indexes_of(template_db)
    with booted.db.sessions() as s:
        assert meta_get(s, BOOTSTRAP_KEY) is None and meta_get(s, CURSOR_KEY) is not None
        assert outdated_triggers(s.connection()) == []  # capture triggers back, as they were
        search = (
            "SELECT count(*) FROM sqlite_master "
            "WHERE type = 'trigger' AND name LIKE 'account_search_%'"
        )
        assert s.scalar(text(search)) == 6
    assert len(mine["account_search"]) == len(mine["accounts"])
    boss.close()
    paged.close()
    booted.close()


class _Flaky(SyncClient):
    """A client whose bootstrap answer is lost once (the network drops after the server
    answered), after the test's `between` step has changed things on the server."""

    def __init__(self, *args: Any, lose_at: int, between: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.calls, self.lose_at, self.between = 0, lose_at, between

    def bootstrap(self, request: P.BootstrapRequest) -> SnapshotPage:
        self.calls += 1
        answer = super().bootstrap(request)
        if self.calls == self.lose_at:
            self.between()
            raise SyncError("offline", "The server cannot be reached (test).")
        return answer


def test_a_cut_bootstrap_resumes_and_edits_made_meanwhile_arrive(
    tmp_path: Path,
    template_db: Path,
    server: ServerProcess,
    server_db: ServerDb,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ana, boss, _rep = _world(tmp_path, template_db, server, server_db)
    with boss.db.sessions() as s:
        ids = sorted(s.scalars(select(Account.id).where(Account.owner_id == ana)))
    first, last = ids[0], ids[-1]  # one the bootstrap has passed when cut, one it has not

    def edits() -> None:
        boss.update(Account, first, notes="Cambiada durante el arranque")
        boss.update(Account, last, notes="También")
        boss.new_account(ana, legal_name="Nueva durante el arranque", **_person(50))
        boss.sync()

    client = _Flaky(server.base, "ana", lose_at=3, between=edits)
    monkeypatch.setattr(E, "BOOTSTRAP_LIMIT", 5)
    booted = _new_laptop("b", tmp_path, template_db, server, "ana", client, bootstrap=True)
    with pytest.raises(SyncError):
        booted.sync()
    with booted.db.sessions() as s:
        state = json.loads(meta_get(s, BOOTSTRAP_KEY) or "{}")
        assert meta_get(s, CURSOR_KEY) is None
        assert meta_get(s, bulk_indexes.INDEXES_KEY) is None  # stopped: indexes built again
        assert _indexes(s) == _indexes_of(template_db)
    assert state["done"] == 10 and state["table"] is not None  # two pages kept, where it stood

    # A page whose local transaction fails (a crash while applying): nothing of it stays.
    real, failed = E.apply_snapshot, list[int]()

    def crash_once(session: Any, rows: Any, **kw: Any) -> Any:
        if not failed:
            failed.append(len(rows))
            raise RuntimeError("killed while applying")
        return real(session, rows, **kw)

    monkeypatch.setattr(E, "apply_snapshot", crash_once)
    with pytest.raises(RuntimeError):
        booted.sync()
    with booted.db.sessions() as s:
        assert json.loads(meta_get(s, BOOTSTRAP_KEY) or "{}") == state
    # A restarted program (a new engine, even with bootstrap off) goes on from there.
    calls = client.calls
    booted.engine = SyncEngine(booted.db.sessions, booted.db.path, client)
    booted.sync()
    with booted.db.sessions() as s:
        assert meta_get(s, BOOTSTRAP_KEY) is None
    paged = _new_laptop("p", tmp_path, template_db, server, "ana", pull_limit=7)
    paged.sync()
    mine, theirs = _everything(booted), _everything(paged)
    assert mine == theirs
    total = sum(len(rows) for name, rows in mine.items() if name != "account_search")
    assert client.calls - calls < total / 5 - 2  # it did not start over
    notes = {a["id"]: a["notes"] for a in mine["accounts"].values()}
    assert notes[first] == "Cambiada durante el arranque" and notes[last] == "También"
    assert "Nueva durante el arranque" in {a["legal_name"] for a in mine["accounts"].values()}
    boss.close()
    paged.close()
    booted.close()


def _killed_at(path: Path, base: str, when: str, page: int) -> None:
    """In a forked child: bootstrap the laptop file and die by SIGKILL at `page`, either just
    after it committed (`after`) or inside its local transaction (`inside`)."""
    client = SyncClient(base, "ana")
    client.login(PASSWORD)
    db = open_database(path)
    real, pages = E.apply_snapshot, [0]

    def apply(session: Any, rows: Any, **kw: Any) -> Any:
        done = real(session, rows, **kw)
        pages[0] += 1
        if when == "inside" and pages[0] == page:
            session.flush()
            os.kill(os.getpid(), signal.SIGKILL)
        return done

    def progress(_done: int, _total: int) -> None:
        if when == "after" and pages[0] == page:
            os.kill(os.getpid(), signal.SIGKILL)

    def restore(conn: Any) -> bool:
        rebuilt = real_restore(conn)
        if when == "rebuild" and rebuilt:  # the indexes built, their transaction not committed
            os.kill(os.getpid(), signal.SIGKILL)
        return rebuilt

    real_restore = bulk_indexes.restore
    E.apply_snapshot = apply  # this child only
    bulk_indexes.restore = restore
    SyncEngine(db.sessions, db.path, client, bootstrap=True, progress=progress).sync()
    os._exit(3)  # not killed: the test fails on the exit code


def test_a_bootstrap_killed_at_random_points_resumes_and_converges(
    tmp_path: Path,
    template_db: Path,
    server: ServerProcess,
    server_db: ServerDb,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _ana, boss, _rep = _world(tmp_path, template_db, server, server_db)
    monkeypatch.setattr(E, "BOOTSTRAP_LIMIT", 4)
    rng = random.Random(16)
    path = copy_database(template_db, tmp_path / "killed.db")
    with open_database(path).sessions() as s:
        wanted = _indexes(s)
    assert len(wanted) > 20
    fork = multiprocessing.get_context("fork")
    stood: list[int] = []
    for when in ("after", "inside", rng.choice(["after", "inside"])):
        child = fork.Process(target=_killed_at, args=(path, server.base, when, rng.randint(1, 3)))
        child.start()
        child.join(60)
        assert child.exitcode == -signal.SIGKILL, child.exitcode
        db = open_database(path)  # what a restarted program finds
        with db.sessions() as s:  # the indexes dropped for the bootstrap are back at once
            state = json.loads(meta_get(s, BOOTSTRAP_KEY) or "{}")
            assert meta_get(s, CURSOR_KEY) is None
            assert meta_get(s, bulk_indexes.INDEXES_KEY) is None
            assert _indexes(s) == wanted
        db.engine.dispose()
        stood.append(state["done"])
        boss.update(Account, sorted(boss_ids(boss))[len(stood)], notes=f"Entre muertes {when}")
        boss.sync()
    assert stood == sorted(stood) and stood[-1] > stood[0]  # each restart went on, none restarted
    # Killed while building the indexes again, after the last page: opening builds them.
    child = fork.Process(target=_killed_at, args=(path, server.base, "rebuild", 0))
    child.start()
    child.join(60)
    assert child.exitcode == -signal.SIGKILL, child.exitcode
    db = open_database(path)
    with db.sessions() as s:
        assert meta_get(s, BOOTSTRAP_KEY) is None and meta_get(s, CURSOR_KEY) is not None
        assert meta_get(s, bulk_indexes.INDEXES_KEY) is None
        assert _indexes(s) == wanted
    db.engine.dispose()
    client = SyncClient(server.base, "ana")
    client.login(PASSWORD)
    db = open_database(path)
    SyncEngine(db.sessions, db.path, client).sync()  # the setting off: it finishes anyway
    killed = Laptop("k", db, client)
    paged = _new_laptop("p", tmp_path, template_db, server, "ana", pull_limit=7)
    paged.sync()
    assert _everything(killed) == _everything(paged)
    with killed.db.sessions() as s:
        assert _indexes(s) == wanted
    notes = {a["notes"] for a in _everything(killed)["accounts"].values()}
    assert {"Entre muertes after", "Entre muertes inside"} <= notes
    boss.close()
    paged.close()
    killed.close()


def _indexes(session: Any) -> dict[str, str]:
    """Every index of the file and its SQL."""
    query = text("SELECT name, coalesce(sql, '') FROM sqlite_master WHERE type = 'index'")
    return {str(name): str(sql) for name, sql in session.execute(query)}


def _indexes_of(path: Path) -> dict[str, str]:
    db = open_database(path)
    with db.sessions() as s:
        found = _indexes(s)
    db.engine.dispose()
    return found


def boss_ids(boss: Laptop) -> list[str]:
    with boss.db.sessions() as s:
        return list(s.scalars(select(Account.id)))
