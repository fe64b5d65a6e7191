"""A rep's calendar feed: planned visits and open reminders at a secret, revocable address of
the real server, read by two iCalendar parsers (icalendar and vobject)."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import icalendar
import vobject

from crm_desktop.models import Reminder, Visit
from crm_desktop.services.core import crud
from tests.sync.harness import Laptop, ServerDb, ServerProcess, add_user, make_laptop


def _visit(laptop: Laptop, account_id: str, owner: str, when: datetime, **values: object) -> str:
    with laptop.tx() as s:
        data = {"account_id": account_id, "owner_id": owner, "planned_at": when} | values
        return crud.create(s, Visit, data).id


def _reminder(laptop: Laptop, account_id: str, owner: str, when: datetime, title: str) -> str:
    with laptop.tx() as s:
        data = {"account_id": account_id, "owner_id": owner, "due_at": when, "title": title}
        return crud.create(s, Reminder, data).id


def test_a_reps_feed_shows_their_planned_visits_and_open_reminders_until_revoked(
    tmp_path: Path,
    template_db: Path,
    server: ServerProcess,
    server_db: ServerDb,
    pinned_at: datetime,
) -> None:
    ana, beto = add_user(server_db, "ana"), add_user(server_db, "beto")
    a = make_laptop("a", tmp_path, template_db, server, "ana")
    b = make_laptop("b", tmp_path, template_db, server, "beto")
    mine = a.new_account(ana, legal_name="Ferretería El Tornillo", city="Bogotá")
    tomorrow = pinned_at + timedelta(days=1)
    planned = _visit(a, mine, ana, tomorrow, purpose="Renovar licencias", duration_minutes=90)
    _visit(a, mine, ana, pinned_at - timedelta(days=3), status="done")
    gone = _visit(a, mine, ana, tomorrow + timedelta(hours=3))
    a.delete(Visit, gone)
    call = _reminder(a, mine, ana, tomorrow, "Llamar a compras")
    closed = _reminder(a, mine, ana, tomorrow, "Ya hecho")
    a.update(Reminder, closed, done_at=pinned_at)
    theirs = b.new_account(beto, legal_name="Otra empresa")
    _visit(b, theirs, beto, tomorrow)
    assert a.sync().refused == 0 and b.sync().refused == 0

    address = a.client.calendar_address()
    assert address is not None and address.startswith(server.base + "/v1/calendar/")
    answer = httpx.get(address, timeout=10)  # a calendar program: no login, no headers
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(answer.content)
    events = [c for c in cal.walk("VEVENT")]
    todos = [c for c in cal.walk("VTODO")]
    assert [str(e["uid"]) for e in events] == [f"{planned}@crm-de-campo"]
    assert events[0].decoded("dtstart") == tomorrow.astimezone(events[0].decoded("dtstart").tzinfo)
    assert events[0].decoded("dtend") - events[0].decoded("dtstart") == timedelta(minutes=90)
    assert "Ferretería El Tornillo" in str(events[0]["summary"])
    assert [str(t["uid"]) for t in todos] == [f"{call}@crm-de-campo"]
    second = vobject.readOne(answer.text)  # another parser reads the same text
    assert [v.uid.value for v in second.vevent_list] == [f"{planned}@crm-de-campo"]
    assert second.vevent.location.value == "Calle 72 # 10-34, Bogotá"  # the address, city
    assert second.vevent.description.value == "Renovar licencias"

    again = a.client.calendar_address()  # a new address: the old one stops working
    assert again != address
    assert httpx.get(address, timeout=10).status_code == 404
    assert httpx.get(again or "", timeout=10).status_code == 200
    assert a.client.calendar_address(revoke=True) is None
    assert httpx.get(again or "", timeout=10).status_code == 404
    guess = f"{server.base}/v1/calendar/{'x' * 43}.ics"
    assert httpx.get(guess, timeout=10).status_code == 404
    a.close()
    b.close()


def test_an_admin_issues_and_revokes_an_address_from_the_command_line(
    tmp_path: Path, server: ServerProcess, server_db: ServerDb
) -> None:
    add_user(server_db, "ana")

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "crm_server", "--database-url", server_db.url,
             "calendar-token", *args],
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip

    issued = cli("issue", "ana", "--base-url", server.base + "/")
    assert issued.returncode == 0, issued.stderr
    url = issued.stdout.strip().splitlines()[-1]
    assert url.startswith(server.base + "/v1/calendar/") and url.endswith(".ics")
    feed = httpx.get(url, timeout=10)
    assert feed.status_code == 200 and b"BEGIN:VCALENDAR" in feed.content
    assert cli("revoke", "ana").returncode == 0
    assert httpx.get(url, timeout=10).status_code == 404
    unknown = cli("issue", "nadie")
    assert unknown.returncode == 1 and "no user 'nadie'" in unknown.stderr
