"""One seed of the randomized multi-laptop sync run with faults injected inside it.

The world and the oracle are the convergence test's (tests/sync/test_convergence.py); here the
faults are real processes and sockets instead of an in-process transport:

- every laptop talks to its server through a loopback TCP proxy that drops requests (the
  connection closes before they reach the server) and loses answers (the server ran the request,
  its answer is thrown away and the connection closed);
- the proxy can `kill -9` the uvicorn process a few milliseconds after a push reached it; the
  run restarts it on the same port before the next step;
- a laptop syncs in a child process that `kill -9`s itself at a random point of its pull (before
  a request, after an answer, inside a page's transaction); the laptop's file is then reopened;
- a second laptop of a rep joins new and bootstraps (issue 16: a snapshot in small pages, the
  indexes dropped and built at the end) in such children, killed at random points of it (a page
  arrived, a page written but not committed, the indexes built but not committed) while the
  others go on editing and pushing, until one of its syncs completes;
- raw-HTTP poison (garbage dates, a delete carrying a date, a duplicate quote number, an oversize
  field, an unknown field) is pushed straight to the server between the laptops' steps;
- edits are typed between a sync's push and its pull (the world's `sync_while_editing`).

Oracle after the network heals: every laptop equals the server in its scope, quotes and totals
included; every written value is final, in history, in the conflict store or held; no op applied
twice; every outbox empty; `PRAGMA integrity_check` ok on every laptop (and a SQLite server);
rows set aside only for poison the server took; no 5xx answer seen by any proxy.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import select

from crm_desktop.database import open_database
from crm_desktop.models import Account, Contact, Quote
from crm_desktop.secure import sqlcipher
from crm_desktop.secure.sqlcipher import copy_database
from crm_desktop.services.core.device import meta_get
from crm_desktop.sync import bulk_indexes
from crm_desktop.sync.client import SyncClient
from crm_desktop.sync.engine import CURSOR_KEY
from crm_server.db.schema import sync_rows
from tests.sync import test_convergence as conv
from tests.sync.harness import (
    PASSWORD,
    Laptop,
    ServerDb,
    ServerProcess,
    add_user,
    start_server,
)
from tests.sync.raw import RawRep
from tests.sync.serverdb import ops_applied_twice

STEPS = 30
DROP, LOSE = 0.08, 0.08  # per sync request, at the proxy
KILL_SERVER = 0.06  # per push request: kill -9 the server a few ms after it arrived
KILL_LAPTOP = 0.08  # per step: this step's sync runs in a child process that kills itself
POISON = 0.10  # per step: a raw-HTTP poison op


class Violation(AssertionError):
    pass


@dataclass
class Tally:
    seeds: int = 0
    steps: int = 0
    faults: Counter[str] = field(default_factory=Counter)
    violations: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.seeds += other.seeds
        self.steps += other.steps
        self.faults.update(other.faults)
        self.violations += other.violations


# -- the loopback proxy ------------------------------------------------------------------------
class Proxy:
    """Forwards 127.0.0.1:port to a server's port; drops requests, loses answers, kills."""

    def __init__(self, target: ServerProcess, tally: Tally, seed: int) -> None:
        self.target, self.tally = target, tally
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.faulty = False
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = int(self.sock.getsockname()[1])
        self.five_xx: list[str] = []
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self.closed = True
        with contextlib.suppress(OSError):
            self.sock.close()

    def _roll(self) -> float:
        with self.lock:
            return self.rng.random() if self.faulty else 1.0

    def _accept(self) -> None:
        while not self.closed:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        try:
            upstream = socket.create_connection(("127.0.0.1", self.target.port), timeout=60)
        except OSError:
            client.close()
            return
        state = {"lose": False, "path": ""}

        def close_both() -> None:
            for s in (client, upstream):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                with contextlib.suppress(OSError):
                    s.close()

        def answers() -> None:
            try:
                while chunk := upstream.recv(65536):
                    if chunk[:10] in (b"HTTP/1.1 5", b"HTTP/1.0 5"):
                        self.five_xx.append(f"{state['path']}: {chunk[:12]!r}")
                    if state["lose"]:
                        self.tally.faults["lost answers"] += 1
                        close_both()
                        return
                    client.sendall(chunk)
            except OSError:
                pass
            close_both()

        threading.Thread(target=answers, daemon=True).start()
        try:
            while chunk := client.recv(65536):
                if chunk[:5] in (b"POST ", b"GET /", b"PUT /", b"DELET"):
                    state["path"] = chunk.split(b" ", 2)[1].decode(errors="replace")
                    state["lose"] = False
                    if "/v1/sync/" in state["path"]:
                        roll = self._roll()
                        if roll < DROP:
                            self.tally.faults["dropped requests"] += 1
                            break
                        state["lose"] = roll < DROP + LOSE
                        if state["path"].endswith("/push") and self._roll() < KILL_SERVER:
                            self._kill_soon()
                upstream.sendall(chunk)
        except OSError:
            pass
        close_both()

    def _kill_soon(self) -> None:
        with self.lock:
            delay = self.rng.uniform(0.0, 0.03)
        proc = self.target.proc

        def kill() -> None:
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(proc.pid, signal.SIGKILL)
                self.tally.faults["server kills mid-push"] += 1

        threading.Timer(delay, kill).start()


def _revive(servers: list[ServerProcess], folder: Path) -> None:
    """A killed server comes back on its own port (laptops' proxies point at that port)."""
    for server in servers:
        if server.proc.poll() is not None:
            server.proc.wait()
            fresh = start_server(server.url, folder, port=server.port)
            server.proc, server.log = fresh.proc, fresh.log  # the proxies hold `server`


# -- a laptop killed mid-pull ------------------------------------------------------------------
CHILD = Path(__file__).with_name("_chaos_laptop.py")


BOOT_POINTS = ["boot_answer", "boot_inside", "boot_inside", "boot_rebuild"]


def _sync_in_child(
    laptop: Laptop, base: str, rng: random.Random, tally: Tally, bootstrap: bool = False
) -> None:
    """The laptop's sync in its own process, which kill -9s itself at a random point; with
    bootstrap, a laptop taking its scope as a snapshot (killed at a point of that, mostly)."""
    point = rng.choice(["before_request", "after_answer", "inside_page"])
    if bootstrap and rng.random() < 0.8:
        point = rng.choice(BOOT_POINTS)
    nth = 1 if point == "boot_rebuild" else rng.randint(1, 3)
    laptop.close()
    child = subprocess.run(
        [sys.executable, str(CHILD), str(laptop.db.path), base, laptop.client.username,
         point, str(nth), *(["bootstrap"] if bootstrap else [])],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=300,
    )  # fmt: skip
    if child.returncode == -signal.SIGKILL:
        tally.faults["laptop kills mid-pull"] += 1
        if point.startswith("boot_"):
            tally.faults[f"bootstrap kills ({point})"] += 1
    elif child.returncode not in (0, 3):  # 3: the sync failed on an injected network fault
        raise Violation(f"laptop sync in a child failed: {child.stderr.decode()[-2000:]}")
    _reopen(laptop, base)


def _reopen(laptop: Laptop, base: str) -> None:
    laptop.db = open_database(laptop.db.path)
    client = SyncClient(base, laptop.client.username, attempts=2)
    for _ in range(20):  # the login may meet a dropped request or a restarting server
        try:
            client.login(PASSWORD)
            break
        except Exception:  # a SyncError or a transport error: try again
            time.sleep(0.2)
    laptop.client = client
    laptop.__post_init__()


# -- poison through raw HTTP -------------------------------------------------------------------
def _poison(world: conv.World, server: ServerProcess, rep: str, rng: random.Random,
            tally: Tally, applied: set[str]) -> None:  # fmt: skip
    try:
        raw = RawRep.sign_in(server, rep)
    except (httpx.HTTPError, AssertionError):
        return  # the server is restarting
    with world.db.engine.connect() as conn:
        rows = {
            t: [json.loads(d) for d in conn.scalars(
                select(sync_rows.c.data).where(sync_rows.c.table_name == t,
                                               sync_rows.c.owner == raw.user_id))]
            for t in ("accounts", "contacts", "quotes")
        }  # fmt: skip
    needs = {"garbage date": "contacts", "delete with a date": "contacts",
             "duplicate quote number": "quotes", "oversize field": "accounts",
             "unknown field": "accounts"}  # fmt: skip
    kinds = [k for k, table in needs.items() if rows[table]]
    if not kinds:
        return
    kind, new = rng.choice(kinds), str(uuid.uuid4())
    if kind == "garbage date":
        op = raw.op(
            "contacts", new, "insert", rows["contacts"][0] | {"id": new, "created_at": "garbage"}
        )
    elif kind == "delete with a date":
        target = rng.choice(rows["contacts"])
        op = raw.op("contacts", target["id"], "delete", {"deleted_at": "yesterday"}, base=1)
    elif kind == "duplicate quote number":
        op = raw.op("quotes", new, "insert", rows["quotes"][0] | {"id": new})
    elif kind == "oversize field":
        fields = rows["accounts"][0] | {"id": new, "notes": "x" * 2_000_000}
        op = raw.op("accounts", new, "insert", fields)
    else:
        fields = rows["accounts"][0] | {"id": new, "tax_id": "900.123.456-8", "zzz": 1}
        op = raw.op("accounts", new, "insert", fields)
    try:
        answer = raw.post("/v1/sync/push", raw.body([op]))
    except httpx.HTTPError:
        return
    tally.faults[f"poison: {kind}"] += 1
    if answer.status_code >= 500:
        raise Violation(f"poison {kind}: the server answered {answer.status_code}")
    if answer.status_code == 200:
        [result] = answer.json()["results"]
        if result["status"] == "applied":
            applied.add(op["row_id"])
            tally.faults["poison the server took"] += 1


# -- one seed ----------------------------------------------------------------------------------
def _integrity(path: Path) -> None:
    with sqlcipher.connection(path) as conn:  # a laptop's (keyed) or the SQLite server's file
        result = conn.execute("PRAGMA integrity_check").fetchall()
    if result != [("ok",)]:
        raise Violation(f"{path.name}: integrity_check {result}")


def _new_laptop(
    name: str, folder: Path, template: Path, base: str, user: str, sync: bool = True
) -> Laptop:
    path = folder / f"{name}.db"
    copy_database(template, path)  # with the template's key, registered for the copy
    client = SyncClient(base, user, attempts=2)
    client.login(PASSWORD)
    laptop = Laptop(name, open_database(path), client)
    if sync:
        laptop.sync()
    return laptop


def _bootstrap_step(laptop: Laptop, base: str, rng: random.Random, tally: Tally) -> bool:
    """One try of the new laptop's bootstrap, in a child killed at a random point of it (or
    of the pull after); returns whether it is still under way (no pull cursor yet)."""
    _sync_in_child(laptop, base, rng, tally, bootstrap=True)
    with laptop.db.sessions() as s:
        if meta_get(s, bulk_indexes.INDEXES_KEY) is not None:
            raise Violation(f"{laptop.name}: opened with its bootstrap's indexes still dropped")
        going = meta_get(s, CURSOR_KEY) is None
    if not going:
        tally.faults["bootstraps completed"] += 1
    return going


def run_seed(seed: int, db: ServerDb, folder: Path, template: Path, steps: int = STEPS) -> Tally:
    """One seed on a fresh server database; raises Violation with the seed on any breach."""
    tally = Tally(seeds=1, steps=steps)
    rng = random.Random(seed)
    ana, beto = add_user(db, "ana"), add_user(db, "beto")
    boss = add_user(db, "boss", "manager")
    servers = [start_server(db.url, folder)]
    if db.pg_name:  # on PostgreSQL a second server process serves the same reps at once
        servers.append(start_server(db.url, folder))
    proxies = [Proxy(s, tally, seed * 7 + i) for i, s in enumerate(servers)]
    via = {"ana": proxies[0], "beto": proxies[-1], "boss": proxies[-1], "ana2": proxies[-1]}
    users = {"ana": (ana, False), "beto": (beto, False), "boss": (boss, True),
             "ana2": (ana, False)}  # fmt: skip
    login = {"ana": "ana", "beto": "beto", "boss": "boss", "ana2": "ana"}
    laptops: list[Laptop] = []
    applied_poison: set[str] = set()
    try:
        for name in ("ana", "beto", "boss"):
            laptops.append(_new_laptop(name, folder, template, via[name].base, login[name]))
        world = conv.World(rng, db, laptops)
        world.owners = {"ana": ana, "ana2": ana, "beto": beto}
        for laptop, owner in ((laptops[0], ana), (laptops[1], beto)):
            for i in range(3):
                laptop.new_account(owner, legal_name=f"{laptop.name} cliente {i}")
            laptop.sync()
        # Ana's second laptop is new: it bootstraps (a snapshot in pages), killed at random
        # points of that while the others go on pushing, until a sync of it completes.
        ana2 = _new_laptop("ana2", folder, template, via["ana2"].base, "ana", sync=False)
        laptops.append(ana2)
        booting = True
        for proxy in proxies:
            proxy.faulty = True
        moved = away_and_back = False
        for step in range(steps):
            _revive(servers, folder)
            laptop = rng.choice(laptops)
            roll = rng.random()
            if booting and (laptop is ana2 or step == 0):
                booting = _bootstrap_step(ana2, via["ana2"].base, rng, tally)
            elif roll < KILL_LAPTOP:
                _sync_in_child(laptop, via[laptop.name].base, rng, tally)
            elif roll < KILL_LAPTOP + POISON:
                rep = rng.choice(["ana", "beto"])
                _poison(world, servers[0], rep, rng, tally, applied_poison)
            else:
                action = rng.choice([
                    world.edit, world.edit, world.add_contact, world.delete_contact,
                    world.take_local_side, world.new_quote, world.new_quote, world.edit_line,
                    world.edit_line, world.send_or_revise, world.sync, world.sync,
                    world.sync_while_editing,
                ])  # fmt: skip
                if action == world.sync_while_editing:
                    tally.faults["syncs with an edit typed meanwhile"] += 1
                action(laptop)
            if not away_and_back and step > steps // 3:
                away_and_back = conv._away_and_back(world, ana)
            if not moved and step > steps // 2:
                moved = conv._reassign_one(world, ana)
        for proxy in proxies:
            proxy.faulty = False  # the network heals
        _revive(servers, folder)
        for _ in range(4):
            for laptop in laptops:
                laptop.sync()
        _oracle(world, users, laptops, db, proxies, frozenset(applied_poison))
    except AssertionError as error:
        tally.violations.append(f"seed {seed} ({'pg' if db.pg_name else 'sqlite'}): {error}")
    finally:
        for laptop in laptops:
            laptop.close()
        for proxy in proxies:
            proxy.close()
        for server in servers:
            server.stop()
    return tally


def _oracle(world: conv.World, users: dict[str, tuple[str, bool]], laptops: list[Laptop],
            db: ServerDb, proxies: list[Proxy], poison: frozenset[str]) -> None:  # fmt: skip
    conv._check_converged(world, users)
    conv._check_quotes(world, users, poison)
    conv._check_nothing_lost(world)
    twice = ops_applied_twice(db)
    if twice:
        raise Violation(f"ops applied twice: {twice}")
    for laptop in laptops:
        stuck = [op.op_seq for op in laptop.ops("pending")]
        if stuck:
            raise Violation(f"{laptop.name}: ops still pending after the network healed {stuck}")
        _integrity(laptop.db.path)
        with laptop.db.sessions() as s:
            for model in (Account, Contact, Quote):
                s.scalars(select(model.id)).all()  # every row readable through the ORM
    if not db.pg_name:
        _integrity(Path(db.url.removeprefix("sqlite:///")))
    seen = [x for p in proxies for x in p.five_xx]
    if seen:
        raise Violation(f"5xx answers: {seen[:5]}")
