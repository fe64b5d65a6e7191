"""The Today page: today's visits in route order, due reminders and their buttons, quotes."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import Qt
from sqlalchemy import select

from crm_desktop.clock import today
from crm_desktop.models import Reminder
from crm_desktop.views.today.today import TodayPage
from tests.factories import make_account, make_user
from tests.views.data import add_quote, add_reminder, add_visit, local_today_at


def seed_day(database) -> dict[str, str]:  # type: ignore[no-untyped-def]
    def at(hour: int) -> datetime:
        return local_today_at(database.clock, hour)

    with database.sessions() as s, s.begin():
        rep = make_user(s)
        other = make_user(s, "lgomez", full_name="Luis Gómez")
        account = make_account(s, owner_id=rep.id)
        ids = {"rep": rep.id, "other": other.id, "account": account.id}
        ids["second"] = add_visit(s, account.id, rep.id, at(9), order=2)
        ids["first"] = add_visit(s, account.id, rep.id, at(11), order=1)
        add_visit(s, account.id, other.id, at(10), order=1)  # another rep's
        add_visit(s, account.id, rep.id, at(10) + timedelta(days=1), order=1)
        ids["reminder"] = add_reminder(
            s, rep.id, account.id, database.clock.now() - timedelta(days=1)
        )
        ids["quote"] = add_quote(s, account.id, rep.id, today(database.clock) + timedelta(days=3))
        return ids


def make_page(qtbot, ctx) -> TodayPage:  # type: ignore[no-untyped-def]
    page = TodayPage(ctx)
    qtbot.addWidget(page)
    page.show()
    return page


def test_today_shows_the_reps_visits_in_route_order_and_what_is_due(qtbot, ctx, database) -> None:
    ids = seed_day(database)
    ctx.user_id = ids["rep"]
    page = make_page(qtbot, ctx)
    qtbot.waitUntil(lambda: page.visits.rowCount() == 2)
    assert [page.visits.index(r, 0).data() for r in range(2)] == ["1", "2"]
    assert page.visits.index(0, 4).data() == "Visita 1"
    assert page.visits.index(0, 2).data() == "Distribuciones Andina S.A.S."
    assert page.visits_title.text() == "2 visits planned for today"
    assert page.reminders.rowCount() == 1
    assert page.reminders.index(0, 2).data() == "Llamar"
    assert page.reminders.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is not None  # overdue
    assert page.quotes.index(0, 0).data() == "JP-0001"
    assert page.quotes.index(0, 3).data().replace("\xa0", " ").startswith("COP 1")


def test_done_removes_the_reminder(qtbot, ctx, database) -> None:
    ids = seed_day(database)
    ctx.user_id = ids["rep"]
    page = make_page(qtbot, ctx)
    qtbot.waitUntil(lambda: page.reminders.rowCount() == 1)
    assert not page.done_button.isEnabled()
    page.reminders_table.selectRow(0)
    assert page.done_button.isEnabled()
    qtbot.mouseClick(page.done_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.reminders.rowCount() == 0)
    with database.sessions() as s:
        assert s.scalar(select(Reminder.done_at).where(Reminder.id == ids["reminder"])) is not None


def test_snooze_hides_the_reminder_until_tomorrow(qtbot, ctx, database) -> None:
    ids = seed_day(database)
    ctx.user_id = ids["rep"]
    page = make_page(qtbot, ctx)
    qtbot.waitUntil(lambda: page.reminders.rowCount() == 1)
    page.reminders_table.selectRow(0)
    qtbot.mouseClick(page.snooze_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.reminders.rowCount() == 0)
    with database.sessions() as s:
        snoozed = s.scalar(select(Reminder.snoozed_until).where(Reminder.id == ids["reminder"]))
    assert snoozed is not None and snoozed > database.clock.now() + timedelta(hours=23)


def test_everyone_sees_every_reps_visits(qtbot, ctx, database, qtmodeltester) -> None:
    seed_day(database)
    page = make_page(qtbot, ctx)  # ctx.user_id is None: the manager's view
    qtbot.waitUntil(lambda: page.visits.rowCount() == 3)
    for model in (page.visits, page.reminders, page.quotes):
        qtmodeltester.check(model)


def test_today_warns_about_client_mail_queued_for_hours(qtbot, ctx, database) -> None:
    """Issue 11, item 2: a quote e-mail that never left is on the rep's first screen."""
    from crm_desktop.models.mail import MailMessage

    with database.sessions() as s, s.begin():
        for hours in (4, 1):  # one stale, one just queued
            queued_at = database.clock.now() - timedelta(hours=hours)
            s.add(MailMessage(to_addrs="a@b.co", cc_addrs="", subject="Cotización", body="",
                              state="queued", created_at=queued_at))  # fmt: skip
    page = make_page(qtbot, ctx)
    qtbot.waitUntil(lambda: not page.mail_warning.isHidden())
    assert page.mail_warning.text().startswith("1 e-mail to a client queued for more than 3 hours")


def test_a_reminder_due_earlier_today_is_todays_work_not_overdue(qtbot, ctx, database) -> None:
    """Issue 11, item 10: overdue means due before today; the title gives both numbers."""
    with database.sessions() as s, s.begin():
        rep = make_user(s)
        account = make_account(s, owner_id=rep.id)
        add_reminder(s, rep.id, account.id, local_today_at(database.clock, 0))
        add_reminder(s, rep.id, account.id, database.clock.now() - timedelta(days=2))
    ctx.user_id = rep.id
    page = make_page(qtbot, ctx)
    qtbot.waitUntil(lambda: page.reminders.rowCount() == 2)
    overdue = [page.reminders.index(r, 0).data(Qt.ItemDataRole.ForegroundRole) for r in (0, 1)]
    assert overdue[0] is not None and overdue[1] is None
    assert page.reminders_title.text() == "2 reminders for today, 1 overdue"
