"""Server memory (peak RSS) through every bad input of issue 10, on SQLite.

Each input is sent to a real `crm-server run`; the JSON line gives each answer's status and the
process's peak resident memory (VmHWM) after it. Target: the peak stays under 300 MB.
"""

from __future__ import annotations

import argparse
import json
import uuid
from typing import Any

import httpx

from bench import _server as S

TARGET = "peak RSS < 300 MB through every bad input"
MIB = 1 << 20


def run(args: argparse.Namespace) -> dict[str, Any]:
    steps: dict[str, Any] = {}
    with S.sqlite_server() as srv:
        steps["idle"] = {"peak_mb": round(srv.peak_rss_mb(), 1)}
        rep = S.add_rep(srv.url, "ana")
        token = S.login(srv.base, "ana")["access_token"]
        authed = S.VERSIONS | {
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
        }

        def note(name: str, status: int) -> None:
            steps[name] = {"status": status, "peak_mb": round(srv.peak_rss_mb(), 1)}

        note("100MB_no_token_login", S.raw_post(srv.base, "/v1/auth/login", 100 * MIB))
        note("100MB_no_token_push", S.raw_post(srv.base, "/v1/sync/push", 100 * MIB))
        bearer = f"Authorization: Bearer {token}\r\n"
        note("100MB_with_token_push", S.raw_post(srv.base, "/v1/sync/push", 100 * MIB, bearer))
        bomb = S.gzip_bomb(1 << 30)
        gz = {"Content-Encoding": "gzip"}
        for path, headers in (("/v1/auth/login", S.VERSIONS), ("/v1/sync/push", authed)):
            answer = httpx.post(
                f"{srv.base}{path}", content=bomb, headers=headers | gz, timeout=120
            )
            note(f"gzip_1GiB{path.replace('/', '_')}", answer.status_code)
        note("many_unknown_fields", _push(srv.base, authed, _unknown_fields(1_300_000)))
        note("490k_unknown_fields", _push(srv.base, authed, _unknown_fields(490_000)))
        empties = b'{"ops":[' + b",".join([b"[]"] * 5_000_000) + b"]}"
        note("5M_empty_arrays", _push(srv.base, authed, empties))
        deep = b"[" * 100_000 + b"]" * 100_000
        note("nested_100k_deep", _push(srv.base, authed, deep))
        note("big_valid_push", _push(srv.base, authed, _big_push(rep)))
        note("2000_ops_x_30KB", _push(srv.base, authed, _many_big_ops(rep)))
        steps["end"] = {"rss_mb": round(srv.rss_mb(), 1), "peak_mb": round(srv.peak_rss_mb(), 1)}
    return {"steps": steps, "peak_rss_mb": max(s["peak_mb"] for s in steps.values())}


def _push(base: str, headers: dict[str, str], body: bytes) -> int:
    return httpx.post(
        f"{base}/v1/sync/push", content=body, headers=headers, timeout=300
    ).status_code


def _body(ops: list[dict[str, Any]]) -> bytes:
    body = {"protocol": 1, "schema_version": 1, "client_id": "bench-rss", "ops": ops}
    return json.dumps(body).encode()


def _unknown_fields(count: int) -> bytes:
    """One op with `count` tiny unknown fields (1.3 million: a body just under 16 MiB)."""
    fields = ",".join(f'"f{i}":1' for i in range(count))
    op = '{"op_seq":1,"table":"contacts","row_id":"x","op":"insert","base_version":0,"fields":{'
    body = '{"protocol":1,"schema_version":1,"client_id":"bench-rss","ops":[' + op + fields + "}}]}"
    return body.encode()


def _big_push(rep: str) -> bytes:
    """500 accounts, each with 20,000 characters of notes (~10 MB): accepted."""
    ops = []
    for i in range(500):
        row = str(uuid.uuid4())
        fields = S.account_fields(rep, row) | {"notes": "n" * 20_000}
        ops.append({"op_seq": 10 + i, "table": "accounts", "row_id": row, "op": "insert",
                    "fields": fields, "base_version": 0})  # fmt: skip
    return _body(ops)


def _many_big_ops(rep: str) -> bytes:
    """2,000 ops of 30 KB (60 MB): past the body limit."""
    ops = [
        {"op_seq": 1000 + i, "table": "accounts", "row_id": str(uuid.uuid4()), "op": "insert",
         "fields": S.account_fields(rep, "x") | {"notes": "n" * 30_000}, "base_version": 0}
        for i in range(2000)
    ]  # fmt: skip
    return _body(ops)
