"""The FastAPI application: auth and sync endpoints, version checks, errors as words."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, FastAPI, Header, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse, Response
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

from crm_desktop.sync import protocol as P
from crm_server import auth
from crm_server.db.engine import make_engine
from crm_server.gzip_request import GzipRequestMiddleware
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


def current_principal(
    request: Request, authorization: Annotated[str | None, Header()] = None
) -> auth.Principal:
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise auth.AuthError(401, "no_token", "Log in first: this request has no access token.")
    return auth.read_access_token(request.app.state.token_key, token)


Who = Annotated[auth.Principal, Depends(current_principal)]


def create_app(database_url: str | None = None) -> FastAPI:
    engine = make_engine(database_url or os.environ.get(URL_ENV))
    app = FastAPI(title="CRM sync server", version=str(P.PROTOCOL_VERSION))
    app.state.engine = engine
    with engine.begin() as conn:
        app.state.token_key = auth.token_key(conn)
    app.add_middleware(GZipMiddleware, minimum_size=800)
    app.add_middleware(GzipRequestMiddleware)
    _install_errors(app)
    _install_routes(app, engine)
    return app


def app_from_env() -> FastAPI:
    """uvicorn --factory entry point: the database URL comes from CRM_SERVER_DATABASE_URL."""
    return create_app()


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    def _api(_r: Request, e: ApiError) -> JSONResponse:
        return _error(e.status, e.code, e.message, headers=e.headers)

    @app.exception_handler(auth.AuthError)
    def _auth(_r: Request, e: auth.AuthError) -> JSONResponse:
        headers = {"Retry-After": str(e.retry_after)} if e.retry_after else None
        if e.status == 401:
            headers = (headers or {}) | {"WWW-Authenticate": "Bearer"}
        return _error(e.status, e.code, e.message, headers=headers)

    @app.exception_handler(RequestValidationError)
    def _invalid(_r: Request, e: RequestValidationError) -> JSONResponse:
        details = {".".join(str(p) for p in err["loc"]): str(err["msg"]) for err in e.errors()}
        return _error(422, "invalid_request", "The request body is not valid.", details)

    @app.exception_handler(StarletteHTTPException)
    def _http(_r: Request, e: StarletteHTTPException) -> JSONResponse:
        return _error(e.status_code, "http_error", str(e.detail))

    @app.exception_handler(DBAPIError)
    def _database(_r: Request, _e: DBAPIError) -> JSONResponse:
        words = "The server cannot reach its database right now: try again later."
        return _error(503, "database_unavailable", words)

    @app.exception_handler(ClientMismatch)
    def _mismatch(_r: Request, _e: ClientMismatch) -> JSONResponse:
        return _error(
            409,
            "client_of_other_user",
            "This database file is registered to another user: sign in as its owner.",
        )


def _install_routes(app: FastAPI, engine: Engine) -> None:
    def tx(fn: Callable[[Connection], T]) -> T:
        return run_tx(engine, fn)

    api = APIRouter(dependencies=[Depends(versions)])

    def tokens(p: auth.Principal, refresh: str) -> P.TokenResponse:
        return P.TokenResponse(
            access_token=auth.make_access_token(app.state.token_key, p),
            refresh_token=refresh,
            expires_in=auth.ACCESS_TTL,
            user=P.UserInfo(id=p.user_id, username=p.username, role=p.role),  # type: ignore[arg-type]
        )

    @app.get("/v1/health")
    def health() -> dict[str, Any]:
        return {"status": "ok", "protocol": P.PROTOCOL_VERSION, "schema": P.SCHEMA_VERSION}

    @api.post(
        "/v1/auth/login", responses={401: {"model": P.ErrorBody}, 429: {"model": P.ErrorBody}}
    )
    def login(body: P.LoginRequest, request: Request) -> P.TokenResponse:
        ip = request.client.host if request.client else "?"

        def work(conn: Connection) -> tuple[auth.Principal, str] | auth.AuthError:
            try:
                return auth.login(conn, body.username, body.password, ip)
            except auth.AuthError as error:  # keep the failure count: commit, then refuse
                return error

        outcome = tx(work)
        if isinstance(outcome, auth.AuthError):
            raise outcome
        return tokens(*outcome)

    @api.post("/v1/auth/refresh", responses={401: {"model": P.ErrorBody}})
    def refresh(body: P.RefreshRequest) -> P.TokenResponse:
        p, new = tx(lambda conn: auth.rotate_refresh_token(conn, body.refresh_token))
        return tokens(p, new)

    @api.post("/v1/auth/logout")
    def logout(body: P.RefreshRequest) -> dict[str, str]:
        tx(lambda conn: auth.revoke_refresh_token(conn, body.refresh_token))
        return {"status": "logged_out"}

    @api.get("/v1/me")
    def me(who: Who) -> P.UserInfo:
        tx(lambda conn: auth.check_active(conn, who))
        return P.UserInfo(id=who.user_id, username=who.username, role=who.role)  # type: ignore[arg-type]

    @api.post("/v1/sync/push", responses={409: {"model": P.ErrorBody}})
    def sync_push(body: P.PushRequest, who: Who) -> P.PushResponse:
        check_versions(body.protocol, body.schema_version)
        _check_order(body.ops)

        def work(conn: Connection) -> list[P.OpResult]:
            auth.check_active(conn, who)
            return push(conn, who, body.client_id, body.ops)

        return P.PushResponse(results=tx(work))

    @api.post("/v1/sync/pull", response_model=P.PullResponse)
    def sync_pull(body: P.PullRequest, who: Who) -> Response:
        check_versions(body.protocol, body.schema_version)

        def work(conn: Connection) -> str:
            auth.check_active(conn, who)
            return pull(conn, who, body.cursor, body.limit, body.refetch, body.client_id)

        return Response(tx(work), media_type="application/json")

    app.include_router(api)


def _check_order(ops: list[P.PushOp]) -> None:
    seqs = [op.op_seq for op in ops]
    if any(b <= a for a, b in itertools.pairwise(seqs)):
        raise ApiError(
            422, "ops_out_of_order", "The ops of a push must be in increasing op_seq order."
        )
