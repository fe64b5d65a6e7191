"""The content API on S3-compatible storage: a real server talking to moto's S3 server on
loopback (SQLite only: the database side is test_content_api's).

What this does not prove: moto keeps objects in memory and checks no credentials' rights; it
does not reproduce real S3's throttling (503 SlowDown) or its consistency under concurrent
writers of one key, and this test publishes single-part uploads only (kept small for CI time:
parts of 8 MiB are the same calls repeated); it says nothing about latency or throughput to a
distant endpoint, about MinIO/Ceph/R2 quirks, or about bucket policies and encryption at rest.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from moto.server import ThreadedMotoServer

from tests.sync.content_helpers import attach, get, put, status, upload
from tests.sync.harness import ServerDb, ServerProcess, add_user, new_server_db, start_server
from tests.sync.raw import RawRep

BUCKET = "crm-content"


@pytest.fixture
def s3_url() -> Iterator[str]:
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto.start()
    host, port = moto.get_host_and_port()
    url = f"http://{host}:{port}"
    boto3.client(
        "s3", endpoint_url=url, aws_access_key_id="k", aws_secret_access_key="s",
        region_name="us-east-1",
    ).create_bucket(Bucket=BUCKET)  # fmt: skip
    yield url
    moto.stop()


@pytest.fixture
def s3_server(tmp_path: Path, s3_url: str) -> Iterator[tuple[ServerProcess, ServerDb]]:
    db = new_server_db("sqlite", tmp_path)
    env = {"CRM_SERVER_S3_URL": s3_url, "CRM_SERVER_S3_BUCKET": BUCKET,
           "CRM_SERVER_S3_KEY_ID": "k", "CRM_SERVER_S3_SECRET": "s"}  # fmt: skip
    proc = start_server(db.url, tmp_path, env=env)
    yield proc, db
    proc.stop()
    db.dispose()


def test_s3_storage_resumes_verifies_dedups_and_serves_ranges(
    s3_server: tuple[ServerProcess, ServerDb], s3_url: str, tmp_path: Path
) -> None:
    server, db = s3_server
    add_user(db, "ana")
    add_user(db, "beto")
    ana, beto = RawRep.sign_in(server, "ana"), RawRep.sign_in(server, "beto")
    k = 64 * 1024
    data = os.urandom(3 * k + 5)
    sha = attach(ana, ana.new_account(), data)
    assert put(ana, sha, 0, len(data), data[:k]).json()["received"] == k
    assert status(ana, sha).json() == {"size": len(data), "received": k, "complete": False}
    late = put(ana, sha, 10, len(data), data[10:k])
    assert late.status_code == 409 and late.json()["received"] == k
    for at in (k, 2 * k, 3 * k):
        answer = put(ana, sha, at, len(data), data[at : at + k])
    assert answer.json() == {"received": len(data), "complete": True}
    assert get(ana, sha).content == data
    assert get(ana, sha, Range="bytes=150000-").content == data[150000:]
    assert attach(beto, beto.new_account(), data) == sha  # dedup: beto finds it complete
    assert status(beto, sha).json()["complete"] is True

    other = os.urandom(1000)
    bad = attach(ana, ana.new_account(), other)
    put(ana, bad, 0, 1000, other[:500])
    assert put(ana, bad, 500, 1000, bytes(500)).status_code == 422
    s3 = boto3.client(
        "s3", endpoint_url=s3_url, aws_access_key_id="k", aws_secret_access_key="s",
        region_name="us-east-1",
    )  # fmt: skip
    keys = [item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    assert keys == [f"objects/{sha}"]  # the mismatch and the finished upload's chunks are gone
    assert not (tmp_path / "content" / "objects").exists() or not any(
        (tmp_path / "content" / "objects").iterdir()
    )
    upload(ana, bad, other, 600)  # the right bytes after the refusal
    assert get(ana, bad).content == other
