"""Passwords (argon2id), signed short-lived access tokens, refresh tokens and login backoff."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, delete, insert, select, update

from crm_server.db.schema import login_failures, refresh_tokens, server_secrets, users

ACCESS_TTL = 15 * 60
REFRESH_TTL = 30 * 24 * 3600
FREE_FAILURES = 3  # failed logins allowed before each further try must wait
MAX_WAIT = 300.0

_hasher = PasswordHasher()  # argon2id with the library's current recommended cost
_DUMMY_HASH = _hasher.hash("not a password anyone has")


class AuthError(Exception):
    """A login or token was refused; `status` is the HTTP code, `message` the words."""

    def __init__(self, status: int, code: str, message: str, retry_after: int = 0) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.retry_after = status, code, message, retry_after


@dataclass(frozen=True)
class Principal:
    user_id: str
    username: str
    role: str

    @property
    def sees_everything(self) -> bool:
        return self.role in ("manager", "admin")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def token_key(conn: Connection) -> bytes:
    value = conn.scalar(select(server_secrets.c.value).where(server_secrets.c.name == "token_key"))
    if value is None:
        raise RuntimeError("the server database has no token key: run `crm-server migrate`")
    return bytes.fromhex(value)


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def make_access_token(key: bytes, principal: Principal, now: float | None = None) -> str:
    payload = {
        "sub": principal.user_id,
        "usr": principal.username,
        "role": principal.role,
        "exp": int((now or time.time()) + ACCESS_TTL),
    }
    body = _b64(json.dumps(payload, separators=(",", ":")).encode())
    sig = _b64(hmac.new(key, body.encode(), hashlib.sha256).digest())
    return f"{body}.{sig}"


def read_access_token(key: bytes, token: str) -> Principal:
    """The principal a token names, or AuthError(401) if it is forged, damaged or expired."""
    body, _, sig = token.partition(".")
    good = _b64(hmac.new(key, body.encode(), hashlib.sha256).digest())
    if not sig or not hmac.compare_digest(sig, good):
        raise AuthError(401, "bad_token", "The access token is not valid: log in again.")
    try:
        payload = json.loads(_unb64(body))
    except ValueError as error:
        raise AuthError(401, "bad_token", "The access token is damaged.") from error
    if payload["exp"] < time.time():
        raise AuthError(401, "token_expired", "The access token has expired: refresh it.")
    return Principal(payload["sub"], payload["usr"], payload["role"])


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_refresh_token(conn: Connection, user_id: str) -> str:
    token = secrets.token_urlsafe(32)
    now = time.time()
    conn.execute(
        insert(refresh_tokens).values(
            token_hash=_digest(token), user_id=user_id, expires_at=now + REFRESH_TTL, created_at=now
        )
    )
    return token


def _active_principal(conn: Connection, user_id: str) -> Principal | None:
    row = conn.execute(
        select(users.c.id, users.c.username, users.c.role).where(
            users.c.id == user_id, users.c.active.is_(True)
        )
    ).first()
    return Principal(row.id, row.username, row.role) if row else None


def check_active(conn: Connection, principal: Principal) -> None:
    """A deactivated user's still-valid access token stops working at once."""
    if _active_principal(conn, principal.user_id) is None:
        raise AuthError(401, "inactive", "This user has been deactivated.")


def rotate_refresh_token(conn: Connection, token: str) -> tuple[Principal, str]:
    """Trade a refresh token for a new one (the old one is revoked)."""
    row = conn.execute(
        select(refresh_tokens)
        .where(refresh_tokens.c.token_hash == _digest(token))
        .with_for_update()
    ).first()
    if row is None or row.revoked_at is not None or row.expires_at < time.time():
        raise AuthError(401, "bad_refresh", "This session has ended: log in again.")
    principal = _active_principal(conn, row.user_id)
    if principal is None:
        raise AuthError(401, "inactive", "This user has been deactivated.")
    revoke_refresh_token(conn, token)
    return principal, issue_refresh_token(conn, principal.user_id)


def revoke_refresh_token(conn: Connection, token: str) -> None:
    conn.execute(
        update(refresh_tokens)
        .where(refresh_tokens.c.token_hash == _digest(token), refresh_tokens.c.revoked_at.is_(None))
        .values(revoked_at=time.time())
    )


def _wait_needed(conn: Connection, username: str, ip: str) -> float:
    row = conn.execute(
        select(login_failures).where(
            login_failures.c.username == username, login_failures.c.ip == ip
        )
    ).first()
    if row is None or row.failures < FREE_FAILURES:
        return 0.0
    wait: float = min(2.0 ** (int(row.failures) - FREE_FAILURES), MAX_WAIT)
    return max(0.0, float(row.last_failure_at) + wait - time.time())


def _record_failure(conn: Connection, username: str, ip: str) -> None:
    key = (login_failures.c.username == username) & (login_failures.c.ip == ip)
    done = conn.execute(
        update(login_failures)
        .where(key)
        .values(failures=login_failures.c.failures + 1, last_failure_at=time.time())
    )
    if done.rowcount == 0:
        conn.execute(
            insert(login_failures).values(
                username=username, ip=ip, failures=1, last_failure_at=time.time()
            )
        )


def login(conn: Connection, username: str, password: str, ip: str) -> tuple[Principal, str]:
    """Check the password (slowing down repeated failures per user and address)."""
    wait = _wait_needed(conn, username, ip)
    if wait > 0:
        raise AuthError(
            429,
            "too_many_attempts",
            f"Too many failed logins: wait {int(wait) + 1} seconds and try again.",
            retry_after=int(wait) + 1,
        )
    row = conn.execute(select(users).where(users.c.username == username)).first()
    ok = verify_password(row.password_hash if row else _DUMMY_HASH, password)
    if row is None or not ok or not row.active:
        _record_failure(conn, username, ip)
        raise AuthError(401, "bad_credentials", "Wrong username or password.")
    conn.execute(
        delete(login_failures).where(
            login_failures.c.username == username, login_failures.c.ip == ip
        )
    )
    principal = Principal(row.id, row.username, row.role)
    return principal, issue_refresh_token(conn, row.id)
