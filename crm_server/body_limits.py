"""ASGI middleware: bound every request body while it is read, before any other work.

The declared length is checked before a byte is read; the stream is counted as it arrives; gzip
(Content-Encoding: gzip) is inflated in bounded chunks with a size and a ratio cap. Only the sync
endpoints, with an access token whose signature holds, may send big bodies: a request with no
token, or a forged one, is answered before its body is read.
"""

from __future__ import annotations

import json
import zlib
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from crm_desktop.clock import SYSTEM, timestamp
from crm_server import limits as L
from crm_server.auth import AuthError, read_access_token


class _Refused(Exception):
    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers or {}
        self.unread = True  # some of the body is still to be received
        self.drainable = True  # small enough to read on and drop
        self.drain_up_to = L.MAX_DRAIN  # bytes of the rest read on and dropped, at most


def _too_big(limit: int, what: str = "The request body") -> _Refused:
    return _Refused(
        413,
        "body_too_large",
        f"{what} is larger than the server accepts here ({limit:,} bytes at most).",
    )


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            body, headers = await self._read(scope, receive)
        except _Refused as refused:
            # Read (and drop) a modest rest of the body so an ordinary client gets the answer
            # instead of a reset connection (closing with unread bytes makes the kernel send a
            # reset, which can discard the answer before the client reads it); past
            # drain_up_to the connection is closed.
            complete = not refused.unread
            if refused.unread and refused.drainable:
                complete = await _drain(receive, refused.drain_up_to)
            await _answer(send, refused, keep_alive=complete)
            return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(dict(scope, headers=headers), replay, send)

    async def _read(self, scope: Scope, receive: Receive) -> tuple[bytes, list[Any]]:
        headers: list[tuple[bytes, bytes]] = list(scope.get("headers") or [])
        found = {k.lower(): v for k, v in headers}
        limit = self._limit(scope, found)
        declared = found.get(b"content-length", b"").strip()
        if declared and (not declared.isdigit() or len(declared) > 18):
            raise _Refused(400, "bad_length", "The Content-Length header is not a number.")
        if declared and int(declared) > limit:
            refused = _too_big(limit)
            refused.drain_up_to = _drain_limit(limit)
            refused.drainable = int(declared) <= refused.drain_up_to  # else just close
            raise refused
        encoding = found.get(b"content-encoding", b"identity").strip().lower()
        if encoding not in (b"identity", b"gzip", b""):
            raise _Refused(
                415,
                "unsupported_encoding",
                "The request body's Content-Encoding must be gzip or none.",
            )
        body = await _receive_all(receive, limit, inflate=encoding == b"gzip")
        kept = [
            (k, v) for k, v in headers if k.lower() not in (b"content-encoding", b"content-length")
        ]
        kept.append((b"content-length", str(len(body)).encode()))
        return body, kept

    def _limit(self, scope: Scope, headers: dict[bytes, bytes]) -> int:
        """The big limit only for the sync endpoints with a signed token; else answer now (401)."""
        path, method = str(scope.get("path")), scope.get("method")
        if path in L.BIG_BODY_PATHS and method == "POST":
            big = L.MAX_BODY
        elif path.startswith(L.CONTENT_PREFIX) and method == "PUT":
            big = L.MAX_CHUNK
        else:
            return L.MAX_SMALL_BODY
        raw = headers.get(b"authorization", b"")
        scheme, _, token = raw.decode("latin-1").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise _Refused(
                401,
                "no_token",
                "Log in first: this request has no access token.",
                {"WWW-Authenticate": "Bearer"},
            )
        app = scope.get("app")
        key = getattr(getattr(app, "state", None), "token_key", None)
        if not isinstance(key, bytes):
            return L.MAX_SMALL_BODY
        try:
            read_access_token(key, token.strip(), _now(app))
        except AuthError as error:
            raise _Refused(
                error.status, error.code, error.message, {"WWW-Authenticate": "Bearer"}
            ) from error
        return big


def _now(app: Any) -> float:
    clock = getattr(getattr(app, "state", None), "clock", None)
    return timestamp(clock if clock is not None else SYSTEM)


def _drain_limit(limit: int) -> int:
    """A body a little over its limit (a client with another chunk size, a push a few rows too
    big) is read on and dropped so its sender gets the answer; the big limits are only open to
    a signed token, so this is never work done for a stranger."""
    return limit + L.MAX_DRAIN


async def _drain(receive: Receive, up_to: int) -> bool:
    """Receive and drop the rest of a refused body, up to `up_to` bytes; True if it all came."""
    dropped = 0
    while dropped <= up_to:
        message = await receive()
        if message["type"] != "http.request":
            return False
        dropped += len(message.get("body", b""))
        if not message.get("more_body", False):
            return True
    return False


async def _receive_all(receive: Receive, limit: int, inflate: bool) -> bytes:
    out = bytearray()
    raw = 0
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS) if inflate else None
    more = True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            gone = _Refused(400, "disconnected", "The client went away.")
            gone.unread = False
            raise gone
        chunk: bytes = message.get("body", b"")
        more = bool(message.get("more_body", False))
        raw += len(chunk)
        if raw > limit:
            refused = _too_big(limit)
            refused.unread = more
            refused.drain_up_to = _drain_limit(limit)
            raise refused
        if inflater is None:
            out += chunk
        else:
            try:
                _inflate(inflater, chunk, out, raw, limit)
            except _Refused as stopped:
                stopped.unread = more
                raise
    if inflater is not None and (not inflater.eof or inflater.unused_data.strip()):
        damaged = _bad_gzip()
        damaged.unread = False
        raise damaged
    return bytes(out)


def _inflate(inflater: Any, chunk: bytes, out: bytearray, raw: int, limit: int) -> None:
    """Inflate one received chunk INFLATE_CHUNK bytes at a time, checking size and ratio."""
    if inflater.eof and chunk.strip():
        raise _bad_gzip()  # bytes after the end of the gzip stream
    data = chunk
    try:
        while data and not inflater.eof:
            out += inflater.decompress(data, L.INFLATE_CHUNK)
            data = inflater.unconsumed_tail
            if len(out) > limit:
                raise _too_big(limit, "The request body, once inflated,")
            if len(out) > L.MIB and len(out) > L.MAX_GZIP_RATIO * max(raw, 1):
                raise _Refused(
                    413,
                    "body_too_compressed",
                    f"The request body inflates more than {L.MAX_GZIP_RATIO} times: refused.",
                )
    except zlib.error as error:
        raise _bad_gzip() from error


def _bad_gzip() -> _Refused:
    return _Refused(400, "bad_gzip", "The request body is not valid gzip.")


async def _answer(send: Send, refused: _Refused, keep_alive: bool) -> None:
    body = json.dumps({"code": refused.code, "message": refused.message, "details": {}}).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    if not keep_alive:
        headers.append((b"connection", b"close"))  # the rest of the body stays unread
    headers += [(k.lower().encode(), v.encode()) for k, v in refused.headers.items()]
    await send({"type": "http.response.start", "status": refused.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
