"""Raw HTTP helpers for the content API tests (an attacker's or a plain client's view)."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

import httpx

from tests.sync.raw import RawRep


def attach(
    rep: RawRep,
    account_id: str,
    data: bytes,
    name: str = "foto.jpg",
    parent: tuple[str, str] | None = None,
) -> str:
    """Push an attachments row for `data` on the account (or a row of it); its sha256."""
    sha = hashlib.sha256(data).hexdigest()
    row_id = str(uuid.uuid4())
    parent_table, parent_id = parent or ("accounts", account_id)
    fields = {
        "id": row_id,
        "account_id": account_id,
        "parent_table": parent_table,
        "parent_id": parent_id,
        "name": name,
        "mime": "image/jpeg",
        "size": len(data),
        "sha256": sha,
        "created_by": rep.user_id,
    }
    [result] = rep.push(rep.op("attachments", row_id, "insert", fields))
    assert result["status"] == "applied", result
    return sha


def put(rep: RawRep, sha: str, offset: int, size: int, chunk: bytes) -> httpx.Response:
    return httpx.put(
        f"{rep.server.base}/v1/content/{sha}",
        params={"offset": offset, "size": size},
        content=chunk,
        headers=rep.headers() | {"Content-Type": "application/octet-stream"},
        timeout=60,
    )


def status(rep: RawRep, sha: str) -> httpx.Response:
    return httpx.get(f"{rep.server.base}/v1/content/{sha}/status", headers=rep.headers())


def get(rep: RawRep, sha: str, **headers: str) -> httpx.Response:
    return httpx.get(
        f"{rep.server.base}/v1/content/{sha}", headers=rep.headers() | headers, timeout=60
    )


def upload(rep: RawRep, sha: str, data: bytes, chunk: int) -> list[dict[str, Any]]:
    answers = []
    for at in range(0, max(len(data), 1), chunk):
        answer = put(rep, sha, at, len(data), data[at : at + chunk])
        assert answer.status_code == 200, answer.text
        answers.append(answer.json())
    return answers
