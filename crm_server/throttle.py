"""Login throttling that slows attackers, not users.

Every attempt is counted before its password is checked (so a burst of parallel guesses cannot
slip past the count), under three keys: the (account, address) pair, the account across every
address, and the address across every account. A success takes its own attempt back.

- Pair: 3 free tries, then waits of 1, 2, 4 ... seconds, at most PAIR_MAX_WAIT.
- Account: ACCOUNT_FREE tries from anywhere, then doubling waits up to ACCOUNT_MAX_WAIT, for
  every address that has never logged in to that account: rotating addresses gains nothing.
- Address: ADDRESS_FREE tries on any accounts (an office behind one NAT), then doubling waits up
  to ADDRESS_MAX_WAIT, for accounts that were never used from that address.

An address a user has logged in from before ("known") answers only to its own pair: someone
else's failures on the account, from other addresses or across accounts, never slow the real
user there; behind a shared NAT, where the attacker's tries come from the same address, the
delay is the pair's, bounded by PAIR_MAX_WAIT. Counts expire FAILURE_TTL after their last
failure and are pruned on the way.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, delete, insert, select, update

from crm_server.db.schema import login_known_addresses, login_throttle, users

FAILURE_TTL = 3600.0
KNOWN_TTL = 180 * 24 * 3600.0
PAIR_FREE, PAIR_MAX_WAIT = 3, 60.0
ACCOUNT_FREE, ACCOUNT_MAX_WAIT = 10, 300.0
ADDRESS_FREE, ADDRESS_MAX_WAIT = 30, 300.0


@dataclass(frozen=True)
class Account:
    user_id: str
    username: str
    role: str
    password_hash: str
    active: bool


@dataclass(frozen=True)
class Attempt:
    """What the first, short transaction found: how long to wait, or the account to check."""

    wait: float
    account: Account | None


def _keys(username: str, ip: str) -> dict[str, str]:
    return {"pair": f"{username}\x1f{ip}"[:160], "account": username, "address": ip}


def _wait(failures: int, last: float, now: float, free: int, cap: float) -> float:
    if failures < free:
        return 0.0
    step: float = min(2.0 ** min(failures - free, 30), cap)
    return max(0.0, last + step - now)


def begin(conn: Connection, username: str, ip: str, now: float) -> Attempt:
    """Prune, work out the wait; with none, count this attempt as a failure until it succeeds."""
    conn.execute(delete(login_throttle).where(login_throttle.c.last_failure_at < now - FAILURE_TTL))
    row = conn.execute(select(users).where(users.c.username == username)).first()
    account = (
        Account(row.id, row.username, row.role, row.password_hash, bool(row.active))
        if row
        else None
    )
    known = account is not None and _is_known(conn, account.user_id, ip, now)
    keys = _keys(username, ip)
    found = {
        r.scope: r
        for r in conn.execute(
            select(login_throttle).where(
                login_throttle.c.scope.in_(list(keys)),
                login_throttle.c.key.in_(list(keys.values())),
            )
        )
        if keys.get(r.scope) == r.key
    }
    limits = {"pair": (PAIR_FREE, PAIR_MAX_WAIT)}
    if not known:
        limits |= {"account": (ACCOUNT_FREE, ACCOUNT_MAX_WAIT)}
        limits |= {"address": (ADDRESS_FREE, ADDRESS_MAX_WAIT)}
    wait = max(
        (
            _wait(found[s].failures, found[s].last_failure_at, now, *limits[s])
            for s in limits
            if s in found
        ),
        default=0.0,
    )
    if wait <= 0:
        for scope, key in keys.items():
            _count(conn, scope, key, now, 1)
    return Attempt(wait, account)


def _is_known(conn: Connection, user_id: str, ip: str, now: float) -> bool:
    last = conn.scalar(
        select(login_known_addresses.c.last_success_at).where(
            login_known_addresses.c.user_id == user_id, login_known_addresses.c.ip == ip
        )
    )
    return last is not None and last > now - KNOWN_TTL


def _count(conn: Connection, scope: str, key: str, now: float, step: int) -> None:
    where = (login_throttle.c.scope == scope) & (login_throttle.c.key == key)
    values = {"failures": login_throttle.c.failures + step}
    if step > 0:
        values["last_failure_at"] = now  # type: ignore[assignment]
    done = conn.execute(update(login_throttle).where(where).values(values))
    if done.rowcount == 0 and step > 0:
        conn.execute(
            insert(login_throttle).values(scope=scope, key=key, failures=step, last_failure_at=now)
        )


def succeeded(conn: Connection, username: str, ip: str, user_id: str, now: float) -> None:
    """The password was right: take the attempt back, forget the pair, remember the address."""
    keys = _keys(username, ip)
    conn.execute(
        delete(login_throttle).where(
            login_throttle.c.scope == "pair", login_throttle.c.key == keys["pair"]
        )
    )
    for scope in ("account", "address"):
        _count(conn, scope, keys[scope], now, -1)
    conn.execute(
        delete(login_known_addresses).where(
            login_known_addresses.c.last_success_at < now - KNOWN_TTL
        )
    )
    where = (login_known_addresses.c.user_id == user_id) & (login_known_addresses.c.ip == ip)
    done = conn.execute(update(login_known_addresses).where(where).values(last_success_at=now))
    if done.rowcount == 0:
        conn.execute(
            insert(login_known_addresses).values(user_id=user_id, ip=ip, last_success_at=now)
        )
