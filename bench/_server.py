"""A real `crm-server run --fd N` process for the server benches, with its pid (for RSS)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from crm_desktop.models.codec import to_json
from crm_server import admin
from crm_server.db.engine import make_engine, upgrade

PASSWORD = "bench-pass-1"
VERSIONS = {"X-CRM-Protocol": "1", "X-CRM-Schema": "1"}


@dataclass
class Running:
    base: str
    pid: int
    url: str

    def peak_rss_mb(self) -> float:
        return _status_kb(self.pid, "VmHWM:") / 1024

    def rss_mb(self) -> float:
        return _status_kb(self.pid, "VmRSS:") / 1024


def _status_kb(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key):
            return int(line.split()[1])
    return 0


@contextmanager
def sqlite_server(folder: Path | None = None, *extra: str) -> Iterator[Running]:
    """A fresh SQLite server database and `crm-server run --fd N` on it."""
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(folder or tmp) / f'server-{uuid.uuid4().hex[:6]}.db'}"
        upgrade(make_engine(url))
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        sock.listen(1024)
        cmd = [sys.executable, "-m", "crm_server", "--database-url", url, "run",
               "--fd", str(sock.fileno()), *extra]  # fmt: skip
        proc = subprocess.Popen(
            cmd, env=dict(os.environ), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            pass_fds=(sock.fileno(),),
        )  # fmt: skip
        base = f"http://127.0.0.1:{sock.getsockname()[1]}"
        sock.close()
        try:
            _wait_up(base)
            yield Running(base, proc.pid, url)
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def _wait_up(base: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/v1/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start")


def add_rep(url: str, username: str) -> str:
    with make_engine(url).begin() as conn:
        return admin.add_user(conn, username, PASSWORD, "rep", username)


def login(base: str, username: str) -> dict[str, Any]:
    answer = httpx.post(
        f"{base}/v1/auth/login",
        json={"username": username, "password": PASSWORD},
        headers=VERSIONS,
        timeout=60,
    )
    answer.raise_for_status()
    body: dict[str, Any] = answer.json()
    return body


def account_fields(owner: str, row_id: str) -> dict[str, Any]:
    values = {
        "id": row_id, "kind": "natural_person", "roles": "customer", "legal_name": "Cliente",
        "owner_id": owner, "country": "CO", "lifecycle_phase": "acquisition",
    }  # fmt: skip
    return {k: to_json(v) for k, v in values.items()}


def gzip_bomb(inflated: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1 << 20)
    return b"".join([*(packer.compress(block) for _ in range(inflated >> 20)), packer.flush()])


def raw_post(base: str, path: str, total: int, extra: str = "") -> int:
    """POST `total` bytes chunked on a raw socket until the server answers; its status."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=60) as sock:
        sock.sendall(
            f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"X-CRM-Protocol: 1\r\nX-CRM-Schema: 1\r\n{extra}Transfer-Encoding: chunked\r\n\r\n"
            .encode()
        )  # fmt: skip
        chunk = b"[" + b"1," * 32_000 + b"1]"
        sent = 0
        try:
            while sent < total:
                sock.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                sent += len(chunk)
        except OSError:
            pass
        answer = b""
        while b"\r\n" not in answer:
            data = sock.recv(4096)
            if not data:
                break
            answer += data
    return int(answer.split(b" ")[1]) if answer else 0
