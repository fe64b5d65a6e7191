"""The FastAPI application: auth and sync endpoints, version checks, errors as words."""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, FastAPI, Header, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

from crm_desktop.clock import SYSTEM, Clock, FixedClock, timestamp
from crm_desktop.sync import protocol as P
from crm_server import (
    auth,
    bootstrap,
    calendar_api,
    content,
    laptops,
    log_redact,
    merge_api,
    openapi_doc,
    throttle,
)
from crm_server import limits as L
from crm_server.account_merge import MergeError
from crm_server.body_limits import BodyLimitMiddleware
from crm_server.db.engine import make_engine
from crm_server.pull import pull
from crm_server.push import ClientMismatch, push
from crm_server.txn import run_tx

T = TypeVar("T")
URL_ENV = "CRM_SERVER_DATABASE_URL"


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers


def _error(
    status: int,
    code: str,
    message: str,
    details: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = P.ErrorBody(code=code, message=message, details=details or {})
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


def check_versions(protocol: int | None, schema: int | None) -> None:
    if protocol is None or schema is None:
        raise ApiError(
            400,
            "missing_version",
            f"Every request must send the {P.PROTOCOL_HEADER} and {P.SCHEMA_HEADER} headers.",
        )
    if protocol < P.MIN_PROTOCOL_VERSION or schema < P.MIN_SCHEMA_VERSION:
        raise ApiError(
            426,
            "client_too_old",
            "This version of the program is too old for the server: please update it "
            f"(it speaks protocol {protocol} and schema {schema}; the server needs at "
            f"least protocol {P.MIN_PROTOCOL_VERSION} and schema {P.MIN_SCHEMA_VERSION}).",
        )
    if protocol > P.PROTOCOL_VERSION or schema > P.SCHEMA_VERSION:
        raise ApiError(
            426,
            "server_too_old",
            "The server is older than this program: ask the administrator to upgrade it.",
        )


def versions(
    x_crm_protocol: Annotated[int | None, Header()] = None,
    x_crm_schema: Annotated[int | None, Header()] = None,
) -> None:
    check_versions(x_crm_protocol, x_crm_schema)


_bearer = HTTPBearer(auto_error=False, description="The access token of /v1/auth/login.")


def current_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> auth.Principal:
    if credentials is None or not credentials.credentials:
        raise auth.AuthError(401, "no_token", "Log in first: this request has no access token.")
    return auth.read_access_token(
        request.app.state.token_key, credentials.credentials, timestamp(request.app.state.clock)
    )


Who = Annotated[auth.Principal, Depends(current_principal)]


DESCRIPTION = f"""
Delta sync of the offline-first CRM. Limits, checked before any work (413 past them, in words):
a request body of at most {L.MAX_SMALL_BODY:,} bytes, except pushes and pulls sent with a valid
access token: {L.MAX_BODY:,} bytes, as sent and once inflated (Content-Encoding: gzip, inflating
at most {L.MAX_GZIP_RATIO} times); at most {L.MAX_OPS:,} ops per push, {L.MAX_FIELDS} fields per
op, {L.MAX_TEXT:,} characters per text value (a column of n characters: n), {L.MAX_ROW:,} bytes
per row as JSON; integers within 64 bits. A refused op comes back in its own result with the
reason; the other ops of the push go on. A pull page stops before {L.MAX_PULL_PAGE:,} bytes of
changes (a single bigger row goes alone) or at its `limit` of entries; its cursor names the last
entry it covered, and rows asked for again that did not fit are listed in `refetch_left`.
"""


def create_app(database_url: str | None = None, clock: Clock | None = None) -> FastAPI:
    engine = make_engine(database_url or os.environ.get(URL_ENV))
    app = FastAPI(
        title="CRM sync server",
        version=str(P.PROTOCOL_VERSION),
        description=DESCRIPTION,
        responses=ERRORS,
    )
    app.router.route_class = CheckedRoute
    app.state.engine = engine
    app.state.clock = clock or SYSTEM  # every 'now' of the server: tokens, throttling, deletes
    with engine.begin() as conn:
        app.state.token_key = auth.token_key(conn)
    log_redact.install()  # a calendar address is a credential: never in the access log
    app.add_middleware(GZipMiddleware, minimum_size=800)
    app.add_middleware(BodyLimitMiddleware)
    _install_errors(app)
    _install_routes(app, engine)
    openapi_doc.install(app)
    return app


def app_from_env() -> FastAPI:
    """uvicorn --factory entry point: the database URL comes from CRM_SERVER_DATABASE_URL.

    CRM_SERVER_PINNED_AT (an ISO moment with its offset) stops the server's clock there: for
    tests whose outcome depends on time passing (login waits, token expiry), never production.
    """
    pinned = os.environ.get("CRM_SERVER_PINNED_AT")
    if not pinned:
        return create_app()
    moment = datetime.fromisoformat(pinned)
    if moment.tzinfo is None:
        raise SystemExit("CRM_SERVER_PINNED_AT needs an offset, e.g. 2026-12-31T23:30:00-05:00")
    return create_app(clock=FixedClock(moment))


def _words(description: str) -> dict[str, Any]:
    return {"model": P.ErrorBody, "description": description}


# Every error the server can answer, on every operation of the OpenAPI document.
ERRORS: dict[int | str, dict[str, Any]] = {
    400: _words("Missing version headers, a damaged gzip body or Content-Length"),
    401: _words("No access token, a forged, expired or ended one, or wrong credentials"),
    403: _words("Not allowed for this user"),
    409: _words("The database file is registered to another user"),
    413: _words("The request body is larger than the limits allow"),
    415: _words("A Content-Encoding other than gzip"),
    422: _words("The request is not valid: shape, bounds or text that is not valid Unicode"),
    426: _words("The program or the server is too old for the other"),
    410: _words("This laptop was revoked, or its user deactivated: erase its data"),
    429: _words("Too many failed logins: wait the Retry-After seconds"),
    503: _words("The database cannot be reached, or the server is busy: try again later"),
}
_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


class CheckedRoute(APIRoute):
    """Refuses (422) a JSON body holding text that is not valid Unicode (a lone surrogate)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def checked(request: Request) -> Response:
            body = await request.body()
            if len(body) > L.COUNT_VALUES_FROM and _json_values(body) > L.MAX_JSON_VALUES:
                raise ApiError(
                    413,
                    "too_many_values",
                    f"The request holds more than {L.MAX_JSON_VALUES:,} JSON values: refused.",
                )
            if _SURROGATE.search(body) and not _valid_unicode(body):
                raise RequestValidationError(
                    [{"loc": ("body",), "msg": "Text must be valid Unicode (a lone surrogate)."}]
                )
            if b"\\u0000" in body and _holds_nul(body):  # PostgreSQL text cannot hold it
                raise RequestValidationError(
                    [{"loc": ("body",), "msg": "Text must not contain the NUL character."}]
                )
            return await handler(request)

        return checked


def _json_values(body: bytes) -> int:
    """At most how many values a JSON text holds (separators and openings, text included)."""
    return body.count(b",") + body.count(b"[") + body.count(b"{")


def _holds_nul(body: bytes) -> bool:
    """Whether any text of a JSON body (a key or a value) holds U+0000."""
    import json

    try:
        pending: list[Any] = [json.loads(body)]
    except (ValueError, RecursionError):
        return False  # not JSON at all: the endpoint says so in its own words
    while pending:
        item = pending.pop()
        if isinstance(item, str) and "\x00" in item:
            return True
        if isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


def _valid_unicode(body: bytes) -> bool:
    import json

    try:
        json.dumps(json.loads(body), ensure_ascii=False).encode("utf-8")
    except UnicodeError:
        return False
    except (ValueError, RecursionError):
        return True  # not JSON (or too deep): the endpoint says so in its own words
    return True


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    def _api(_r: Request, e: ApiError) -> JSONResponse:
        return _error(e.status, e.code, e.message, headers=dict(e.headers or {}))

    @app.exception_handler(auth.AuthError)
    def _auth(_r: Request, e: auth.AuthError) -> JSONResponse:
        headers = {"Retry-After": str(e.retry_after)} if e.retry_after else None
        if e.status == 401:
            headers = (headers or {}) | {"WWW-Authenticate": "Bearer"}
        return _error(e.status, e.code, e.message, headers=headers)

    @app.exception_handler(RequestValidationError)
    def _invalid(_r: Request, e: RequestValidationError) -> JSONResponse:
        details = {
            ".".join(str(p) for p in err.get("loc", ())): str(err.get("msg", ""))[:300]
            for err in e.errors()[:50]
        }
        return _error(422, "invalid_request", "The request body is not valid.", details)

    @app.exception_handler(StarletteHTTPException)
    def _http(_r: Request, e: StarletteHTTPException) -> JSONResponse:
        return _error(e.status_code, "http_error", str(e.detail), headers=dict(e.headers or {}))

    @app.exception_handler(DBAPIError)
    def _database(_r: Request, _e: DBAPIError) -> JSONResponse:
        words = "The server cannot reach its database right now: try again later."
        return _error(503, "database_unavailable", words)

    @app.exception_handler(MergeError)
    def _merge(_r: Request, e: MergeError) -> JSONResponse:
        return _error(e.status, e.code, e.message, e.details)

    @app.exception_handler(ClientMismatch)
    def _mismatch(_r: Request, _e: ClientMismatch) -> JSONResponse:
        return _error(
            409,
            "client_of_other_user",
            "This database file is registered to another user: sign in as its owner.",
        )


def _client_address(request: Request) -> str:
    """The peer's address (uvicorn puts the forwarded one here only from trusted proxies)."""
    return (request.client.host if request.client else "?")[:64]


def _install_routes(app: FastAPI, engine: Engine) -> None:
    def tx(fn: Callable[[Connection], T]) -> T:
        return run_tx(engine, fn)

    def now() -> float:
        return timestamp(app.state.clock)

    api = APIRouter(dependencies=[Depends(versions)], route_class=CheckedRoute)

    def tokens(p: auth.Principal, refresh: str) -> P.TokenResponse:
        return P.TokenResponse(
            access_token=auth.make_access_token(app.state.token_key, p, now()),
            refresh_token=refresh,
            expires_in=auth.ACCESS_TTL,
            user=P.UserInfo(id=p.user_id, username=p.username, role=p.role),  # type: ignore[arg-type]
        )

    @app.get("/v1/health")
    def health() -> dict[str, Any]:
        return {"status": "ok", "protocol": P.PROTOCOL_VERSION, "schema": P.SCHEMA_VERSION}

    @api.post("/v1/auth/login")
    def login(body: P.LoginRequest, request: Request) -> P.TokenResponse:
        return tokens(*_login(tx, body, _client_address(request), now()))

    @api.post("/v1/auth/refresh")
    def refresh(body: P.RefreshRequest) -> P.TokenResponse:
        at = now()

        def work(conn: Connection) -> tuple[auth.Principal, str] | auth.AuthError:
            try:
                return auth.rotate_refresh_token(conn, body.refresh_token, at, body.client_id)
            except auth.AuthError as error:  # keep a family revocation: commit, then refuse
                return error

        outcome = tx(work)
        if isinstance(outcome, auth.AuthError):
            raise outcome
        return tokens(*outcome)

    @api.post("/v1/auth/logout")
    def logout(body: P.RefreshRequest) -> dict[str, str]:
        tx(lambda conn: auth.revoke_refresh_token(conn, body.refresh_token, now()))
        return {"status": "logged_out"}

    @api.post("/v1/auth/logout-everywhere")
    def logout_everywhere(who: Who) -> dict[str, str]:
        """End every session of the signed-in user (every laptop must log in again)."""

        def work(conn: Connection) -> None:
            auth.check_active(conn, who)
            auth.end_all_sessions(conn, who.user_id, now())

        tx(work)
        return {"status": "logged_out_everywhere"}

    @api.get("/v1/me")
    def me(who: Who) -> P.UserInfo:
        tx(lambda conn: auth.check_active(conn, who))
        return P.UserInfo(id=who.user_id, username=who.username, role=who.role)  # type: ignore[arg-type]

    @api.post("/v1/sync/push")
    def sync_push(body: P.PushRequest, who: Who) -> P.PushResponse:
        check_versions(body.protocol, body.schema_version)
        _check_order(body.ops)

        def work(conn: Connection) -> list[P.OpResult] | auth.AuthError:
            now_who = auth.check_active(conn, who)
            revoked = laptops.seen(conn, body.client_id, who.user_id, now())
            return revoked or push(conn, now_who, body.client_id, body.ops, now())

        results = _or_raise(tx(work))
        if any(op.table == "privacy_requests" for op in body.ops):
            content.purge(app, tx)  # an erase may have left content no live row names
        return P.PushResponse(results=results)

    @api.post("/v1/sync/pull", response_model=P.PullResponse)
    def sync_pull(body: P.PullRequest, who: Who, request: Request) -> Response:
        """A page of changes; with the unlock header, also the laptop's next unlock verifier
        (so a sync with nothing to do is this one request)."""
        check_versions(body.protocol, body.schema_version)
        period = laptops.new_period() if request.headers.get(P.UNLOCK_HEADER) == "1" else None

        def work(conn: Connection) -> str | auth.AuthError:
            now_who = auth.check_active(conn, who)
            revoked = laptops.seen(conn, body.client_id, who.user_id, now(), period)
            if revoked:
                return revoked
            page = pull(conn, now_who, body.cursor, body.limit, body.refetch, body.client_id)
            if period is None:
                return page
            verifier = P.UnlockVerifier(
                period=period,
                code_hash=laptops.code_hash(app.state.token_key, body.client_id, period),
            )
            return page[:-1] + ',"unlock":' + verifier.model_dump_json() + "}"

        return Response(_or_raise(tx(work)), media_type="application/json")

    @api.post("/v1/sync/bootstrap", response_model=P.BootstrapResponse)
    def sync_bootstrap(body: P.BootstrapRequest, who: Who, request: Request) -> Response:
        """A new laptop's scope as a snapshot, in big pages (crm_server.bootstrap): the same
        rows paging pulls would give it, and on the first page the cursor to pull from after."""
        check_versions(body.protocol, body.schema_version)

        def check(conn: Connection) -> auth.Principal | auth.AuthError:
            now_who = auth.check_active(conn, who)
            return laptops.seen(conn, body.client_id, who.user_id, now()) or now_who

        principal = _or_raise(tx(check))
        first = body.table is None

        def work(conn: Connection) -> str:
            return bootstrap.page(
                conn, principal, body.tables, body.table, body.after, body.limit, first
            )

        packed = "gzip" in request.headers.get("accept-encoding", "")
        if engine.dialect.name != "postgresql":
            return bootstrap.response(tx(work), packed)
        snap = engine.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        with snap.begin() as conn:  # one snapshot: the rows and the cursor agree
            answer = work(conn)
        return bootstrap.response(answer, packed)

    @api.post("/v1/laptop/unlock-verifier")
    def unlock_verifier(body: P.LaptopRequest, who: Who) -> P.UnlockVerifier:
        """The hash of this laptop's unlock code for a manager to read out (`crm-server
        unlock-code`) when it has not synced for too long; asked at the end of every sync."""
        check_versions(body.protocol, body.schema_version)

        def work(conn: Connection) -> tuple[str, str] | auth.AuthError:
            auth.check_active(conn, who)
            revoked = laptops.seen(conn, body.client_id, who.user_id, now())
            return revoked or laptops.unlock_verifier(conn, app.state.token_key, body.client_id)

        period, digest = _or_raise(tx(work))
        return P.UnlockVerifier(period=period, code_hash=digest)

    merge_api.install(api, tx, now, Who, check_versions)
    calendar_api.install(app, api, tx, now, Who, check_versions)
    content.install(app, tx, Who, Depends(versions))
    app.include_router(api)


def _login(
    tx: Callable[[Callable[[Connection], Any]], Any], body: P.LoginRequest, ip: str, at: float
) -> tuple[auth.Principal, str]:
    """Count the attempt (short transaction), check the password with no transaction open,
    then take the attempt back and issue the session (short transaction)."""
    attempt: throttle.Attempt = tx(lambda c: throttle.begin(c, body.username, ip, at))
    if attempt.wait > 0:
        seconds = int(attempt.wait) + 1
        raise auth.AuthError(
            429,
            "too_many_attempts",
            f"Too many failed logins: wait {seconds} seconds and try again.",
            retry_after=seconds,
        )
    account = attempt.account
    ok = auth.verify_password(account.password_hash if account else None, body.password)
    if account is None or not ok:
        raise auth.AuthError(401, "bad_credentials", "Wrong username or password.")
    if not account.active:  # the right password: the laptop may learn why, and erase itself
        raise auth.deactivated_error()
    principal = auth.Principal(
        account.user_id, account.username, account.role, laptop=body.client_id
    )

    def work(conn: Connection) -> str | auth.AuthError:
        throttle.succeeded(conn, account.username, ip, account.user_id, at)
        revoked = laptops.seen(conn, body.client_id, account.user_id, at)
        return revoked or auth.issue_refresh_token(conn, account.user_id, at, None, body.client_id)

    return principal, _or_raise(tx(work))


def _or_raise(outcome: T | auth.AuthError) -> T:
    """The outcome of a transaction that returns its refusal (to commit what it noted)."""
    if isinstance(outcome, auth.AuthError):
        raise outcome
    return outcome


def _check_order(ops: list[P.PushOp]) -> None:
    seqs = [op.op_seq for op in ops]
    if any(b <= a for a, b in itertools.pairwise(seqs)):
        raise ApiError(
            422, "ops_out_of_order", "The ops of a push must be in increasing op_seq order."
        )
