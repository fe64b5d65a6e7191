"""A user's calendar feed: their planned visits and open reminders as iCalendar, at a URL with
a revocable token, so Outlook or Google Calendar subscribes to it and shows the rep's day.

Calendar programs send no login, so the URL is the secret: 256 random bits, stored only as a
SHA-256 hash; issuing a new one revokes the old; an unknown, revoked or deactivated user's
token answers 404 (nothing tells a guess apart from a revoked token). Rows come from the
server's own copy (sync_rows), so the feed shows what the laptops pushed, whichever laptop.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from icalendar import Calendar, Event, Todo
from sqlalchemy import Connection, insert, select, update

from crm_desktop.i18n import N_, gettext
from crm_server.db.schema import calendar_tokens as T
from crm_server.db.schema import sync_rows, users

PRODID = "-//CRM de campo//Calendario//ES"
UID_DOMAIN = "crm-de-campo"
MAX_ITEMS = 5000  # of each kind, the latest (a rep has a few hundred at most)
LANGUAGE = "es"  # the server knows no reader: Spanish first, as the program


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(conn: Connection, user_id: str, now: float) -> str:
    """A new token for the user (the old one stops working); only its hash is kept."""
    revoke(conn, user_id, now)
    token = secrets.token_urlsafe(32)
    conn.execute(insert(T).values(token_hash=_hash(token), user_id=user_id, created_at=now))
    return token


def revoke(conn: Connection, user_id: str, now: float) -> int:
    done = conn.execute(
        update(T).where(T.c.user_id == user_id, T.c.revoked_at.is_(None)).values(revoked_at=now)
    )
    return int(done.rowcount or 0)


def user_of(conn: Connection, token: str) -> str | None:
    if not 20 <= len(token) <= 100:
        return None
    row = conn.execute(
        select(T.c.user_id)
        .join(users, users.c.id == T.c.user_id)
        .where(T.c.token_hash == _hash(token), T.c.revoked_at.is_(None), users.c.active)
    ).first()
    return None if row is None else str(row.user_id)


def _moment(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        found = datetime.fromisoformat(value)
    except ValueError:
        return None
    return (found if found.tzinfo else found.replace(tzinfo=UTC)).astimezone(UTC)


def _rows(conn: Connection, table: str, user_id: str) -> list[dict[str, Any]]:
    """The user's live rows of a table (scope first, then the row's own owner)."""
    found = conn.execute(
        select(sync_rows.c.data).where(
            sync_rows.c.table_name == table,
            sync_rows.c.deleted.is_(False),
            sync_rows.c.owner == user_id,
        )
    )
    rows = [json.loads(data) for (data,) in found]
    return [r for r in rows if r.get("owner_id") == user_id]


def _accounts(conn: Connection, ids: set[str]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    wanted = sorted(ids)
    for start in range(0, len(wanted), 500):
        rows = conn.execute(
            select(sync_rows.c.row_id, sync_rows.c.data).where(
                sync_rows.c.table_name == "accounts",
                sync_rows.c.row_id.in_(wanted[start : start + 500]),
            )
        )
        found.update({row_id: json.loads(data) for row_id, data in rows})
    return found


def feed(conn: Connection, user_id: str, now: float) -> bytes:
    """Every planned visit and open reminder of the user (a visit still planned last week is
    still on their plate; the calendar program shows each where it falls)."""
    at = datetime.fromtimestamp(now, UTC)
    visits = [
        v
        for v in _rows(conn, "visits", user_id)
        if v.get("status") == "planned" and _moment(v.get("planned_at")) is not None
    ]
    reminders = [
        r
        for r in _rows(conn, "reminders", user_id)
        if r.get("done_at") is None and _moment(r.get("due_at")) is not None
    ]
    names = _accounts(
        conn, {str(x["account_id"]) for x in visits + reminders if x.get("account_id")}
    )
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "CRM de campo")
    cal.add("x-published-ttl", "PT1H")
    for visit in sorted(visits, key=lambda v: str(v["planned_at"]))[-MAX_ITEMS:]:
        cal.add_component(_event(visit, names.get(str(visit.get("account_id")), {}), at))
    for reminder in sorted(reminders, key=lambda r: str(r["due_at"]))[-MAX_ITEMS:]:
        cal.add_component(_todo(reminder, names.get(str(reminder.get("account_id")), {}), at))
    return bytes(cal.to_ical())


def _event(visit: dict[str, Any], account: dict[str, Any], stamp: datetime) -> Event:
    event = Event()
    begins = _moment(visit["planned_at"])
    assert begins is not None
    minutes = visit.get("duration_minutes")
    event.add("uid", f"{visit['id']}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("dtstart", begins)
    event.add("dtend", begins + timedelta(minutes=minutes if isinstance(minutes, int) else 60))
    name = str(account.get("legal_name") or "")
    event.add("summary", gettext(N_("Visit: {account}"), LANGUAGE, account=name))
    where = visit.get("place") or ", ".join(
        str(p) for p in (account.get("address"), account.get("city")) if p
    )
    if where:
        event.add("location", where)
    if visit.get("purpose"):
        event.add("description", str(visit["purpose"]))
    event.add("status", "CONFIRMED")
    return event


def _todo(reminder: dict[str, Any], account: dict[str, Any], stamp: datetime) -> Todo:
    todo = Todo()
    todo.add("uid", f"{reminder['id']}@{UID_DOMAIN}")
    todo.add("dtstamp", stamp)
    todo.add("due", _moment(reminder["due_at"]))
    name = account.get("legal_name")
    title = str(reminder.get("title") or "")
    todo.add("summary", f"{title} — {name}" if name else title)
    if reminder.get("body"):
        todo.add("description", str(reminder["body"]))
    return todo
