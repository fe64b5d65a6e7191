"""Raw HTTP to a real server, bypassing every check of the laptop (an attacker's view)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import httpx

from crm_desktop.models.codec import to_json
from crm_desktop.sync import protocol as P
from tests.factories import account_values
from tests.sync.harness import PASSWORD, ServerProcess

VERSIONS = {P.PROTOCOL_HEADER: "1", P.SCHEMA_HEADER: "1"}


def login(server: ServerProcess, username: str, password: str = PASSWORD) -> dict[str, Any]:
    answer = httpx.post(
        f"{server.base}/v1/auth/login",
        json={"username": username, "password": password},
        headers=VERSIONS,
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


@dataclass
class RawRep:
    """A signed-in rep pushing hand-made ops with its own op_seq counter."""

    server: ServerProcess
    user_id: str
    token: str
    client_id: str
    seq: int = 0

    @classmethod
    def sign_in(cls, server: ServerProcess, username: str) -> RawRep:
        tokens = login(server, username)
        return cls(
            server, tokens["user"]["id"], tokens["access_token"], f"raw-{uuid.uuid4().hex[:12]}"
        )

    def headers(self) -> dict[str, str]:
        return VERSIONS | {"Authorization": f"Bearer {self.token}"}

    def op(
        self, table: str, row_id: str, kind: str, fields: dict[str, Any], base: int = 0
    ) -> dict[str, Any]:
        self.seq += 1
        return {"op_seq": self.seq, "table": table, "row_id": row_id, "op": kind,
                "fields": fields, "base_version": base}  # fmt: skip

    def push(self, *ops: dict[str, Any]) -> list[dict[str, Any]]:
        answer = self.post("/v1/sync/push", self.body(list(ops)))
        assert answer.status_code == 200, answer.text
        results: list[dict[str, Any]] = answer.json()["results"]
        return results

    def body(self, ops: list[dict[str, Any]]) -> dict[str, Any]:
        return {"protocol": 1, "schema_version": 1, "client_id": self.client_id, "ops": ops}

    def post(self, path: str, body: Any, **kw: Any) -> httpx.Response:
        headers = self.headers() | kw.pop("headers", {})
        return httpx.post(f"{self.server.base}{path}", json=body, headers=headers, timeout=60, **kw)

    def new_account(self) -> str:
        acc = str(uuid.uuid4())
        fields = {k: to_json(v) for k, v in account_values(owner_id=self.user_id).items()}
        [result] = self.push(self.op("accounts", acc, "insert", fields | {"id": acc}))
        assert result["status"] == "applied", result
        return acc
