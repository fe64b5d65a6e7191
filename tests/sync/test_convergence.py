"""Randomized convergence: laptops edit offline and sync in random order with faults, then agree.

Seeded: a failure prints its seed; rerun with CRM_SYNC_SEED=<seed> to replay it.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from crm_desktop.models import Account, Contact, Quote, QuoteLine, QuoteRevision
from crm_desktop.services.core import crud
from crm_desktop.services.core.errors import NotAllowed, NotFound, ValidationError
from crm_desktop.services.quotes import quote_status
from crm_desktop.services.quotes.quote_data import load_quote
from crm_desktop.services.quotes.quotes import add_line, create_quote, update_line
from crm_desktop.sync import resolve, setaside
from crm_desktop.sync.client import SyncError
from crm_desktop.sync.engine import SyncEngine
from crm_server import admin
from crm_server.db.schema import sync_rows
from tests.sync.faults import FaultyTransport
from tests.sync.harness import Laptop, ServerDb, ServerProcess, add_user, make_laptop, start_server
from tests.sync.serverdb import ops_applied_twice, stored_conflicts, written_values

SEEDS = [int(os.environ["CRM_SYNC_SEED"])] if "CRM_SYNC_SEED" in os.environ else [11, 29, 47]
STEPS = 90
WORDS = ["Cali", "Neiva", "Tunja", "Pasto", "Quibdó", "Yopal"]
FIELDS = {"accounts": ("city", "notes", "segment"), "contacts": ("first_name", "job_title")}
# Compared between every laptop and the server too (values as Decimal where they are money).
QUOTE_FIELDS = {
    "quotes": ("revision", "status"),
    "quote_lines": ("quantity", "unit_price", "discount_amount"),
    "quote_revisions": ("quote_id", "revision"),
}
REFUSED = (ValidationError, NotFound, NotAllowed)  # the services say no: the rep moves on
QUOTE_MODELS = {"quotes": Quote, "quote_lines": QuoteLine, "quote_revisions": QuoteRevision}


class World:
    def __init__(self, rng: random.Random, db: ServerDb, laptops: list[Laptop]) -> None:
        self.rng, self.db, self.laptops = rng, db, laptops
        self.written: set[tuple[str, str, str, str]] = set()
        self.owners: dict[str, str] = {}  # laptop name -> the rep it makes quotes for

    def live(self, laptop: Laptop, model: type[Any]) -> list[str]:
        with laptop.db.sessions() as s:
            return list(s.scalars(select(model.id).where(model.deleted_at.is_(None))))

    def edit(self, laptop: Laptop) -> None:
        model = self.rng.choice([Account, Contact])
        ids = self.live(laptop, model)
        if not ids:
            return
        row_id, name = self.rng.choice(ids), self.rng.choice(FIELDS[model.__tablename__])
        value = f"{self.rng.choice(WORDS)} {self.rng.randrange(1000)}"
        laptop.update(model, row_id, **{name: value})
        self.written.add((model.__tablename__, row_id, name, json.dumps(value)))

    def add_contact(self, laptop: Laptop) -> None:
        accounts = self.live(laptop, Account)
        if accounts:
            name = f"{self.rng.choice(WORDS)} {self.rng.randrange(1000)}"
            with laptop.tx() as s:
                row = crud.create(
                    s, Contact, {"account_id": self.rng.choice(accounts), "first_name": name}
                )
            self.written.add(("contacts", row.id, "first_name", json.dumps(name)))

    def delete_contact(self, laptop: Laptop) -> None:
        ids = self.live(laptop, Contact)
        if ids:
            laptop.delete(Contact, self.rng.choice(ids))

    def take_local_side(self, laptop: Laptop) -> None:
        with laptop.tx() as s:
            views = resolve.open_conflicts(s)
            if views:
                resolve.keep_local(s, self.rng.choice(views).id)

    def sync(self, laptop: Laptop) -> None:
        with contextlib.suppress(SyncError):  # faults are expected; a later sync finishes the job
            laptop.sync()

    def sync_while_editing(self, laptop: Laptop) -> None:
        """The rep keeps typing while the sync runs: an edit lands between push and pull."""
        engine = laptop.engine
        real = SyncEngine._pull_all

        def typed_meanwhile(client_id: str) -> tuple[int, int]:
            self.rng.choice([self.edit, self.edit_line])(laptop)
            return real(engine, client_id)

        engine._pull_all = typed_meanwhile  # type: ignore[method-assign]
        try:
            self.sync(laptop)
        finally:
            del engine._pull_all

    def new_quote(self, laptop: Laptop) -> None:
        owner = self.owners.get(laptop.name)
        accounts = self.live(laptop, Account)
        if owner is None or not accounts:
            return
        with laptop.tx() as s:
            quote = create_quote(s, self.rng.choice(accounts), owner_id=owner)
            for i in range(self.rng.randint(1, 3)):
                add_line(s, quote.id, {"description": f"Servicio {i}", "unit": "unidad",
                                       "quantity": Decimal(self.rng.randint(1, 5)),
                                       "unit_price": Decimal(self.rng.randint(1, 9) * 1000),
                                       "tax_category": "iva19"})  # fmt: skip

    def edit_line(self, laptop: Laptop) -> None:
        lines = self.live(laptop, QuoteLine)
        if not lines:
            return
        change = self.rng.choice([
            {"quantity": Decimal(self.rng.randint(1, 5))},
            {"unit_price": Decimal(self.rng.randint(1, 9) * 1000)},
            {"discount_amount": Decimal(self.rng.randint(0, 3) * 100)},
        ])  # fmt: skip
        with (
            contextlib.suppress(ValidationError, NotFound, NotAllowed),
            laptop.tx() as s,
        ):  # a sent quote is frozen
            update_line(s, self.rng.choice(lines), change)

    def send_or_revise(self, laptop: Laptop) -> None:
        quotes = self.live(laptop, Quote)
        if not quotes:
            return
        with contextlib.suppress(*REFUSED), laptop.tx() as s:
            quote = s.get_one(Quote, self.rng.choice(quotes))
            if quote.status == "draft":
                quote_status.send_quote(s, quote.id)
            else:
                quote_status.new_revision(s, quote.id, "cambio")


def _visible(db: ServerDb, user_id: str, manager: bool) -> dict[tuple[str, str], dict[str, Any]]:
    with db.engine.connect() as conn:
        rows = conn.execute(select(sync_rows).where(sync_rows.c.table_name.in_(FIELDS)))
        return {
            (r.table_name, r.row_id): json.loads(r.data)
            for r in rows
            if manager or r.owner == user_id
        }


def _local(laptop: Laptop) -> dict[tuple[str, str], dict[str, Any]]:
    found = {}
    with laptop.db.sessions() as s:
        for model in (Account, Contact):
            for obj in s.scalars(select(model)):
                found[(model.__tablename__, obj.id)] = obj
    return found


def _check_converged(world: World, users: dict[str, tuple[str, bool]]) -> None:
    for laptop in world.laptops:
        user_id, manager = users[laptop.name]
        server_side, local = _visible(world.db, user_id, manager), _local(laptop)
        assert set(server_side) == set(local), f"{laptop.name} differs from the server's scope"
        for key, data in server_side.items():
            for name in (*FIELDS[key[0]], "deleted_at"):
                mine = getattr(local[key], name)
                assert (mine is None) == (data[name] is None), (laptop.name, key, name)
                if name != "deleted_at":
                    assert mine == data[name], (laptop.name, key, name)


def _check_quotes(
    world: World, users: dict[str, tuple[str, bool]], poison: frozenset[str] = frozenset()
) -> None:
    """Quotes, lines and revisions equal the server's in scope; totals price the lines; rows
    set aside only among `poison` (rows pushed bypassing every check, none by default)."""
    for laptop in world.laptops:
        user_id, manager = users[laptop.name]
        with world.db.engine.connect() as conn:
            rows = conn.execute(select(sync_rows).where(sync_rows.c.table_name.in_(QUOTE_FIELDS)))
            server_side = {(r.table_name, r.row_id): json.loads(r.data) for r in rows
                           if manager or r.owner == user_id}  # fmt: skip
        with laptop.db.sessions() as s:
            local = {
                (name, obj.id): obj
                for name, model in QUOTE_MODELS.items()
                for obj in s.scalars(select(model))
            }
            server_side = {k: v for k, v in server_side.items() if k[1] not in poison}
            local = {k: v for k, v in local.items() if k[1] not in poison}
            assert set(server_side) == set(local), f"{laptop.name}: quotes differ from the server"
            for key, data in server_side.items():
                for name in QUOTE_FIELDS[key[0]]:
                    mine, theirs = getattr(local[key], name), data[name]
                    if isinstance(mine, Decimal):
                        theirs = Decimal(str(theirs)) if theirs is not None else None
                    assert mine == theirs, (laptop.name, key, name)
            for key, obj in local.items():
                if key[0] == "quotes" and obj.deleted_at is None:
                    priced = load_quote(s, obj.id).totals().grand_total
                    assert obj.total == priced, (laptop.name, key, "total")
            aside = [u for u in setaside.unapplied_rows(s) if u.row_id not in poison]
            assert aside == [], f"{laptop.name}: rows set aside"


def _check_nothing_lost(world: World) -> None:
    kept = written_values(world.db)
    kept |= {
        (c["table_name"], c["row_id"], c["field"], c["client"]) for c in stored_conflicts(world.db)
    }
    for laptop in world.laptops:
        with laptop.db.sessions() as s:
            for held in resolve.held_ops(s):
                kept |= {
                    (held.table, held.row_id, k, json.dumps(v)) for k, v in held.fields.items()
                }
    lost = world.written - kept
    assert not lost, f"values neither current, in history, in conflicts nor held: {lost}"


@pytest.mark.parametrize("seed", SEEDS)
def test_laptops_converge_with_faults(
    seed: int, tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> None:
    rng = random.Random(seed)
    ana, beto = add_user(server_db, "ana"), add_user(server_db, "beto")
    boss = add_user(server_db, "boss", "manager")
    # On PostgreSQL a second server process serves the same reps at once.
    second = start_server(server_db.url, tmp_path) if server_db.pg_name else server
    # Faults start once the laptops have their first scope (a setup that fails proves nothing).
    transports = [FaultyTransport(None, drop=0.15, lose=0.15) for _ in range(3)]
    laptops = [
        make_laptop(
            "ana", tmp_path, template_db, server, "ana", transport=transports[0], attempts=2
        ),
        make_laptop(
            "beto", tmp_path, template_db, second, "beto", transport=transports[1], attempts=2
        ),
        make_laptop(
            "boss", tmp_path, template_db, second, "boss", transport=transports[2], attempts=2
        ),
    ]
    users = {"ana": (ana, False), "beto": (beto, False), "boss": (boss, True)}
    world = World(rng, server_db, laptops)
    for transport in transports:
        transport.rng = rng
    world.owners = {"ana": ana, "ana2": ana, "beto": beto}
    try:
        for laptop, owner in ((laptops[0], ana), (laptops[1], beto)):
            for i in range(3):
                laptop.new_account(owner, legal_name=f"{laptop.name} cliente {i}")
            world.sync(laptop)
        # Ana works on a second laptop too (it starts from what the server has).
        transports.append(FaultyTransport(None, drop=0.15, lose=0.15))
        laptops.append(make_laptop("ana2", tmp_path, template_db, server, "ana",
                                   transport=transports[-1], attempts=2))  # fmt: skip
        transports[-1].rng = rng  # faults from its first sync on
        users["ana2"] = (ana, False)
        moved = away_and_back = False
        for step in range(STEPS):
            laptop = rng.choice(laptops)
            action = rng.choice(
                [
                    world.edit,
                    world.edit,
                    world.add_contact,
                    world.delete_contact,
                    world.take_local_side,
                    world.new_quote,
                    world.new_quote,
                    world.edit_line,
                    world.edit_line,
                    world.send_or_revise,
                    world.sync,
                    world.sync,
                    world.sync_while_editing,
                ]
            )
            action(laptop)
            if not away_and_back and step > STEPS // 3:
                away_and_back = _away_and_back(world, ana)
            if not moved and step > STEPS // 2:
                moved = _reassign_one(world, ana)
        for transport in transports:
            transport.rng = None  # the network heals
        for _ in range(4):
            for laptop in laptops:
                laptop.sync()
        _check_converged(world, users)
        _check_quotes(world, users)
        _check_nothing_lost(world)
        assert ops_applied_twice(server_db) == []
        assert all(
            op.state in ("done", "reassigned", "refused", "resent")
            for lt in laptops
            for op in lt.ops()
        )
    except AssertionError as error:
        raise AssertionError(f"seed {seed}: {error}") from error
    finally:
        for laptop in laptops:
            laptop.close()
        if second is not server:
            second.stop()


def _away_and_back(world: World, ana: str) -> bool:
    """An account of ana's goes to beto and back between two of her syncs."""
    with world.db.engine.begin() as conn:
        owned = conn.scalars(
            select(sync_rows.c.row_id).where(
                sync_rows.c.table_name == "accounts", sync_rows.c.owner == ana
            )
        ).all()
        if not owned:
            return False
        account = sorted(owned)[-1]
        admin.assign_account(conn, account, "beto")
        admin.assign_account(conn, account, "ana")
    return True


def _reassign_one(world: World, ana: str) -> bool:
    with world.db.engine.begin() as conn:
        owned = conn.scalars(
            select(sync_rows.c.row_id).where(
                sync_rows.c.table_name == "accounts", sync_rows.c.owner == ana
            )
        ).all()
        if not owned:
            return False
        admin.assign_account(conn, sorted(owned)[0], "beto")
    return True
