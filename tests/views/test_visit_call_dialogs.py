"""Recording visits and calls from the 360° view, as a rep does during the day."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from crm_desktop.clock import today
from crm_desktop.database import Database
from crm_desktop.models import Account, Activity, Contact, Reminder, Visit
from crm_desktop.views.accounts.account_view import AccountView
from crm_desktop.views.activity.call_dialog import CallDialog
from crm_desktop.views.activity.contact_dialog import ContactDialog
from crm_desktop.views.activity.quick_dialogs import NoteDialog, OpportunityDialog
from crm_desktop.views.activity.visit_dialog import VisitDialog
from crm_desktop.views.common.context import AppContext
from tests.views.b_support import World, ctx, save_button, world  # noqa: F401


def open_view(qtbot: QtBot, ctx: AppContext, account_id: str) -> AccountView:  # noqa: F811
    view = AccountView(ctx, account_id)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded):
        view.show()
    return view


def pick(combo: object, code: str) -> None:
    combo.setCurrentIndex(combo.findData(code))  # type: ignore[attr-defined]


def test_record_visit_with_outcome_and_follow_up(
    qtbot: QtBot,
    ctx: AppContext,  # noqa: F811
    world: World,  # noqa: F811
    database: Database,
) -> None:
    view = open_view(qtbot, ctx, world.account_id)
    qtbot.mouseClick(view.record_visit, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, VisitDialog)
    qtbot.waitUntil(lambda: dialog.contact.count() == 3)  # nobody, Ana, Beto
    qtbot.keyClicks(dialog.purpose, "Demo ERP")
    qtbot.keyClicks(dialog.place, "Oficina principal")
    pick(dialog.contact, world.contact_ids[1])
    qtbot.mouseClick(dialog.check_in_button, Qt.MouseButton.LeftButton)
    assert dialog.check_in_label.text() != "" and dialog.check_out_button.isEnabled()
    qtbot.mouseClick(dialog.check_out_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.notes, "Quieren 20 licencias")
    pick(dialog.outcome, "follow_up")
    qtbot.keyClicks(dialog.next_step, "Send the proposal")
    dialog.follow_up.setChecked(True)
    follow = today(ctx.clock) + timedelta(days=10)
    dialog.follow_up_on.setDate(QDate(follow.year, follow.month, follow.day))
    qtbot.mouseClick(save_button(dialog.buttons), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.timeline_model.rowCount() == 3)
    top = view.timeline_model.entries[0]
    assert view.timeline_model.index(0).data() == "Visit: Demo ERP"
    assert top.code == "follow_up" and "Send the proposal" in top.detail
    assert not dialog.isVisible()
    with database.sessions() as s:
        visit = s.scalar(select(Visit).where(Visit.purpose == "Demo ERP"))
        assert visit is not None and visit.status == "done"
        assert visit.checked_in_at is not None and visit.checked_out_at is not None
        assert visit.contact_id == world.contact_ids[1]
        [reminder] = s.scalars(select(Reminder)).all()
    assert reminder.title == "Send the proposal" and reminder.due_at.date() == follow
    assert reminder.account_id == world.account_id


def test_rejected_visit_without_reason_saves_nothing(
    qtbot: QtBot,
    ctx: AppContext,  # noqa: F811
    world: World,  # noqa: F811
    database: Database,
) -> None:
    dialog = VisitDialog(ctx, world.account_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.purpose, "Renewal")
    pick(dialog.outcome, "rejected")
    assert dialog.rejection_reason.isEnabled()
    qtbot.mouseClick(save_button(dialog.buttons), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.errors.text_of("rejection_reason") != "")
    assert dialog.errors.text_of("rejection_reason") == "Say why the customer said no."
    with database.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Visit)) == 1  # the fixture's only
        assert s.scalar(select(func.count()).select_from(Reminder)) == 0
    qtbot.keyClicks(dialog.rejection_reason, "Too expensive")
    with qtbot.waitSignal(dialog.visit_saved):
        qtbot.mouseClick(save_button(dialog.buttons), Qt.MouseButton.LeftButton)
    with database.sessions() as s:
        kinds = s.scalars(select(Activity.kind).order_by(Activity.kind)).all()
    assert kinds == ["call", "rejection"]


def test_visit_corrects_contact_data_from_inside(
    qtbot: QtBot,
    ctx: AppContext,  # noqa: F811
    world: World,  # noqa: F811
    database: Database,
) -> None:
    dialog = VisitDialog(ctx, world.account_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.contact.count() == 3)
    pick(dialog.contact, world.contact_ids[0])
    qtbot.mouseClick(dialog.edit_contact, Qt.MouseButton.LeftButton)
    contact_dialog = dialog.contact_dialog
    assert isinstance(contact_dialog, ContactDialog)
    qtbot.waitUntil(lambda: contact_dialog.first_name.text() == "Ana")
    qtbot.keyClicks(contact_dialog.job_title, "Jefe de compras")
    qtbot.mouseClick(save_button(contact_dialog.buttons), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Jefe de compras" in dialog.contact.currentText())
    assert dialog.contact.currentData() == world.contact_ids[0]
    with database.sessions() as s:
        contact = s.get(Contact, world.contact_ids[0])
        assert contact is not None and contact.job_title == "Jefe de compras"


def test_log_call_from_contact_with_call_back(
    qtbot: QtBot,
    ctx: AppContext,  # noqa: F811
    world: World,  # noqa: F811
    database: Database,
) -> None:
    view = open_view(qtbot, ctx, world.account_id)
    view.tabs.setCurrentWidget(view.contacts)
    view.contacts.table.selectRow(1)  # Beto
    qtbot.mouseClick(view.contacts.buttons["log_call"], Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, CallDialog)
    qtbot.waitUntil(lambda: dialog.contact.currentText() == "Beto Gil")
    assert not dialog.call_back_at.isEnabled()
    pick(dialog.answer, "call_back")
    assert dialog.call_back_at.isEnabled()
    qtbot.keyClicks(dialog.subject, "Budget")
    dialog.duration.setValue(4)
    qtbot.mouseClick(save_button(dialog.buttons), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.timeline_model.rowCount() == 3)
    assert view.timeline_model.index(0).data() == "Call: Budget"
    assert view.timeline_model.entries[0].code == "call_back"
    with database.sessions() as s:
        call = s.scalar(select(Activity).where(Activity.subject == "Budget"))
        assert call is not None and call.contact_id == world.contact_ids[1]
        assert call.duration_minutes == 4
        [reminder] = s.scalars(select(Reminder)).all()
    assert reminder.title == "Call back: Budget"


def test_add_note_and_new_opportunity_reach_the_timeline(
    qtbot: QtBot,
    ctx: AppContext,  # noqa: F811
    world: World,  # noqa: F811
) -> None:
    view = open_view(qtbot, ctx, world.account_id)
    qtbot.mouseClick(view.add_note, Qt.MouseButton.LeftButton)
    note = view.dialog
    assert isinstance(note, NoteDialog)
    qtbot.keyClicks(note.body, "Prefers visits on Tuesdays")
    qtbot.mouseClick(save_button(note.buttons), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.timeline_model.rowCount() == 3)
    qtbot.mouseClick(view.new_opportunity, Qt.MouseButton.LeftButton)
    opportunity = view.dialog
    assert isinstance(opportunity, OpportunityDialog)
    qtbot.keyClicks(opportunity.name, "ERP 2027")
    qtbot.keyClicks(opportunity.amount, "a lot")
    qtbot.mouseClick(save_button(opportunity.buttons), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: opportunity.errors.text_of("amount") != "")
    assert view.timeline_model.rowCount() == 3
    opportunity.amount.clear()
    qtbot.keyClicks(opportunity.amount, "25000000")
    qtbot.mouseClick(save_button(opportunity.buttons), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.timeline_model.rowCount() == 4)
    kinds = {e.kind for e in view.timeline_model.entries}
    assert {"note", "opportunity"} <= kinds


def test_call_back_in_the_past_is_refused_under_its_field(
    qtbot: QtBot,
    ctx: AppContext,  # noqa: F811
    world: World,  # noqa: F811
    database: Database,
) -> None:
    dialog = CallDialog(ctx, world.account_id)
    qtbot.addWidget(dialog)
    dialog.show()
    pick(dialog.answer, "call_back")
    dialog.call_back_at.setDateTime(dialog.call_back_at.dateTime().addDays(-3))
    qtbot.mouseClick(save_button(dialog.buttons), Qt.MouseButton.LeftButton)
    assert dialog.errors.text_of("call_back_at") == "Choose a time after now."
    with database.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Activity)) == 1  # the fixture's call


def test_planned_visit_opened_from_the_timeline_gets_its_outcome(
    qtbot: QtBot,
    ctx: AppContext,  # noqa: F811
    world: World,  # noqa: F811
    database: Database,
) -> None:
    view = open_view(qtbot, ctx, world.account_id)
    row = [e.kind for e in view.timeline_model.entries].index("visit")
    rect = view.timeline.visualRect(view.timeline_model.index(row))
    qtbot.mouseClick(view.timeline.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.timeline.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = view.dialog
    assert isinstance(dialog, VisitDialog)
    qtbot.waitUntil(lambda: dialog.purpose.text() == "First meeting")
    qtbot.mouseClick(dialog.check_in_button, Qt.MouseButton.LeftButton)
    pick(dialog.outcome, "interested")
    with qtbot.waitSignal(dialog.visit_saved):
        qtbot.mouseClick(save_button(dialog.buttons), Qt.MouseButton.LeftButton)
    with database.sessions() as s:
        [visit] = s.scalars(select(Visit)).all()  # updated, not a second visit
    assert (visit.purpose, visit.outcome, visit.status) == ("First meeting", "interested", "done")
    assert visit.checked_in_at is not None
    # Checked in now: the visit moves to the top of the timeline, with its outcome.
    qtbot.waitUntil(lambda: view.timeline_model.entries[0].code == "interested")
    assert view.timeline_model.entries[0].kind == "visit"


def test_the_call_dialog_says_its_account_and_takes_a_typed_date(
    qtbot: QtBot,
    ctx: AppContext,  # noqa: F811
    world: World,  # noqa: F811
    database: Database,
) -> None:
    """Issue 11, item 18."""
    from PySide6.QtCore import QDate, QTime

    dialog = CallDialog(ctx, world.account_id)
    qtbot.addWidget(dialog)
    dialog.show()
    with database.sessions() as s:
        name = s.get(Account, world.account_id).legal_name
    qtbot.waitUntil(lambda: dialog.account_name.text() == name)
    assert name in dialog.windowTitle()
    pick(dialog.answer, "call_back")
    dialog.call_back_at.setFocus()
    dialog.call_back_at.lineEdit().selectAll()
    later = dialog.call_back_at.date().addDays(10)
    qtbot.keyClicks(dialog.call_back_at, later.toString("MM/dd/yyyy") + " 16:45")
    typed = dialog.call_back_at.dateTime()
    assert (typed.date(), typed.time()) == (later, QTime(16, 45))
    assert isinstance(later, QDate)
