"""HTTP client of the sync server: versions on every request, retries, tokens, plain-word errors."""

from __future__ import annotations

import gzip
import ipaddress
import random
import ssl
import time
from collections.abc import Callable
from typing import TypeVar
from urllib.parse import urlsplit

import httpx
from pydantic import BaseModel, ValidationError

from crm_desktop.sync import credentials
from crm_desktop.sync import protocol as P
from crm_desktop.sync.snapshot_page import BadPage, SnapshotPage, parse_page

M = TypeVar("M", bound=BaseModel)
RETRY_STATUS = frozenset({502, 503, 504})
GZIP_ABOVE = 1024


class SyncError(Exception):
    """A sync could not happen; `kind` is stable for code, the message is for people."""

    def __init__(self, kind: str, message: str, code: str = "") -> None:
        super().__init__(message)
        self.kind, self.message, self.code = kind, message, code


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
        verify: ssl.SSLContext | str | bool = True,
        laptop: Callable[[], str] | None = None,
        patience: float = 0.0,
    ) -> None:
        """verify: how the server's certificate is checked (default: the usual public CAs;
        an office's own CA through SSL_CERT_FILE, which httpx reads, or a context here).
        laptop: gives this laptop's client id (its database file's) when a session is opened
        before any sync set it, so every login and refresh names the laptop.
        patience: a request sent less than this many seconds after the server's last answer
        (mid-sync) that cannot reach the server is tried again, every 2 s at most, for up to
        this many seconds, so a mobile link that drops for a few seconds does not end the
        sync; otherwise (a laptop simply offline) it gets `attempts` quick tries only."""
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
            verify=verify,
            headers={
                P.PROTOCOL_HEADER: str(P.PROTOCOL_VERSION),
                P.SCHEMA_HEADER: str(P.SCHEMA_VERSION),
            },
        )
        self._access: str | None = None
        self.user: P.UserInfo | None = None
        # The laptop this client speaks for (its database file's client id), sent with every
        # login and refresh so the server binds the session to it (and can revoke it).
        self.client_id: str | None = None
        self._laptop = laptop
        self.sent_bytes = 0
        self.received_bytes = 0
        self.sent_json_bytes = 0  # the same bodies before gzip (what compression saves)
        self.received_json_bytes = 0
        self.patience = patience
        self._answered_at: float | None = None  # time.monotonic() of the server's last answer
        self.retries = 0  # requests tried again after a lost connection (for figures)

    def close(self) -> None:
        self._http.close()

    # -- auth ------------------------------------------------------------------------------
    def laptop_id(self) -> str | None:
        """The laptop's client id, asked of `laptop` the first time it is needed."""
        if self.client_id is None and self._laptop is not None:
            self.client_id = self._laptop()
        return self.client_id

    def login(self, password: str) -> P.UserInfo:
        body = P.LoginRequest(username=self.username, password=password, client_id=self.laptop_id())
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
                P.RefreshRequest(refresh_token=refresh, client_id=self.laptop_id()),
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

    def pull(self, request: P.PullRequest, unlock: bool = False) -> P.PullResponse:
        """A page; unlock: ask for the next unlock verifier with it (P.UNLOCK_HEADER)."""
        extra = {P.UNLOCK_HEADER: "1"} if unlock else None
        return self._authed("/v1/sync/pull", request, P.PullResponse, extra)

    def bootstrap(self, request: P.BootstrapRequest) -> SnapshotPage:
        """A bootstrap page, read by snapshot_page (plain json and the models' checks without
        the models: a page is tens of thousands of rows)."""
        if self._access is None:
            self._refresh()
        try:
            response = self._post("/v1/sync/bootstrap", request)
        except SyncError as error:
            if error.kind != "unauthorized":
                raise
            self._refresh()  # as _authed does
            response = self._post("/v1/sync/bootstrap", request)
        try:
            return parse_page(response.content)
        except BadPage as error:
            raise SyncError(
                "bad_answer", "The server sent an answer this program cannot read."
            ) from error

    # -- duplicate accounts (managers) -----------------------------------------------------
    def duplicate_accounts(self) -> P.DuplicatesResponse:
        body = P.DuplicatesRequest(protocol=P.PROTOCOL_VERSION, schema_version=P.SCHEMA_VERSION)
        return self._authed("/v1/accounts/duplicates", body, P.DuplicatesResponse)

    def dismiss_duplicate(self, pair_id: int) -> P.DuplicatesResponse:
        body = P.DismissRequest(
            protocol=P.PROTOCOL_VERSION, schema_version=P.SCHEMA_VERSION, pair_id=pair_id
        )
        return self._authed("/v1/accounts/duplicates/dismiss", body, P.DuplicatesResponse)

    def merge_accounts(self, survivor_id: str, merged_id: str, take: list[str]) -> P.MergeResponse:
        body = P.MergeRequest(
            protocol=P.PROTOCOL_VERSION,
            schema_version=P.SCHEMA_VERSION,
            survivor_id=survivor_id,
            merged_id=merged_id,
            take=take,
        )
        return self._authed("/v1/accounts/merge", body, P.MergeResponse)

    # -- the calendar feed ---------------------------------------------------------------
    def calendar_address(self, revoke: bool = False) -> str | None:
        """A new address of this user's calendar feed (the old one stops), or None once
        revoked."""
        body = P.CalendarTokenRequest(
            protocol=P.PROTOCOL_VERSION, schema_version=P.SCHEMA_VERSION, revoke=revoke
        )
        answer = self._authed("/v1/calendar/token", body, P.CalendarTokenResponse)
        return None if answer.path is None else self.server_url + answer.path

    def unlock_verifier(self, request: P.LaptopRequest) -> P.UnlockVerifier:
        return self._authed("/v1/laptop/unlock-verifier", request, P.UnlockVerifier)

    def health(self) -> bool:
        try:
            return self._http.get("/v1/health", timeout=5.0).status_code == 200
        except httpx.HTTPError:
            return False

    def _authed(
        self, path: str, body: BaseModel, model: type[M], extra: dict[str, str] | None = None
    ) -> M:
        if self._access is None:
            self._refresh()
        try:
            return self._call(path, body, model, extra=extra)
        except SyncError as error:
            if error.kind != "unauthorized":
                raise
        self._refresh()  # the access token expired (or the server restarted with a new key)
        return self._call(path, body, model, extra=extra)

    def content(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, int] | None = None,
        content: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        """One raw call of the content API (sync/content.py) with the access token, refreshed
        once if it expired; a network failure is SyncError("offline"), an answer is returned
        whatever its status (the caller reads 403, 409, 422 in its own terms)."""
        if self._access is None:
            self._refresh()
        for attempt in range(2):
            sent = {"Authorization": f"Bearer {self._access}"} | (headers or {})
            try:
                response = self._http.request(
                    method, path, params=params, content=content, headers=sent
                )
            except (httpx.TransportError, httpx.TimeoutException) as error:
                raise SyncError(
                    "offline", f"The server cannot be reached ({type(error).__name__})."
                ) from error
            self.sent_bytes += len(content or b"")
            self.received_bytes += len(response.content)
            if response.status_code != 401 or attempt:
                return response
            self._refresh()
        raise AssertionError("unreachable")

    def content_stream(
        self, path: str, start: int, on_block: Callable[[int, bytes], None], block: int = 1 << 20
    ) -> int:
        """GET content from byte `start` on (Range when start > 0), handing each block as it
        arrives to on_block(at, data), `at` being the block's first byte (0 again when the server
        sends the whole: the caller drops what it kept). A lost connection keeps what was handed
        over, and the next call resumes there; on_block may raise to stop (a cancel). The
        answer's status."""
        if self._access is None:
            self._refresh()
        code = self._content_stream(path, start, on_block, block)
        if code == 401:  # the access token expired meanwhile
            self._refresh()
            code = self._content_stream(path, start, on_block, block)
        return code

    def _content_stream(
        self, path: str, start: int, on_block: Callable[[int, bytes], None], block: int
    ) -> int:
        headers = {"Authorization": f"Bearer {self._access}"}
        if start:
            headers["Range"] = f"bytes={start}-"
        try:
            with self._http.stream("GET", path, headers=headers) as response:
                if response.status_code in (200, 206):
                    at = start if response.status_code == 206 else 0
                    for part in response.iter_raw(block):
                        self.received_bytes += len(part)
                        on_block(at, part)
                        at += len(part)
                return response.status_code
        except (httpx.TransportError, httpx.TimeoutException) as error:
            raise SyncError(
                "offline", f"The server cannot be reached ({type(error).__name__})."
            ) from error

    # -- transport -------------------------------------------------------------------------
    def _call(
        self,
        path: str,
        body: BaseModel,
        model: type[M],
        auth: bool = True,
        extra: dict[str, str] | None = None,
    ) -> M:
        return _parse(self._post(path, body, auth, extra), model)

    def _post(
        self, path: str, body: BaseModel, auth: bool = True, extra: dict[str, str] | None = None
    ) -> httpx.Response:
        raw = body.model_dump_json().encode()
        self.sent_json_bytes += len(raw)
        headers = {"Content-Type": "application/json"} | (extra or {})
        if len(raw) > GZIP_ABOVE:
            raw, headers["Content-Encoding"] = gzip.compress(raw, 5), "gzip"
        if auth and self._access:
            headers["Authorization"] = f"Bearer {self._access}"
        response = self._send(path, raw, headers)
        self.received_json_bytes += len(response.content)
        if response.status_code >= 400:
            raise _error_of(response)
        return response

    def _send(self, path: str, raw: bytes, headers: dict[str, str]) -> httpx.Response:
        # Patient only mid-sync: this request follows an answer of the server by less than
        # `patience` seconds (a laptop long offline is told so after `attempts` quick tries).
        last = self._answered_at
        patient = last is not None and time.monotonic() - last < self.patience
        lost_since: float | None = None
        attempt = 0
        while True:
            try:
                response = self._http.post(path, content=raw, headers=headers)
            except (httpx.TransportError, httpx.TimeoutException) as error:
                now = time.monotonic()
                lost_since = now if lost_since is None else lost_since
                if attempt >= self.attempts - 1 and not (
                    patient and now - lost_since < self.patience
                ):
                    raise SyncError(
                        "offline", f"The server cannot be reached ({type(error).__name__})."
                    ) from error
                self.retries += 1
            else:
                self._answered_at = time.monotonic()
                self.sent_bytes += len(raw)
                self.received_bytes += int(
                    response.headers.get("content-length", len(response.content))
                )
                if response.status_code not in RETRY_STATUS or attempt >= self.attempts - 1:
                    return response
            time.sleep(min(2.0, 0.1 * 2**attempt) * random.uniform(0.5, 1.0))
            attempt += 1


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
        message, body_code = body.message, body.code
    except ValidationError:
        message, body_code = f"The server answered {response.status_code}.", ""
    if response.status_code == 401:
        return SyncError("unauthorized", message)
    if response.status_code == P.WIPE_STATUS and body_code in P.WIPE_CODES:
        return SyncError("wipe", message, body_code)
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
