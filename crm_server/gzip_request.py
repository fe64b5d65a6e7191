"""ASGI middleware: accept gzip-compressed request bodies (Content-Encoding: gzip)."""

from __future__ import annotations

import gzip
import zlib
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY = 64 * 1024 * 1024


class GzipRequestMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers") or [])
        if scope["type"] != "http" or headers.get(b"content-encoding") != b"gzip":
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        more = True
        while more:
            message = await receive()
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        try:
            body = gzip.decompress(b"".join(chunks))
        except (OSError, EOFError, zlib.error):
            await _bad_request(send)
            return
        if len(body) > MAX_BODY:
            await _bad_request(send)
            return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        new_headers = [
            (k, v) for k, v in scope["headers"] if k not in (b"content-encoding", b"content-length")
        ]
        new_headers.append((b"content-length", str(len(body)).encode()))
        await self.app(dict(scope, headers=new_headers), replay, send)


async def _bad_request(send: Send) -> None:
    body = b'{"code":"bad_gzip","message":"The request body is not valid gzip.","details":{}}'
    start: dict[str, Any] = {
        "type": "http.response.start",
        "status": 400,
        "headers": [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ],
    }
    await send(start)
    await send({"type": "http.response.body", "body": body})
