"""Where one small sync spends its time: server and laptop in one process (cProfile).

A rep with 4 accounts pushes 50 changes and pulls; the app runs in-process (Starlette's test
transport, no sockets) on PostgreSQL, so one profile covers both sides. Prints the statements
each side sent and the top functions by own time; CRM_BENCH_PROFILE_OUT=path keeps the profile.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import os
import pstats
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine, event, select

from bench import _sync_world as W
from crm_desktop.database import open_database
from crm_desktop.models import Contact
from crm_desktop.sync.client import SyncClient
from crm_desktop.sync.engine import SyncEngine
from crm_server.app import create_app

TARGET = "none: where the time goes (statements and functions of one small sync)"
CHANGES = 50


async def _inline(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    return func(*args, **kwargs)


def _run_endpoints_inline() -> None:
    """FastAPI runs sync endpoints in a thread pool; here they run in the caller's thread, so
    one cProfile sees the laptop and the server together (a profiling harness only)."""
    import fastapi.dependencies.utils
    import fastapi.routing
    import starlette._exception_handler
    import starlette.routing

    for module in (fastapi.routing, fastapi.dependencies.utils, starlette._exception_handler,
                   starlette.routing):  # fmt: skip
        module.run_in_threadpool = _inline  # type: ignore[attr-defined]


class InlineTransport(httpx.BaseTransport):
    """The ASGI app called in this thread, as the laptop's transport (no socket, no thread)."""

    def __init__(self, app: Any) -> None:
        self.asgi = httpx.ASGITransport(app)
        self.loop = asyncio.new_event_loop()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        async def call() -> tuple[int, Any, bytes]:
            request.stream = httpx.ByteStream(request.read())
            answer = await self.asgi.handle_async_request(request)
            raw = b"".join([chunk async for chunk in answer.stream])  # type: ignore[union-attr]
            return answer.status_code, answer.headers, raw

        status, headers, raw = self.loop.run_until_complete(call())
        return httpx.Response(status, headers=headers, stream=httpx.ByteStream(raw))


class Counter:
    """SQL statements and HTTP requests seen while `on`."""

    def __init__(self) -> None:
        self.on = False
        self.statements: dict[str, int] = {}
        self.texts: list[str] = []

    def watch(self, engine: Engine, side: str) -> None:
        def count(_conn: Any, _cursor: Any, statement: str, *_a: Any) -> None:
            if self.on:
                self.statements[side] = self.statements.get(side, 0) + 1
                self.texts.append(f"{side}: {' '.join(statement.split())[:110]}")

        event.listen(engine, "before_cursor_execute", count)


def _laptop(folder: Path, template: Path, app: Any, name: str) -> tuple[Any, SyncEngine]:
    db = open_database(W.new_laptop_file(template, folder, name))
    client = SyncClient("http://127.0.0.1", name, transport=InlineTransport(app), timeout=60)
    client.login(W.PASSWORD)
    return db, SyncEngine(db.sessions, db.path, client)


def _edit(db: Any, n: int) -> None:
    rng = random.Random(7)
    with db.sessions() as s:
        ids = list(s.scalars(select(Contact.id).order_by(Contact.id).limit(12)))
    for i in range(n):
        with db.sessions() as s, s.begin():
            s.get(Contact, rng.choice(ids)).job_title = f"Cargo {i}"


def run(_args: argparse.Namespace) -> dict[str, Any]:
    W.use_memory_keyring()
    _run_endpoints_inline()
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp, W.pg_database() as (url, engine):
        folder = Path(tmp)
        template = W.laptop_template(folder)
        W.add_user(engine, "ana")
        rep = W.add_user(engine, "rep")
        W.load_book(url, rep, 4)
        app = create_app(url)
        counter = Counter()
        counter.watch(app.state.engine, "server")
        db, sync = _laptop(folder, template, app, "rep")
        counter.watch(db.engine, "laptop")
        requests: list[str] = []
        sync.client._http.event_hooks["request"].append(
            lambda r: requests.append(r.url.path) if counter.on else None
        )
        sync.sync()  # the first sync, not measured
        for round_ in range(3):  # warm, then the measured one
            _edit(db, CHANGES)
            counter.statements, requests[:] = {}, []
            counter.on = True
            profile = cProfile.Profile() if round_ == 2 else None
            started = time.perf_counter()
            if profile:
                profile.enable()
            report = sync.sync()
            if profile:
                profile.disable()
            seconds = time.perf_counter() - started
            counter.on = False
        assert report.pushed == CHANGES, report
        figures |= {
            "small_sync_s_profiled": round(seconds, 3),
            "small_sync_requests": list(requests),
            "small_sync_statements": dict(counter.statements),
        }
        counter.statements, requests[:], counter.texts = {}, [], []
        counter.on = True
        started = time.perf_counter()
        sync.sync()
        figures["noop_sync_ms"] = round((time.perf_counter() - started) * 1000, 1)
        counter.on = False
        figures["noop_requests"] = list(requests)
        figures["noop_statements"] = dict(counter.statements)
        if os.environ.get("CRM_BENCH_PROFILE_SQL"):
            print("\n".join(counter.texts))
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out)  # type: ignore[arg-type]
        stats.sort_stats("tottime").print_stats(35)
        stats.sort_stats("cumulative").print_stats(60)
        print(out.getvalue())
        if os.environ.get("CRM_BENCH_PROFILE_OUT"):
            stats.dump_stats(os.environ["CRM_BENCH_PROFILE_OUT"])
        db.engine.dispose()
        app.state.engine.dispose()
    return figures
