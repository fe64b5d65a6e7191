"""Administration: users (argon2id passwords) and account assignment, for the command line."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, insert, select, update

from crm_desktop.clock import SYSTEM, timestamp
from crm_server.auth import end_all_sessions, hash_password
from crm_server.db.schema import GLOBAL, users

# The laptop's models (through crm_server.rows) load only in the commands that touch synced
# rows: the others start without them.

ROLES = ("rep", "manager", "admin")
MIN_PASSWORD = 8


class AdminError(Exception):
    """Bad input to an admin command; the message says what to fix."""


@dataclass(frozen=True)
class UserLine:
    id: str
    username: str
    role: str
    active: bool


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AdminError(f"The password must have at least {MIN_PASSWORD} characters.")


def _user_id(conn: Connection, username: str) -> str:
    found = conn.scalar(select(users.c.id).where(users.c.username == username))
    if found is None:
        raise AdminError(f"There is no user {username!r}.")
    return str(found)


def user_id_of(conn: Connection, username: str) -> str:
    """The id of a user by username (AdminError with words if there is none)."""
    return _user_id(conn, username)


def add_login(
    conn: Connection,
    username: str,
    password: str,
    role: str,
    user_id: str | None = None,
    active: bool = True,
) -> str:
    """Only the login (no synced row); user_id keeps an id the synced data already uses."""
    if role not in ROLES:
        raise AdminError(f"The role must be one of {', '.join(ROLES)}, not {role!r}.")
    if not username.strip() or len(username) > 80:
        raise AdminError("The username must have 1 to 80 characters.")
    _check_password(password)
    from crm_desktop.models.ids import new_id

    if conn.scalar(select(users.c.id).where(users.c.username == username)) is not None:
        raise AdminError(f"The user {username!r} exists already.")
    user_id = user_id or new_id()
    if conn.scalar(select(users.c.id).where(users.c.id == user_id)) is not None:
        raise AdminError(f"A user with id {user_id} exists already.")
    conn.execute(
        insert(users).values(
            id=user_id,
            username=username,
            password_hash=hash_password(password),
            role=role,
            active=active,
            created_at=timestamp(SYSTEM),
        )
    )
    return user_id


def add_user(conn: Connection, username: str, password: str, role: str, full_name: str) -> str:
    """A login and the matching synced `users` row (same id), so owner ids mean the same."""
    from crm_desktop.models.codec import to_json
    from crm_server import rows as R

    user_id = add_login(conn, username, password, role)
    now = to_json(SYSTEM.now())
    data: dict[str, str | int | bool | None] = {
        "id": user_id,
        "username": username,
        "full_name": full_name or username,
        "email": None,
        "role": role,
        "quote_prefix": username[:3].upper(),
        "active": True,
        "deleted_at": None,
    }
    row = R.Row("users", user_id, 1, data, dict.fromkeys(data, 1), GLOBAL, None, False, is_new=True)
    R.save(conn, row)
    R.log_change(conn, row, data | {"created": now}, None)
    return user_id


def set_active(conn: Connection, username: str, active: bool) -> None:
    user_id = _user_id(conn, username)
    conn.execute(update(users).where(users.c.id == user_id).values(active=active))
    if not active:
        end_all_sessions(conn, user_id, timestamp(SYSTEM))
    from crm_server import rows as R

    row = R.load(conn, "users", user_id, lock=True)
    if row is not None:
        row.version += 1
        row.data["active"] = active
        row.field_versions["active"] = row.version
        R.save(conn, row)
        R.log_change(conn, row, {"active": active}, None)


def set_password(conn: Connection, username: str, password: str) -> None:
    _check_password(password)
    user_id = _user_id(conn, username)
    conn.execute(
        update(users).where(users.c.id == user_id).values(password_hash=hash_password(password))
    )
    end_all_sessions(
        conn, user_id, timestamp(SYSTEM)
    )  # a stolen session ends with the old password


def end_sessions(conn: Connection, username: str) -> None:
    """Sign a user out of every laptop (each must log in again with the password)."""
    end_all_sessions(conn, _user_id(conn, username), timestamp(SYSTEM))


def revoke_laptop(conn: Connection, client_id: str, reason: str = "") -> str:
    """Revoke a laptop (it erases its data at its next contact); returns its user's name."""
    from crm_server import laptops

    try:
        return laptops.revoke(conn, client_id.strip(), reason.strip(), timestamp(SYSTEM))
    except LookupError as error:
        raise AdminError(str(error)) from error


def unlock_code(conn: Connection, client_id: str) -> str:
    """The code a manager reads to a rep whose laptop locked after too long without a sync."""
    from crm_server import laptops
    from crm_server.auth import token_key

    try:
        return laptops.unlock_code(conn, token_key(conn), client_id.strip())
    except LookupError as error:
        raise AdminError(str(error)) from error


def assign_account(conn: Connection, account_id: str, username: str) -> int:
    """Give an account (and everything under it) to a rep; returns the account's version."""
    from crm_server.reassign import reassign

    user_id = _user_id(conn, username)
    role = conn.scalar(select(users.c.role).where(users.c.id == user_id))
    if role != "rep":
        raise AdminError(f"{username!r} is a {role}: accounts are assigned to reps.")
    try:
        return reassign(conn, account_id, user_id, None)
    except LookupError as error:
        raise AdminError(str(error)) from error


def list_users(conn: Connection) -> list[UserLine]:
    return [
        UserLine(r.id, r.username, r.role, r.active)
        for r in conn.execute(select(users).order_by(users.c.username))
    ]


def set_costs_access(conn: Connection, username: str, allowed: bool) -> str:
    """Let a rep see products' costs (their laptop receives them at its next sync), or stop it."""
    from crm_server.costs import set_access

    resent = set_access(conn, _user_id(conn, username), allowed)
    if allowed:
        return f"{username} may see costs: {resent} row(s) go to their laptop at its next sync."
    return f"{username} no longer receives costs (what their laptop has stays there)."
