"""Passwords (argon2id), signed short-lived access tokens and refresh token families."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, insert, select, update

from crm_server.db.schema import laptops, refresh_tokens, server_secrets, users

if TYPE_CHECKING:
    from argon2 import PasswordHasher

ACCESS_TTL = 15 * 60
REFRESH_TTL = 30 * 24 * 3600
# A rotated token presented again this soon, while the token it was traded for is still unused,
# is a retry after a lost answer, not a theft: it is traded again (and that successor revoked).
RETRY_GRACE = 60.0
WIPE_STATUS = 410  # "erase this laptop's data": a revoked laptop, a deactivated user
DEACTIVATED_WORDS = "This user has been deactivated: this laptop's copy of the data is erased."
MAX_TOKEN = 2048  # characters of an access token (ours have ~200)
# argon2id takes ~64 MiB and tens of milliseconds per check: at most this many run at once in a
# process, so a flood of logins can neither eat the memory nor starve the sync requests.
HASH_SLOTS = 2
HASH_WAIT = 20.0
_hash_slots = threading.BoundedSemaphore(HASH_SLOTS)


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
    issued_at: float = 0.0  # when its access token was made (0: not from a token)
    sees_costs: bool = False  # a rep allowed to see costs (read from the users row per request)
    laptop: str | None = None  # the laptop (client id) the session was opened for, if named

    @property
    def sees_everything(self) -> bool:
        return self.role in ("manager", "admin")


_hasher: PasswordHasher | None = None  # made on first use: admin commands start fast


def _the_hasher() -> PasswordHasher:
    global _hasher
    if _hasher is None:
        from argon2 import PasswordHasher

        _hasher = PasswordHasher()  # argon2id with the library's current recommended cost
    return _hasher


@cache
def _dummy_hash() -> str:
    return _the_hasher().hash("not a password anyone has")


def hash_password(password: str) -> str:
    return _the_hasher().hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """Check a password (against a dummy hash when there is no user, so timing tells nothing),
    in one of HASH_SLOTS slots; AuthError(503) if none frees up in HASH_WAIT seconds."""
    from argon2.exceptions import InvalidHashError, VerificationError

    if not _hash_slots.acquire(timeout=HASH_WAIT):
        raise AuthError(503, "busy", "The server is busy checking logins: try again.", 5)
    try:
        return bool(_the_hasher().verify(stored or _dummy_hash(), password))
    except (VerificationError, InvalidHashError):
        return False
    finally:
        _hash_slots.release()


def token_key(conn: Connection) -> bytes:
    value = conn.scalar(select(server_secrets.c.value).where(server_secrets.c.name == "token_key"))
    if value is None:
        raise RuntimeError("the server database has no token key: run `crm-server migrate`")
    return bytes.fromhex(value)


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def make_access_token(key: bytes, principal: Principal, now: float) -> str:
    payload: dict[str, Any] = {
        "sub": principal.user_id,
        "usr": principal.username,
        "role": principal.role,
        "iat": now,
        "exp": int(now + ACCESS_TTL),
    }
    if principal.laptop:
        payload["lap"] = principal.laptop
    body = _b64(json.dumps(payload, separators=(",", ":")).encode())
    sig = _b64(hmac.new(key, body.encode(), hashlib.sha256).digest())
    return f"{body}.{sig}"


def _bad_token(words: str = "The access token is not valid: log in again.") -> AuthError:
    return AuthError(401, "bad_token", words)


def read_access_token(key: bytes, token: str, now: float) -> Principal:
    """The principal a token names, or AuthError(401) if it is forged, damaged or expired."""
    if len(token) > MAX_TOKEN or not token.isascii():
        raise _bad_token()
    body, _, sig = token.partition(".")
    good = _b64(hmac.new(key, body.encode(), hashlib.sha256).digest())
    if not sig or not hmac.compare_digest(sig.encode(), good.encode()):
        raise _bad_token()
    try:
        payload: dict[str, Any] = json.loads(_unb64(body))
        principal = Principal(
            str(payload["sub"]),
            str(payload["usr"]),
            str(payload["role"]),
            float(payload.get("iat", 0.0)),
            laptop=str(payload["lap"]) if payload.get("lap") else None,
        )
        expires = float(payload["exp"])
    except (ValueError, KeyError, TypeError) as error:
        raise _bad_token("The access token is damaged.") from error
    if expires < now:
        raise AuthError(401, "token_expired", "The access token has expired: refresh it.")
    return principal


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def issue_refresh_token(
    conn: Connection,
    user_id: str,
    now: float,
    family: str | None = None,
    client_id: str | None = None,
) -> str:
    token = secrets.token_urlsafe(32)
    digest = _digest(token)
    conn.execute(
        insert(refresh_tokens).values(
            token_hash=digest,
            user_id=user_id,
            expires_at=now + REFRESH_TTL,
            created_at=now,
            family=family or digest,
            client_id=client_id,
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


def check_active(conn: Connection, principal: Principal) -> Principal:
    """A deactivated user's, or a signed-out-everywhere user's, access token stops at once.

    Returns the principal with what may change between requests (may see costs) as it is now.
    """
    row = conn.execute(
        select(users.c.active, users.c.sessions_after, users.c.sees_costs).where(
            users.c.id == principal.user_id
        )
    ).first()
    if row is None:
        raise AuthError(401, "inactive", "This user does not exist.")
    if not row.active:
        raise deactivated_error()
    if row.sessions_after is not None and principal.issued_at < row.sessions_after:
        raise AuthError(401, "session_ended", "This session has ended: log in again.")
    return replace(principal, sees_costs=bool(row.sees_costs))


REVOKED_WORDS = "This laptop has been revoked by the administrator: its copy of the data is erased."


def revoked_error() -> AuthError:
    return AuthError(WIPE_STATUS, "laptop_revoked", REVOKED_WORDS)


def laptop_revoked(conn: Connection, client_id: str | None, now: float) -> bool:
    """Whether the laptop was revoked (crm_server/laptops.py); notes when it was first told."""
    if not client_id:
        return False
    row = conn.execute(
        select(laptops.c.revoked_at, laptops.c.told_at).where(laptops.c.client_id == client_id)
    ).first()
    if row is None or row.revoked_at is None:
        return False
    if row.told_at is None:
        conn.execute(update(laptops).where(laptops.c.client_id == client_id).values(told_at=now))
    return True


def check_laptop(conn: Connection, principal: Principal, now: float) -> None:
    """Requests other than a sync (a manager's merge) from a revoked laptop are refused like
    its sync: its access token names it (the session was opened for it)."""
    if laptop_revoked(conn, principal.laptop, now):
        raise revoked_error()


def deactivated_error() -> AuthError:
    return AuthError(WIPE_STATUS, "user_deactivated", DEACTIVATED_WORDS)


def rotate_refresh_token(
    conn: Connection, token: str, now: float, client_id: str | None = None
) -> tuple[Principal, str]:
    """Trade a refresh token for a new one of the same family (the old one is revoked).

    A token presented again after it was rotated or revoked means a copy of it is in other
    hands: its whole family (every token descended from the same login) is revoked (OAuth 2.0
    Security BCP, refresh token reuse detection). The caller must commit before raising.
    A token of a revoked laptop or a deactivated user is answered 410 (erase), before any of
    that: revoking ended its family, and the laptop must still learn why.
    """

    row = conn.execute(
        select(refresh_tokens)
        .where(refresh_tokens.c.token_hash == _digest(token))
        .with_for_update()
    ).first()
    if row is None or row.expires_at < now:
        raise AuthError(401, "bad_refresh", "This session has ended: log in again.")
    laptop = row.client_id or client_id
    if laptop_revoked(conn, laptop, now):
        raise revoked_error()
    if conn.scalar(select(users.c.active).where(users.c.id == row.user_id)) is False:
        raise deactivated_error()
    if row.revoked_at is not None and not _lost_answer_retry(conn, row, now):
        revoke_family(conn, row.family or row.token_hash, now)
        raise AuthError(401, "refresh_reused", "This session has ended: log in again.")
    principal = _active_principal(conn, row.user_id)
    if principal is None:
        raise AuthError(401, "inactive", "This user has been deactivated.")
    new = issue_refresh_token(conn, principal.user_id, now, row.family, laptop)
    conn.execute(
        update(refresh_tokens)
        .where(refresh_tokens.c.token_hash == row.token_hash)
        .values(revoked_at=row.revoked_at or now, rotated_to=_digest(new))
    )
    return replace(principal, laptop=laptop), new


def _lost_answer_retry(conn: Connection, row: Any, now: float) -> bool:
    """Rotated moments ago, and the token it was traded for never used: revoke that one."""
    if row.rotated_to is None or now - row.revoked_at > RETRY_GRACE:
        return False
    unused = conn.execute(
        update(refresh_tokens)
        .where(
            refresh_tokens.c.token_hash == row.rotated_to,
            refresh_tokens.c.revoked_at.is_(None),
            refresh_tokens.c.rotated_to.is_(None),
        )
        .values(revoked_at=now)
    )
    return bool(unused.rowcount)


def revoke_refresh_token(conn: Connection, token: str, now: float) -> None:
    conn.execute(
        update(refresh_tokens)
        .where(refresh_tokens.c.token_hash == _digest(token), refresh_tokens.c.revoked_at.is_(None))
        .values(revoked_at=now)
    )


def revoke_family(conn: Connection, family: str, now: float) -> None:
    conn.execute(
        update(refresh_tokens)
        .where(refresh_tokens.c.family == family, refresh_tokens.c.revoked_at.is_(None))
        .values(revoked_at=now)
    )


def end_all_sessions(conn: Connection, user_id: str, now: float) -> None:
    """Sign a user out everywhere: every refresh token revoked, every access token refused."""
    conn.execute(
        update(refresh_tokens)
        .where(refresh_tokens.c.user_id == user_id, refresh_tokens.c.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    conn.execute(update(users).where(users.c.id == user_id).values(sessions_after=now))
