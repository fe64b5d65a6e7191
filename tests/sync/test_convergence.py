"""Randomized convergence: laptops edit offline and sync in random order with faults, then agree.

Seeded: a failure prints its seed; rerun with CRM_SYNC_SEED=<seed> to replay it.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from crm_desktop.models import Account, Contact
from crm_desktop.services.core import crud
from crm_desktop.sync import resolve
from crm_desktop.sync.client import SyncError
from crm_server import admin
from crm_server.db.schema import sync_rows
from tests.sync.faults import FaultyTransport
from tests.sync.harness import Laptop, ServerDb, ServerProcess, add_user, make_laptop, start_server
from tests.sync.serverdb import ops_applied_twice, stored_conflicts, written_values

SEEDS = [int(os.environ["CRM_SYNC_SEED"])] if "CRM_SYNC_SEED" in os.environ else [11, 29]
STEPS = 70
WORDS = ["Cali", "Neiva", "Tunja", "Pasto", "Quibdó", "Yopal"]
FIELDS = {"accounts": ("city", "notes", "segment"), "contacts": ("first_name", "job_title")}


class World:
    def __init__(self, rng: random.Random, db: ServerDb, laptops: list[Laptop]) -> None:
        self.rng, self.db, self.laptops = rng, db, laptops
        self.written: set[tuple[str, str, str, str]] = set()

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
    transports = [FaultyTransport(rng, drop=0.15, lose=0.15) for _ in range(3)]
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
    try:
        for laptop, owner in ((laptops[0], ana), (laptops[1], beto)):
            for i in range(3):
                laptop.new_account(owner, legal_name=f"{laptop.name} cliente {i}")
            world.sync(laptop)
        moved = False
        for step in range(STEPS):
            laptop = rng.choice(laptops)
            action = rng.choice(
                [
                    world.edit,
                    world.edit,
                    world.add_contact,
                    world.delete_contact,
                    world.take_local_side,
                    world.sync,
                    world.sync,
                ]
            )
            action(laptop)
            if not moved and step > STEPS // 2:
                moved = _reassign_one(world, ana)
        for transport in transports:
            transport.rng = None  # the network heals
        for _ in range(4):
            for laptop in laptops:
                laptop.sync()
        _check_converged(world, users)
        _check_nothing_lost(world)
        assert ops_applied_twice(server_db) == []
        assert all(
            op.state in ("done", "reassigned", "refused") for lt in laptops for op in lt.ops()
        )
    except AssertionError as error:
        raise AssertionError(f"seed {seed}: {error}") from error
    finally:
        for laptop in laptops:
            laptop.close()
        if second is not server:
            second.stop()


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
