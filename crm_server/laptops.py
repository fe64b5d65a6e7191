"""Laptops known to the server, revoking one, and telling it at its next contact to erase itself.

A laptop is a database file's client id. Each login, refresh, push and pull names it; the server
remembers who used it and when. A revoked laptop, or any laptop of a deactivated user, is answered
410 with a code saying why ("laptop_revoked", "user_deactivated"): the program erases its data.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import Connection, insert, select, update

from crm_desktop.sync.protocol import unlock_code_hash
from crm_server.auth import AuthError, revoked_error
from crm_server.db.schema import laptops, refresh_tokens, users


@dataclass(frozen=True)
class LaptopLine:
    client_id: str
    username: str
    last_seen_at: float
    revoked_at: float | None
    told_at: float | None


def seen(
    conn: Connection,
    client_id: str | None,
    user_id: str,
    now: float,
    unlock_period: str | None = None,
) -> AuthError | None:
    """Note a contact of the laptop (and the period of its next unlock code, if given); the 410
    error to answer when it has been revoked (returned, not raised, so the caller commits the
    note of having told it before refusing). A known laptop in good standing costs one
    statement."""
    if not client_id:
        return None
    values: dict[str, object] = {"last_seen_at": now}
    if unlock_period is not None:
        values["unlock_period"] = unlock_period
    noted = conn.execute(
        update(laptops)
        .where(laptops.c.client_id == client_id, laptops.c.revoked_at.is_(None))
        .values(**values)
    )
    if noted.rowcount == 1:  # rows matched (no RETURNING: older SQLite servers lack it)
        return None
    row = conn.execute(select(laptops).where(laptops.c.client_id == client_id)).first()
    if row is None:
        conn.execute(
            insert(laptops).values(
                client_id=client_id, user_id=user_id, first_seen_at=now, **values
            )
        )
        return None
    if row.told_at is None:
        conn.execute(update(laptops).where(laptops.c.client_id == client_id).values(told_at=now))
    return revoked_error()


def revoke(conn: Connection, client_id: str, reason: str, now: float) -> str:
    """Revoke a laptop and end the sessions made for it; returns its user's name.

    LookupError if the server has never heard from it. A laptop revoked before it ever
    contacted the server cannot be known by id, so there is nothing to register in advance."""
    row = conn.execute(select(laptops).where(laptops.c.client_id == client_id)).first()
    if row is None:
        raise LookupError(f"No laptop {client_id!r} has contacted this server.")
    conn.execute(
        update(laptops)
        .where(laptops.c.client_id == client_id)
        .values(revoked_at=row.revoked_at or now, revoked_reason=reason[:500] or None)
    )
    conn.execute(
        update(refresh_tokens)
        .where(refresh_tokens.c.client_id == client_id, refresh_tokens.c.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return str(conn.scalar(select(users.c.username).where(users.c.id == row.user_id)) or "?")


def list_laptops(conn: Connection) -> list[LaptopLine]:
    query = (
        select(laptops, users.c.username)
        .join(users, users.c.id == laptops.c.user_id, isouter=True)
        .order_by(users.c.username, laptops.c.last_seen_at.desc())
    )
    return [
        LaptopLine(r.client_id, r.username or "?", r.last_seen_at, r.revoked_at, r.told_at)
        for r in conn.execute(query)
    ]


# -- unlocking a laptop that has not synced for too long -------------------------------------
# At each sync the laptop receives the SHA-256 of a one-time unlock code (never the code); a
# manager who trusts the rep reads the code to them (`crm-server unlock-code DEVICE`). The code
# is an HMAC, under the server's key, of the laptop's id and a nonce drawn at that sync, so it
# differs for every laptop and every sync, and the laptop's file holds nothing that yields it.


def _code(key: bytes, client_id: str, period: str) -> str:
    digest = hmac.new(key, f"unlock:{client_id}:{period}".encode(), hashlib.sha256).digest()
    letters = base64.b32encode(digest).decode()[:12]
    return "-".join(letters[i : i + 4] for i in range(0, 12, 4))


def new_period() -> str:
    return secrets.token_hex(5)  # a new code at every sync: the last one read out expires


def code_hash(key: bytes, client_id: str, period: str) -> str:
    return unlock_code_hash(_code(key, client_id, period))


def unlock_verifier(conn: Connection, key: bytes, client_id: str) -> tuple[str, str]:
    """(period, hash of the code) for the laptop to keep; the period is remembered here."""
    period = new_period()
    conn.execute(
        update(laptops).where(laptops.c.client_id == client_id).values(unlock_period=period)
    )
    return period, code_hash(key, client_id, period)


def unlock_code(conn: Connection, key: bytes, client_id: str) -> str:
    """The code that unlocks the laptop until its next sync; LookupError if there is none."""
    row = conn.execute(select(laptops).where(laptops.c.client_id == client_id)).first()
    if row is None:
        raise LookupError(f"No laptop {client_id!r} has contacted this server.")
    if row.revoked_at is not None:
        raise LookupError(f"The laptop {client_id!r} is revoked: it has no unlock code.")
    if row.unlock_period is None:
        raise LookupError(f"The laptop {client_id!r} has no unlock code yet: it must sync once.")
    return _code(key, client_id, str(row.unlock_period))
