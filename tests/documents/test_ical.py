"""Visits and reminders as iCalendar, read back by a second parser (vobject) and icalendar."""

from __future__ import annotations

from datetime import UTC, date, datetime

import icalendar
import vobject
from sqlalchemy.orm import Session

from crm_desktop.documents.ical import Span, calendar
from crm_desktop.services.activity import reminders, visits
from tests.factories import at, make_account, make_user


def _day(session: Session) -> str:
    rep = make_user(session)
    account = make_account(session, owner_id=rep.id, address="Calle 72 # 10-34", city="Bogotá")
    for hour, purpose in ((14, "Demostración; llevar catálogo, muestras"), (23, "Tarde")):
        visits.plan_visit(
            session,
            {"account_id": account.id, "owner_id": rep.id, "planned_at": at(2026, 5, 4, hour),
             "purpose": purpose, "duration_minutes": 90},
        )  # fmt: skip
    visits.plan_visit(  # the next day in Bogotá (05:00 UTC is midnight there)
        session, {"account_id": account.id, "owner_id": rep.id, "planned_at": at(2026, 5, 5, 6)}
    )
    reminders.create_reminder(
        session,
        {"account_id": account.id, "owner_id": rep.id, "due_at": at(2026, 5, 4, 16),
         "title": "Llamar a Lucía"},
    )  # fmt: skip
    return rep.id


def test_a_day_reads_back_in_two_parsers(session: Session) -> None:
    rep_id = _day(session)
    data = calendar(session, Span(date(2026, 5, 4)), rep_id, "es")
    parsed = vobject.readOne(data.decode("utf-8"))
    events = sorted(parsed.vevent_list, key=lambda e: e.dtstart.value)
    assert [e.summary.value for e in events] == [
        "Visita: Distribuciones Andina S.A.S.",
        "Visita: Distribuciones Andina S.A.S.",
    ]  # 23:00 UTC on the 4th is still the 4th in Bogotá; 06:00 UTC on the 5th is not
    first = events[0]
    assert first.dtstart.value == datetime(2026, 5, 4, 14, tzinfo=UTC)
    assert first.dtend.value == datetime(2026, 5, 4, 15, 30, tzinfo=UTC)
    assert first.location.value == "Calle 72 # 10-34, Bogotá"
    assert first.description.value == "Demostración; llevar catálogo, muestras"
    assert first.uid.value.endswith("@crm-de-campo")
    (todo,) = parsed.vtodo_list
    assert todo.summary.value == "Llamar a Lucía — Distribuciones Andina S.A.S."
    again = icalendar.Calendar.from_ical(data)
    assert len(list(again.walk("VEVENT"))) == 2 and len(list(again.walk("VTODO"))) == 1


def test_a_week_holds_every_day(session: Session) -> None:
    rep_id = _day(session)
    data = calendar(session, Span(date(2026, 5, 4), days=7), rep_id, "en")
    parsed = vobject.readOne(data.decode("utf-8"))
    assert len(parsed.vevent_list) == 3
    assert parsed.vevent_list[0].summary.value.startswith("Visit: ")
