"""Attachment content on loopback against a real `crm-server run` (SQLite, folder storage).

- upload_mb_s / download_mb_s: a 20 MB file sent in 4 MiB chunks (PUT /v1/content/{sha}) and
  read back whole (GET), goal >= 50 MB/s each;
- metadata_1000_s: what 1,000 attachments' rows add to a sync: pushing them (two pushes of
  500 ops) plus the extra time of a manager's pull of the whole scope with them, over the same
  pull without them (goal < 1 s); beside it, the same push of 1,000 contacts in the same run.

Each figure is taken ROUNDS times for each of uvicorn's HTTP parsers and loops (`crm-server run
--http --loop`: h11 on asyncio, as before; httptools on asyncio; httptools on uvloop, the
default now), interleaved, a fresh server each time; the medians and ranges are printed.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

from bench import _server as S
from crm_server import admin
from crm_server.db.engine import make_engine

TARGET = "upload and download of 20 MB >= 50 MB/s each; 1,000 attachments' metadata < 1 s"
SIZE = 20 * 1000 * 1000
CHUNK = 4 * 1024 * 1024
ROWS = 1000
ROUNDS = 3
CONFIGS = (("h11", "asyncio"), ("httptools", "asyncio"), ("httptools", "uvloop"))


def run(args: argparse.Namespace) -> dict[str, Any]:
    taken: dict[str, list[dict[str, Any]]] = {f"{h}+{loop}": [] for h, loop in CONFIGS}
    for _ in range(ROUNDS):
        for http, loop in CONFIGS:
            taken[f"{http}+{loop}"].append(_one(http, loop))
    summary: dict[str, Any] = {}
    for name, runs in taken.items():
        summary[name] = {
            key: _spread([r[key] for r in runs])
            for key in ("upload_mb_s", "download_mb_s", "metadata_1000_push_s",
                        "same_push_of_1000_contacts_s", "metadata_1000_pull_extra_s",
                        "metadata_1000_s")
        }  # fmt: skip
    summary["pulled_rows_before_after"] = runs[-1]["pulled_rows_before_after"]
    summary["loadavg"] = Path("/proc/loadavg").read_text().split()[:3]
    return summary


def _spread(values: list[float]) -> str:
    ordered = sorted(values)
    return f"median {ordered[len(ordered) // 2]} ({ordered[0]}-{ordered[-1]})"


def _one(http_parser: str, loop: str) -> dict[str, Any]:
    with S.sqlite_server(None, "--http", http_parser, "--loop", loop) as srv:
        rep = S.add_rep(srv.url, "ana")
        with make_engine(srv.url).begin() as conn:
            admin.add_user(conn, "boss", S.PASSWORD, "manager", "Boss")
        http = httpx.Client(base_url=srv.base, timeout=120)
        ana = S.VERSIONS | {"Authorization": f"Bearer {S.login(srv.base, 'ana')['access_token']}"}
        boss = S.VERSIONS | {"Authorization": f"Bearer {S.login(srv.base, 'boss')['access_token']}"}
        account = str(uuid.uuid4())
        from crm_desktop.models.codec import to_json
        from tests.factories import account_values

        fields = {k: to_json(v) for k, v in account_values(owner_id=rep).items()}
        _push(http, ana, [("accounts", account, fields)])
        data = os.urandom(SIZE)
        sha = hashlib.sha256(data).hexdigest()
        _push(http, ana, [("attachments", str(uuid.uuid4()), _row(rep, account, sha, SIZE))])

        started = time.perf_counter()
        for at in range(0, SIZE, CHUNK):
            answer = http.put(
                f"/v1/content/{sha}",
                params={"offset": at, "size": SIZE},
                content=data[at : at + CHUNK],
                headers=ana | {"Content-Type": "application/octet-stream"},
            )
            answer.raise_for_status()
        upload_s = time.perf_counter() - started
        assert answer.json()["complete"], answer.text

        started = time.perf_counter()
        got = http.get(f"/v1/content/{sha}", headers=ana)
        download_s = time.perf_counter() - started
        assert got.status_code == 200 and hashlib.sha256(got.content).hexdigest() == sha

        pull_before, rows_before = _pull_all(http, boss)
        rows = [
            ("attachments", str(uuid.uuid4()), _row(rep, account, os.urandom(32).hex(), 12_345))
            for _ in range(ROWS)
        ]
        started = time.perf_counter()
        _push(http, ana, rows[: ROWS // 2])
        _push(http, ana, rows[ROWS // 2 :])
        push_s = time.perf_counter() - started
        pull_after, rows_after = _pull_all(http, boss)
        contacts = [
            ("contacts", str(uuid.uuid4()), {"account_id": account, "first_name": "Marta"})
            for _ in range(ROWS)
        ]
        started = time.perf_counter()
        _push(http, ana, contacts[: ROWS // 2])
        _push(http, ana, contacts[ROWS // 2 :])
        contacts_s = time.perf_counter() - started
        http.close()
    mb = SIZE / 1e6
    return {
        "upload_mb_s": round(mb / upload_s, 1),
        "download_mb_s": round(mb / download_s, 1),
        "metadata_1000_push_s": round(push_s, 3),
        "same_push_of_1000_contacts_s": round(contacts_s, 3),
        "metadata_1000_pull_extra_s": round(pull_after - pull_before, 3),
        "pulled_rows_before_after": [rows_before, rows_after],
        "metadata_1000_s": round(push_s + pull_after - pull_before, 3),
        "loadavg": open("/proc/loadavg").read().split()[:3],
    }


def _row(rep: str, account: str, sha: str, size: int) -> dict[str, Any]:
    return {"account_id": account, "parent_table": "accounts", "parent_id": account,
            "name": "foto.jpg", "mime": "image/jpeg", "size": size, "sha256": sha,
            "created_by": rep}  # fmt: skip


def _push(http: httpx.Client, headers: dict[str, str], rows: list[tuple[str, str, Any]]) -> None:
    ops = [
        {"op_seq": _push.seq + i, "table": t, "row_id": r, "op": "insert",
         "fields": f | {"id": r}, "base_version": 0}
        for i, (t, r, f) in enumerate(rows, 1)
    ]  # fmt: skip
    _push.seq += len(rows)
    body = {"protocol": 1, "schema_version": 1, "client_id": "bench-content", "ops": ops}
    answer = http.post("/v1/sync/push", json=body, headers=headers)
    answer.raise_for_status()
    refused = [r for r in answer.json()["results"] if r["status"] != "applied"]
    assert not refused, refused[:1]


_push.seq = 0  # type: ignore[attr-defined]


def _pull_all(http: httpx.Client, headers: dict[str, str]) -> tuple[float, int]:
    """Seconds (best of 3) to pull a manager's whole change log from the start, and its rows."""
    times, rows = [], 0
    for _ in range(3):
        started = time.perf_counter()
        rows = _pull_once(http, headers)
        times.append(time.perf_counter() - started)
    return min(times), rows


def _pull_once(http: httpx.Client, headers: dict[str, str]) -> int:
    cursor, rows = None, 0
    while True:
        body = {"protocol": 1, "schema_version": 1, "client_id": "bench-boss", "cursor": cursor}
        page = http.post("/v1/sync/pull", json=body, headers=headers)
        page.raise_for_status()
        answer = page.json()
        cursor = answer.get("cursor")
        rows += len(answer["changes"])
        if not answer.get("has_more"):
            return rows
