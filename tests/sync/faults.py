"""Network faults: a request that never leaves, or an answer lost once the server ran it."""

from __future__ import annotations

import random

import httpx


class FaultyTransport(httpx.BaseTransport):
    """Real HTTP, except where the plan (or the seeded dice) says otherwise."""

    def __init__(self, rng: random.Random | None = None, drop: float = 0.0, lose: float = 0.0):
        self.inner = httpx.HTTPTransport()
        self.rng, self.drop, self.lose = rng, drop, lose
        self.plan: list[str] = []  # "ok" | "drop" | "lose", consumed one per sync request
        self.lost = 0

    def _next(self, request: httpx.Request) -> str:
        if "/v1/sync/" not in request.url.path:
            return "ok"
        if self.plan:
            return self.plan.pop(0)
        if self.rng is None:
            return "ok"
        roll = self.rng.random()
        return "drop" if roll < self.drop else "lose" if roll < self.drop + self.lose else "ok"

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        action = self._next(request)
        if action == "drop":
            raise httpx.ConnectError("injected: request never left", request=request)
        response = self.inner.handle_request(request)
        if action == "lose":
            response.read()
            response.close()
            self.lost += 1
            raise httpx.ReadError(
                "injected: response lost after the server answered", request=request
            )
        return response

    def close(self) -> None:
        self.inner.close()
