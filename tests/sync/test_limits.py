"""Limits before work: sizes, gzip, integers, Unicode and headers; never a 5xx (raw HTTP)."""

from __future__ import annotations

import socket
import zlib
from pathlib import Path

import httpx
import pytest

from crm_server import limits as L
from tests.sync.harness import ServerDb, ServerProcess, add_user
from tests.sync.raw import VERSIONS, RawRep

MAX_RSS_KB = 300 * 1024


def peak_rss_kb(server: ServerProcess) -> int:
    """The server process's peak resident memory (VmHWM), in KiB."""
    for line in Path(f"/proc/{server.proc.pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM")


def raw_post(
    server: ServerProcess, path: str, total: int, headers: str = "", declared: int | None = None
) -> int:
    """POST `total` bytes (chunked, or with a declared Content-Length) until the server
    answers; its status. Raw socket: no client library refuses to send this."""
    framing = f"Content-Length: {declared}" if declared else "Transfer-Encoding: chunked"
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        head = (
            f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"X-CRM-Protocol: 1\r\nX-CRM-Schema: 1\r\n{headers}{framing}\r\n\r\n"
        )
        sock.sendall(head.encode())
        chunk = b"[" + b"1," * 32_000 + b"1]"
        sent = 0
        try:
            while sent < total:
                frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
                sock.sendall(chunk if declared else frame)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed: read its answer
        answer = b""
        while b"\r\n" not in answer:
            data = sock.recv(4096)
            if not data:
                break
            answer += data
    return int(answer.split(b" ")[1])


def gzip_bomb(inflated: int) -> bytes:
    """A gzip body of zeros that inflates to `inflated` bytes (made in chunks)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1 << 20)
    parts = [packer.compress(block) for _ in range(inflated >> 20)]
    return b"".join([*parts, packer.flush()])


@pytest.mark.parametrize("server_db", ["sqlite"], indirect=True)
def test_big_bodies_are_refused_before_authentication_and_memory_stays_low(
    server: ServerProcess, server_db: ServerDb
) -> None:
    # 100 MB with no token: refused on its declared length, or once the small limit is passed.
    assert raw_post(server, "/v1/auth/login", 100 * L.MIB, declared=100 * L.MIB) == 413
    assert raw_post(server, "/v1/auth/login", 100 * L.MIB) == 413
    assert raw_post(server, "/v1/sync/push", 100 * L.MIB) == 401  # no token: not read at all
    forged = "Authorization: Bearer abc.def\r\n"
    assert raw_post(server, "/v1/sync/push", 100 * L.MIB, forged) == 401
    bomb = gzip_bomb(1 << 30)  # about 1 MiB that inflates to 1 GiB
    assert len(bomb) < 2 * L.MIB
    gz = VERSIONS | {"Content-Encoding": "gzip", "Content-Type": "application/json"}
    login = httpx.post(f"{server.base}/v1/auth/login", content=bomb, headers=gz, timeout=60)
    assert login.status_code == 413 and login.json()["message"]
    add_user(server_db, "ana")
    rep = RawRep.sign_in(server, "ana")
    pushed = httpx.post(
        f"{server.base}/v1/sync/push",
        content=bomb,
        headers=gz | {"Authorization": f"Bearer {rep.token}"},
        timeout=60,
    )
    assert pushed.status_code == 413 and "inflate" in pushed.json()["message"]
    tiny_keys = ",".join(f'"f{i}":1' for i in range(1_300_000))  # ~15 MiB of unknown fields
    op = '{"op_seq":1,"table":"contacts","row_id":"x","op":"insert","base_version":0,"fields":{'
    body = '{"protocol":1,"schema_version":1,"client_id":"c","ops":[' + op + tiny_keys + "}}]}"
    many = httpx.post(
        f"{server.base}/v1/sync/push",
        content=body.encode(),
        headers=VERSIONS
        | {"Authorization": f"Bearer {rep.token}", "Content-Type": "application/json"},
        timeout=60,
    )
    assert many.status_code == 413 and "JSON values" in many.json()["message"]
    assert peak_rss_kb(server) < MAX_RSS_KB
    brotli = httpx.post(
        f"{server.base}/v1/auth/login",
        content=b"{}",
        headers=VERSIONS | {"Content-Encoding": "br"},
        timeout=10,
    )
    assert brotli.status_code == 415


def test_integers_beyond_64_bits_are_422(server: ServerProcess, server_db: ServerDb) -> None:
    add_user(server_db, "ana")
    rep = RawRep.sign_in(server, "ana")
    pull = {"protocol": 1, "schema_version": 1, "client_id": "c-1"}
    for cursor in ({"txid": 2**70, "seq": 0}, {"txid": 0, "seq": 2**63}):
        answer = rep.post("/v1/sync/pull", pull | {"cursor": cursor})
        assert answer.status_code == 422, answer.text
    op = rep.op("contacts", "x-1", "insert", {"first_name": "A"}) | {"op_seq": 2**70}
    assert rep.post("/v1/sync/push", rep.body([op])).status_code == 422
    big_field = rep.op("contacts", "x-1", "insert", {"first_name": 2**64})
    assert rep.post("/v1/sync/push", rep.body([big_field])).status_code == 422
    fine = rep.post("/v1/sync/pull", pull | {"cursor": {"txid": 2**63 - 1, "seq": 2**63 - 1}})
    assert fine.status_code == 200


@pytest.mark.parametrize("server_db", ["sqlite"], indirect=True)
def test_text_that_is_not_unicode_or_too_long_is_422(
    server: ServerProcess, server_db: ServerDb
) -> None:
    raw = b'{"username": "\\ud800", "password": "whatever-1"}'
    answer = httpx.post(
        f"{server.base}/v1/auth/login",
        content=raw,
        headers=VERSIONS | {"Content-Type": "application/json"},
        timeout=10,
    )
    assert answer.status_code == 422 and answer.json()["code"] == "invalid_request"
    pair = b'{"username": "\\ud83d\\ude00", "password": "whatever-1"}'  # a real emoji
    json_type = VERSIONS | {"Content-Type": "application/json"}
    ok = httpx.post(f"{server.base}/v1/auth/login", content=pair, headers=json_type, timeout=30)
    assert ok.status_code == 401, ok.text
    add_user(server_db, "ana")
    rep = RawRep.sign_in(server, "ana")
    body = rep.body([rep.op("contacts", "x-1", "insert", {"notes": "PLACEHOLDER"})])
    content = httpx.Request("POST", "/", json=body).content.replace(b"PLACEHOLDER", b"\\udfff")
    surrogate = httpx.post(
        f"{server.base}/v1/sync/push",
        content=content,
        headers=rep.headers() | {"Content-Type": "application/json"},
        timeout=10,
    )
    assert surrogate.status_code == 422
    long = rep.body([rep.op("contacts", "x-2", "insert", {"notes": "n" * (L.MAX_TEXT + 1)})])
    assert rep.post("/v1/sync/push", long).status_code == 422
    many = rep.body([rep.op("contacts", "x-3", "insert", {f"f{i}": 1 for i in range(1000)})])
    assert rep.post("/v1/sync/push", many).status_code == 422


def test_text_holding_nul_is_422_not_a_database_error(
    server: ServerProcess, server_db: ServerDb
) -> None:
    nul_login = httpx.post(
        f"{server.base}/v1/auth/login",
        json={"username": "a\x00b", "password": "whatever-1"},
        headers=VERSIONS,
        timeout=30,
    )
    assert nul_login.status_code == 422
    add_user(server_db, "ana")
    rep = RawRep.sign_in(server, "ana")
    row = rep.body([rep.op("contacts", "a\x00b", "insert", {"first_name": "x"})])
    assert rep.post("/v1/sync/push", row).status_code == 422
    value = rep.body([rep.op("quotes", "q-1", "insert", {"number": "N\x001"})])
    assert rep.post("/v1/sync/push", value).status_code == 422
    deep = b"[" * 50_000 + b'"\\ud800"' + b"]" * 50_000
    answer = httpx.post(
        f"{server.base}/v1/sync/pull",
        content=deep,
        headers=rep.headers() | {"Content-Type": "application/json"},
        timeout=30,
    )
    assert answer.status_code in (400, 422)


@pytest.mark.parametrize("server_db", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    "value",
    [
        b"Bearer abc.\xc3\xa9\xff",
        b"Bearer \xff\xfe",
        b"Bearer \xc3\xa9.sig",
        b"Basic YWxh",
        b"Bearer",
    ],
)
def test_a_malformed_authorization_header_is_401(server: ServerProcess, value: bytes) -> None:
    answer = httpx.post(
        f"{server.base}/v1/sync/pull",
        json={"protocol": 1, "schema_version": 1, "client_id": "c-1"},
        headers={**VERSIONS, "Authorization": value},  # type: ignore[dict-item]
        timeout=10,
    )
    assert answer.status_code == 401 and answer.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("server_db", ["sqlite"], indirect=True)
def test_405_keeps_allow_and_every_error_is_in_the_openapi(server: ServerProcess) -> None:
    answer = httpx.get(f"{server.base}/v1/sync/push", headers=VERSIONS, timeout=10)
    assert answer.status_code == 405 and answer.headers["Allow"] == "POST"
    doc = httpx.get(f"{server.base}/openapi.json", timeout=10).json()
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            documented = set(operation["responses"])
            expected = {"400", "401", "403", "409", "413", "415", "422", "429", "503"}
            assert expected <= documented, (path, method, expected - documented)
    assert str(L.MAX_BODY) in doc["info"]["description"].replace(",", "")
