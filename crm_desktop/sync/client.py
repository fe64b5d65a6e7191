"""HTTP client of the sync server: versions on every request, retries, tokens, plain-word errors."""

from __future__ import annotations

import gzip
import ipaddress
import random
import time
from typing import TypeVar
from urllib.parse import urlsplit

import httpx
from pydantic import BaseModel, ValidationError

from crm_desktop.sync import credentials
from crm_desktop.sync import protocol as P

M = TypeVar("M", bound=BaseModel)
RETRY_STATUS = frozenset({502, 503, 504})
GZIP_ABOVE = 1024


class SyncError(Exception):
    """A sync could not happen; `kind` is stable for code, the message is for people."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind, self.message = kind, message


def server_url_problem(url: str) -> str | None:
    """Why a server address must not be used, or None: "address" (not http(s)://host) or
    "plain_http" (http:// to anything but this machine, which would send passwords in clear)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "address"
    if parts.scheme == "http" and not _is_loopback(parts.hostname):
        return "plain_http"
    return None


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class SyncClient:
    """Talks to one server as one user; the access token lives in memory only."""

    def __init__(
        self,
        server_url: str,
        username: str,
        *,
        timeout: float = 30.0,
        attempts: int = 4,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        if server_url_problem(server_url) == "plain_http":
            raise SyncError(
                "insecure",
                "The server address must start with https:// (http:// only on this "
                "machine): a password must never travel in clear.",
            )
        self.server_url, self.username, self.attempts = server_url.rstrip("/"), username, attempts
        self._http = httpx.Client(
            base_url=self.server_url,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            transport=transport,
            headers={
                P.PROTOCOL_HEADER: str(P.PROTOCOL_VERSION),
                P.SCHEMA_HEADER: str(P.SCHEMA_VERSION),
            },
        )
        self._access: str | None = None
        self.user: P.UserInfo | None = None
        self.sent_bytes = 0
        self.received_bytes = 0

    def close(self) -> None:
        self._http.close()

    # -- auth ------------------------------------------------------------------------------
    def login(self, password: str) -> P.UserInfo:
        body = P.LoginRequest(username=self.username, password=password)
        tokens = self._call("/v1/auth/login", body, P.TokenResponse, auth=False)
        self._keep(tokens)
        return tokens.user

    def logout(self) -> None:
        refresh = credentials.load_refresh_token(self.server_url, self.username)
        if refresh:
            try:
                self._post("/v1/auth/logout", P.RefreshRequest(refresh_token=refresh), auth=False)
            finally:
                credentials.forget_refresh_token(self.server_url, self.username)
        self._access = None

    def has_credentials(self) -> bool:
        return bool(self._access or credentials.load_refresh_token(self.server_url, self.username))

    def _keep(self, tokens: P.TokenResponse) -> None:
        credentials.save_refresh_token(self.server_url, self.username, tokens.refresh_token)
        self._access, self.user = tokens.access_token, tokens.user

    def _refresh(self) -> None:
        refresh = credentials.load_refresh_token(self.server_url, self.username)
        if not refresh:
            raise SyncError("login_needed", "Sign in to the server to sync.")
        try:
            tokens = self._call(
                "/v1/auth/refresh",
                P.RefreshRequest(refresh_token=refresh),
                P.TokenResponse,
                auth=False,
            )
        except SyncError as error:
            if error.kind == "unauthorized":
                credentials.forget_refresh_token(self.server_url, self.username)
                raise SyncError(
                    "login_needed", "Your session ended: sign in again to sync."
                ) from error
            raise
        self._keep(tokens)

    # -- sync ------------------------------------------------------------------------------
    def push(self, request: P.PushRequest) -> P.PushResponse:
        return self._authed("/v1/sync/push", request, P.PushResponse)

    def pull(self, request: P.PullRequest) -> P.PullResponse:
        return self._authed("/v1/sync/pull", request, P.PullResponse)

    def health(self) -> bool:
        try:
            return self._http.get("/v1/health", timeout=5.0).status_code == 200
        except httpx.HTTPError:
            return False

    def _authed(self, path: str, body: BaseModel, model: type[M]) -> M:
        if self._access is None:
            self._refresh()
        try:
            return self._call(path, body, model)
        except SyncError as error:
            if error.kind != "unauthorized":
                raise
        self._refresh()  # the access token expired (or the server restarted with a new key)
        return self._call(path, body, model)

    # -- transport -------------------------------------------------------------------------
    def _call(self, path: str, body: BaseModel, model: type[M], auth: bool = True) -> M:
        return _parse(self._post(path, body, auth), model)

    def _post(self, path: str, body: BaseModel, auth: bool = True) -> httpx.Response:
        raw = body.model_dump_json().encode()
        headers = {"Content-Type": "application/json"}
        if len(raw) > GZIP_ABOVE:
            raw, headers["Content-Encoding"] = gzip.compress(raw, 5), "gzip"
        if auth and self._access:
            headers["Authorization"] = f"Bearer {self._access}"
        response = self._send(path, raw, headers)
        if response.status_code >= 400:
            raise _error_of(response)
        return response

    def _send(self, path: str, raw: bytes, headers: dict[str, str]) -> httpx.Response:
        for attempt in range(self.attempts):
            try:
                response = self._http.post(path, content=raw, headers=headers)
            except (httpx.TransportError, httpx.TimeoutException) as error:
                if attempt == self.attempts - 1:
                    raise SyncError(
                        "offline", f"The server cannot be reached ({type(error).__name__})."
                    ) from error
            else:
                self.sent_bytes += len(raw)
                self.received_bytes += int(
                    response.headers.get("content-length", len(response.content))
                )
                if response.status_code not in RETRY_STATUS or attempt == self.attempts - 1:
                    return response
            time.sleep(min(2.0, 0.1 * 2**attempt) * random.uniform(0.5, 1.0))
        raise AssertionError("unreachable")


def _parse(response: httpx.Response, model: type[M]) -> M:
    try:
        return model.model_validate_json(response.content)
    except ValidationError as error:
        raise SyncError(
            "bad_answer", "The server sent an answer this program cannot read."
        ) from error


def _error_of(response: httpx.Response) -> SyncError:
    try:
        body = P.ErrorBody.model_validate_json(response.content)
        message = body.message
    except ValidationError:
        message = f"The server answered {response.status_code}."
    if response.status_code == 401:
        return SyncError("unauthorized", message)
    if response.status_code == 426:
        return SyncError("too_old", message)
    if response.status_code == 429:
        return SyncError("slow_down", message)
    if response.status_code == 413:
        return SyncError("too_large", message)
    if response.status_code >= 500:
        return SyncError(
            "server_error", f"The server had a problem ({response.status_code}): try again later."
        )
    return SyncError("refused", message)
