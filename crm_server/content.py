"""The content API of attachments: status, chunked resumable upload, ranged download, by hash.

A user may read or write content `{sha}` only if an `attachments` row with that sha256 lies in
their scope on the server, not deleted (a manager's scope is everything); otherwise 403, for an
unknown hash too, so no one learns which hashes exist. The laptop pushes the row, then uploads.
Sizes are bounded before any work: the body middleware refuses a chunk above MAX_CHUNK before
reading it, and the handler refuses a TOTAL above MAX_ATTACHMENT_BYTES or unlike the row's size.
"""

# No `from __future__ import annotations`: FastAPI reads the handlers' evaluated annotations.
import os
from collections.abc import Callable
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Header, Path, Query, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel
from sqlalchemy import Connection, func, insert, select
from starlette.concurrency import run_in_threadpool

from crm_desktop.clock import SYSTEM, timestamp
from crm_desktop.sync import protocol as P
from crm_server import auth
from crm_server import content_store as S
from crm_server import limits as L
from crm_server.db.schema import attachment_hashes as H
from crm_server.db.schema import content_uploads as U
from crm_server.db.schema import sync_rows

QUOTA_ENV = "CRM_SERVER_CONTENT_QUOTA_MB"
PURGE_AFTER_ERASE = 10_000  # files an erase's purge removes at once; content-purge does the rest

Sha = Annotated[str, Path(pattern="^[0-9a-f]{64}$", description="SHA-256, lowercase hex")]


class ContentStatus(BaseModel):
    size: int | None
    received: int
    complete: bool


class ContentReceived(BaseModel):
    received: int
    complete: bool


class ContentConflict(P.ErrorBody):
    received: int


def sizes_in_scope(conn: Connection, principal: auth.Principal, sha: str) -> set[int]:
    """The sizes the user's live attachment rows give content `sha` (empty: not theirs), found
    by the hash index (attachment_hashes), never by reading the rows' JSON."""
    query = (
        select(H.c.size)
        .select_from(H.join(sync_rows, sync_rows.c.row_id == H.c.row_id))
        .where(
            H.c.sha256 == sha,
            sync_rows.c.table_name == "attachments",
            sync_rows.c.deleted.is_(False),
        )
    )
    if not principal.sees_everything:
        query = query.where(sync_rows.c.owner == principal.user_id)
    return {int(size) for size in conn.scalars(query)}


def quota_bytes() -> int | None:
    """Each user's storage quota (CRM_SERVER_CONTENT_QUOTA_MB; 0 or unset: none)."""
    raw = os.environ.get(QUOTA_ENV, "").strip()
    megabytes = int(raw) if raw.isdigit() else 0
    return megabytes * L.MIB if megabytes > 0 else None


def used_bytes(conn: Connection, user_id: str) -> int:
    """The bytes of content whose upload this user completed (each content counts once, for
    whoever stored it first)."""
    query = select(func.coalesce(func.sum(U.c.size), 0)).where(U.c.user_id == user_id)
    return int(conn.scalar(query) or 0)


def record_stored(conn: Connection, sha: str, user_id: str, size: int, now: float) -> None:
    if conn.scalar(select(U.c.sha256).where(U.c.sha256 == sha)) is None:
        conn.execute(insert(U).values(sha256=sha, user_id=user_id, size=size, stored_at=now))


def purge(app: FastAPI, tx: Callable[[Callable[[Connection], Any]], Any]) -> int:
    """Delete from storage the content (and partial uploads) of deleted attachments that no
    live row names any more (deleting what is already gone is a no-op); found by the index."""
    from crm_server.content_purge import forget, unnamed

    store: S.ContentStore = app.state.content_store
    dead: list[str] = tx(lambda conn: unnamed(conn, PURGE_AFTER_ERASE))
    gone = 0
    for sha in dead:
        with S.lock_for(sha):
            if tx(partial(forget, sha=sha)):
                store.delete(sha)
                gone += 1
    return gone


def _error(status: int, code: str, message: str, **extra: Any) -> JSONResponse:
    body = P.ErrorBody(code=code, message=message, details={}).model_dump() | extra
    return JSONResponse(body, status_code=status)


FORBIDDEN = (
    403,
    "not_in_scope",
    "This content is not attached to any record you may see.",
)
_words: dict[int | str, dict[str, Any]] = {
    403: {"model": P.ErrorBody, "description": "No attachment of yours has this hash"},
}


def install(
    app: FastAPI,
    tx: Callable[[Callable[[Connection], Any]], Any],
    who_dep: Any,
    versions_dep: Any,
) -> None:
    store: S.ContentStore = S.from_env(app.state.engine)
    app.state.content_store = store
    api = APIRouter(dependencies=[versions_dep])

    def allowed(who: auth.Principal, sha: str) -> set[int]:
        return set(tx(lambda conn: sizes_in_scope(conn, who, sha)))

    @api.get("/v1/content/{sha}/status", response_model=ContentStatus, responses=_words)
    def content_status(sha: Sha, who: who_dep) -> Any:
        """What the server holds of this content: its size, the bytes received, complete."""
        if not allowed(who, sha):
            return _error(*FORBIDDEN)
        held = store.held(sha)
        return ContentStatus(size=held.size, received=held.received, complete=held.complete)

    @api.put(
        "/v1/content/{sha}",
        response_model=ContentReceived,
        responses=_words
        | {
            409: {"model": ContentConflict, "description": "The offset is not what the server "
                  "holds: resume at `received`"},
            413: {"model": P.ErrorBody, "description": f"A chunk above {L.MAX_CHUNK:,} bytes or "
                  f"a total above {L.MAX_ATTACHMENT_BYTES:,}"},
            422: {"model": P.ErrorBody, "description": "The whole does not hash to its name "
                  "(discarded), or a size unlike the attachment's"},
        },
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/octet-stream": {"schema": {"type": "string",
                                                                     "format": "binary"}}},
            }
        },
    )  # fmt: skip
    async def content_upload(
        sha: Sha,
        who: who_dep,
        request: Request,
        offset: Annotated[int, Query(ge=0, le=L.MAX_ATTACHMENT_BYTES)],
        size: Annotated[int, Query(ge=0, le=P.INT64_MAX)],
    ) -> Any:
        """Store the chunk of the body at `offset` of content `sha` of `size` bytes in all; at
        the last byte the whole is checked against its SHA-256 (422 and discarded if not)."""
        if size > L.MAX_ATTACHMENT_BYTES:
            return _error(
                413,
                "content_too_large",
                f"A file may have at most {L.MAX_ATTACHMENT_BYTES:,} bytes.",
            )
        refused = await run_in_threadpool(_before_the_chunk, who, sha, size)
        if refused is not None:
            return refused
        data = await request.body()
        return await run_in_threadpool(_upload, who, sha, offset, size, data)

    def _before_the_chunk(who: auth.Principal, sha: str, size: int) -> JSONResponse | None:
        """Scope, size and quota, before the chunk is touched."""
        sizes = allowed(who, sha)
        if not sizes:
            return _error(*FORBIDDEN)
        if size not in sizes:
            return _error(422, "size_mismatch", "The size sent is not the size of the attachment.")
        quota = quota_bytes()
        if quota is None:
            return None
        used = int(tx(lambda conn: used_bytes(conn, who.user_id)))
        if used + size <= quota or store.held(sha).complete:
            return None
        return _error(
            413,
            "quota_exceeded",
            f"Your files on the server may take {quota // L.MIB:,} MB and "
            f"{used / L.MIB:,.1f} MB are in use; this file needs {size / L.MIB:,.1f} MB more. "
            "Delete attachments you no longer need, or ask the administrator for a larger "
            "quota.",
            quota=quota,
            used=used,
        )

    def _upload(
        who: auth.Principal, sha: str, offset: int, size: int, data: bytes
    ) -> ContentReceived | JSONResponse:
        if len(data) > L.MAX_CHUNK:
            return _error(
                413, "chunk_too_large", f"A chunk may have at most {L.MAX_CHUNK:,} bytes."
            )
        with S.lock_for(sha):
            held = store.held(sha)
            if held.complete:  # stored already (dedup): nothing to add
                return ContentReceived(received=held.received, complete=True)
            current = held.received if held.size == size else 0
            if offset != current or offset + len(data) > size or (not data and size):
                return _error(
                    409,
                    "wrong_offset",
                    f"The server holds {current:,} bytes of this content: send from there.",
                    received=current,
                )
            try:
                now = store.append(sha, size, offset, data)
            except S.Mismatch:
                return _error(
                    422,
                    "hash_mismatch",
                    "The content received does not match its SHA-256: it was discarded.",
                )
            if now.complete:  # stored: it counts against this user's quota
                stamp = timestamp(SYSTEM)
                tx(lambda conn: record_stored(conn, sha, who.user_id, size, stamp))
        return ContentReceived(received=now.received, complete=now.complete)

    @api.get(
        "/v1/content/{sha}",
        response_class=Response,
        responses=_words
        | {
            200: {"content": {"application/octet-stream": {}}, "description": "The content"},
            206: {"content": {"application/octet-stream": {}}, "description": "From the Range"},
            404: {"model": P.ErrorBody, "description": "Not uploaded (completely) yet"},
            416: {"model": P.ErrorBody, "description": "A Range the server cannot serve"},
        },
    )
    def content_download(
        sha: Sha, who: who_dep, range_: Annotated[str | None, Header(alias="Range")] = None
    ) -> Response:
        """The content's bytes; with `Range: bytes=N-`, from byte N (206)."""
        if not allowed(who, sha):
            return _error(*FORBIDDEN)
        held = store.held(sha)
        if not held.complete or held.size is None:
            return _error(404, "not_uploaded", "The server does not have this content yet.")
        start = _start_of(range_, held.size)
        if start is None:
            return _error(416, "bad_range", "Only a Range of the form bytes=N- within the file.")
        headers = {
            "Content-Length": str(held.size - start),
            "Content-Encoding": "identity",  # never gzip: the bytes are the file
            "Accept-Ranges": "bytes",
        }
        status = 200
        if range_ is not None:
            status = 206
            headers["Content-Range"] = f"bytes {start}-{held.size - 1}/{held.size}"
        return StreamingResponse(
            store.read(sha, start),
            status_code=status,
            media_type="application/octet-stream",
            headers=headers,
        )

    # GET and PUT of one path are two routes: any other method gets 405 naming both (on its
    # own, the first route's 405 would name only its method).
    @api.api_route(
        "/v1/content/{sha}",
        methods=["POST", "DELETE", "PATCH", "OPTIONS"],
        include_in_schema=False,
    )
    @api.api_route(
        "/v1/content/{sha}/status",
        methods=["PUT", "POST", "DELETE", "PATCH", "OPTIONS"],
        include_in_schema=False,
    )
    def content_other_method(request: Request) -> JSONResponse:
        allow = "GET, HEAD" if request.url.path.endswith("/status") else "GET, HEAD, PUT"
        answer = _error(405, "http_error", "Method Not Allowed")
        answer.headers["Allow"] = allow
        return answer

    app.include_router(api)


def _start_of(header: str | None, size: int) -> int | None:
    if header is None:
        return 0
    unit, _, spec = header.strip().partition("=")
    first, dash, last = spec.partition("-")
    if unit != "bytes" or not dash or last.strip() or not first.strip().isdigit():
        return None
    start = int(first)
    return start if start < size else None
