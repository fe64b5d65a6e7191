"""One keystroke to record a visit: Ctrl+R, a few letters, Enter, and the visit dialog is open."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from crm_desktop.views.activity.quick_pick import QuickAccountPicker
from crm_desktop.views.main_window import MainWindow
from crm_desktop.views.today.today import RescheduleDialog, TodayPage
from tests.factories import make_account, make_user
from tests.views.data import add_reminder, valid_nit


def test_ctrl_r_picks_an_account_and_opens_its_visit_dialog(qtbot, ctx, database) -> None:
    with database.sessions() as s, s.begin():
        make_account(s)
        wanted = make_account(
            s, legal_name="Tornillos del Norte S.A.S.", tax_id=valid_nit(811_222_333)
        )
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    picker = window.quick_picker
    assert isinstance(picker, QuickAccountPicker) and picker.isVisible()
    qtbot.keyClicks(picker.search, "tornil")
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)  # Enter before the pause still searches
    assert not picker.isVisible()
    dialog = picker.activity_dialog
    qtbot.waitUntil(lambda: dialog.isVisible())
    assert type(dialog).__name__ == "VisitDialog" and dialog.account_id == wanted.id
    dialog.reject()
    QApplication.processEvents()


def test_reschedule_moves_the_reminder_out_of_today(qtbot, ctx, database) -> None:
    from datetime import timedelta

    with database.sessions() as s, s.begin():
        rep = make_user(s)
        account = make_account(s, owner_id=rep.id)
        add_reminder(s, rep.id, account.id, database.clock.now() - timedelta(hours=1))
    ctx.user_id = rep.id
    page = TodayPage(ctx)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.reminders.rowCount() == 1)
    page.reminders_table.selectRow(0)
    qtbot.mouseClick(page.reschedule_button, Qt.MouseButton.LeftButton)
    dialog = page.reschedule_dialog
    assert isinstance(dialog, RescheduleDialog)
    assert dialog.due_at() > database.clock.now() + timedelta(hours=1)  # tomorrow, 9:00 local
    dialog.accept()
    qtbot.waitUntil(lambda: page.reminders.rowCount() == 0)
