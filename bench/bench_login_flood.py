"""A rep's push while 8 threads flood the login endpoint with random names (SQLite server).

The rep pushes 10 small changes at a time, again and again, first on a quiet server and then
while 8 threads send logins as fast as the server answers them: from one address (soon held
back by the per-address throttle), then from a new forwarded address each time (the server
trusting loopback as its proxy), so every login costs a full password check. Target: push p50
< 200 ms under the flood. The checks run outside any transaction, at most 2 at once.
"""

from __future__ import annotations

import argparse
import threading
import time
import uuid
from collections import Counter
from typing import Any

import httpx

from bench import _server as S
from bench._shared import percentile

TARGET = "push p50 < 200 ms with 8 threads flooding logins"
QUIET_S, FLOOD_S, FLOODERS = 5.0, 20.0, 8


def run(args: argparse.Namespace) -> dict[str, Any]:
    one = _scenario(rotate=False)
    rotating = _scenario(rotate=True)
    return {"one_address": one, "rotating_addresses": rotating}


def _scenario(rotate: bool) -> dict[str, Any]:
    extra = ("--forwarded-allow-ips", "127.0.0.1") if rotate else ()
    with S.sqlite_server(None, *extra) as srv:
        rep = S.add_rep(srv.url, "ana")
        pusher = _Pusher(srv.base, rep)
        quiet = pusher.for_seconds(QUIET_S)
        stop = threading.Event()
        answers: Counter[int] = Counter()
        flooders = [
            threading.Thread(target=_flood, args=(srv.base, stop, answers, rotate))
            for _ in range(FLOODERS)
        ]
        for t in flooders:
            t.start()
        time.sleep(1.0)  # let the flood build up before measuring
        flooded = pusher.for_seconds(FLOOD_S)
        stop.set()
        for t in flooders:
            t.join()
        peak = srv.peak_rss_mb()
    return {
        "quiet_push_ms": _figures(quiet),
        "flooded_push_ms": _figures(flooded),
        "logins_answered": dict(answers),
        "logins_per_s": round(sum(answers.values()) / (FLOOD_S + 1), 1),
        "server_peak_rss_mb": round(peak, 1),
    }


def _figures(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "n": len(ordered),
        "p50": round(percentile(ordered, 50), 1),
        "p95": round(percentile(ordered, 95), 1),
        "max": round(ordered[-1], 1),
    }


def _flood(base: str, stop: threading.Event, answers: Counter[int], rotate: bool) -> None:
    with httpx.Client(base_url=base, headers=S.VERSIONS, timeout=120) as client:
        while not stop.is_set():
            name = f"nobody{uuid.uuid4().hex[:12]}"
            raw = uuid.uuid4().bytes
            forwarded = {"X-Forwarded-For": f"10.{raw[0]}.{raw[1]}.{raw[2]}"} if rotate else {}
            answer = client.post(
                "/v1/auth/login",
                json={"username": name, "password": "x" * 12},
                headers=forwarded,
            )
            answers[answer.status_code] += 1


class _Pusher:
    def __init__(self, base: str, rep: str) -> None:
        tokens = S.login(base, "ana")
        self.client = httpx.Client(
            base_url=base,
            headers=S.VERSIONS | {"Authorization": f"Bearer {tokens['access_token']}"},
            timeout=120,
        )
        self.seq = 0
        self.account = str(uuid.uuid4())
        self._push([self._op("insert", S.account_fields(rep, self.account))])

    def _op(self, kind: str, fields: dict[str, Any], base: int = 0) -> dict[str, Any]:
        self.seq += 1
        return {"op_seq": self.seq, "table": "accounts", "row_id": self.account, "op": kind,
                "fields": fields, "base_version": base}  # fmt: skip

    def _push(self, ops: list[dict[str, Any]]) -> float:
        body = {"protocol": 1, "schema_version": 1, "client_id": "bench-flood", "ops": ops}
        started = time.perf_counter()
        answer = self.client.post("/v1/sync/push", json=body)
        answer.raise_for_status()
        return (time.perf_counter() - started) * 1000

    def for_seconds(self, seconds: float) -> list[float]:
        samples: list[float] = []
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            ops = [self._op("update", {"city": f"Ciudad {self.seq + i}"}, 10**9) for i in range(10)]
            samples.append(self._push(ops))
        return samples
