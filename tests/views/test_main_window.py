"""The main window: shortcuts, actions as data, "working as", remembered geometry, status bar."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence

from crm_desktop.views.actions import ACTIONS
from crm_desktop.views.main_window import PAGE_IDS, MainWindow
from tests.factories import make_account, make_user
from tests.views.data import valid_nit


def make_window(qtbot, ctx) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # shortcuts go to the active window
    return window


def test_every_action_is_declared_once_with_a_unique_shortcut(qtbot, ctx) -> None:
    window = make_window(qtbot, ctx)
    ids = [spec.id for spec in ACTIONS]
    shortcuts = [spec.shortcut for spec in ACTIONS if spec.shortcut]
    assert len(set(ids)) == len(ids) and len(set(shortcuts)) == len(shortcuts)
    assert set(window.actions_by_id) == set(ids)
    assert window.actions_by_id["record_visit"].shortcut() == QKeySequence("Ctrl+R")
    menu_titles = [action.text() for action in window.menuBar().actions()]
    assert menu_titles == ["&File", "&Go", "&Account", "&View"]


def test_shortcuts_switch_pages(qtbot, ctx) -> None:
    window = make_window(qtbot, ctx)
    assert window.current_page_id() == "today"
    for number, page_id in enumerate(PAGE_IDS, start=1):
        qtbot.keyClick(
            window, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier
        )
        assert window.current_page_id() == page_id
        assert window.nav.currentRow() == number - 1
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_id() == "accounts"
    assert window.page("accounts").search.hasFocus()


def test_open_account_is_enabled_only_with_a_selected_account(qtbot, ctx, database) -> None:
    with database.sessions() as s, s.begin():
        make_account(s)
    window = make_window(qtbot, ctx)
    window.go_to("accounts")
    open_action = window.actions_by_id["open_account"]
    assert not open_action.isEnabled()
    window.page("accounts").table.selectRow(0)
    assert open_action.isEnabled()
    open_action.trigger()
    assert window.page("accounts").current_account_view() is not None
    window.go_to("today")
    assert not open_action.isEnabled()


def test_working_as_a_rep_filters_the_pages_and_is_remembered(qtbot, ctx, database) -> None:
    with database.sessions() as s, s.begin():
        rep = make_user(s)
        other = make_user(s, "lgomez", full_name="Luis Gómez")
        make_account(s, owner_id=rep.id)
        make_account(
            s, legal_name="Otra Cuenta S.A.S.", tax_id=valid_nit(860_001_234), owner_id=other.id
        )
    window = make_window(qtbot, ctx)
    accounts = window.page("accounts")
    assert accounts.model.rowCount() == 2
    qtbot.waitUntil(lambda: window.working_as.count() == 3)
    row = window.working_as.findData(rep.id)
    window.working_as.setCurrentIndex(row)
    window.working_as.activated.emit(row)
    assert ctx.user_id == rep.id
    assert ctx.settings.get("general.current_user") == "jperez"
    qtbot.waitUntil(lambda: accounts.model.rowCount() == 1)
    assert accounts.model.index(0, 0).data() == "Distribuciones Andina S.A.S."
    window.close()
    ctx.user_id = None
    again = make_window(qtbot, ctx)  # the next run starts as the same rep
    assert ctx.user_id == rep.id
    # from the first paint, not "Everyone (manager)" until the people are read (issue 11)
    assert again.working_as.currentText() == "Juana Pérez"
    qtbot.waitUntil(lambda: again.working_as.count() == 3)
    assert again.working_as.currentText() == "Juana Pérez"


def test_window_geometry_is_remembered(qtbot, ctx) -> None:
    window = make_window(qtbot, ctx)
    # No narrower than the window's minimum, which grows with the status bar and toolbar.
    window.resize(max(window.minimumSizeHint().width(), 700), 560)
    before = window.size()
    window.close()  # saves geometry and state
    assert QSettings().value("main_window/geometry") is not None
    again = make_window(qtbot, ctx)
    assert before.height() == again.height() == 560
    # The width comes back too, unless names loaded since then widened the window's minimum.
    assert again.width() in (before.width(), again.minimumSizeHint().width())


def test_the_window_is_no_bigger_than_the_screen(qtbot, ctx) -> None:
    """Issue 11: 1360×840 on a 1366×768 laptop put the status bar below the screen's edge."""
    window = make_window(qtbot, ctx)
    room = window.screen().availableGeometry()  # the offscreen screen: 800×600
    window.resize(1360, 840)
    window.fit_screen()
    assert window.width() <= room.width() and window.height() <= room.height() - 32
    assert window.windowState() & Qt.WindowState.WindowMaximized


def test_status_bar_counts_changes_waiting_to_sync(qtbot, ctx, database) -> None:
    with database.sessions() as s, s.begin():
        make_account(s)
    window = make_window(qtbot, ctx)
    qtbot.waitUntil(lambda: window.pending_label.text().endswith("waiting to sync"))
    assert not window.pending_label.text().startswith("0 ")
    assert window.sync_status_area.objectName() == "sync_status_area"


def test_only_a_signed_in_manager_may_work_as_someone_else(qtbot, ctx, database) -> None:
    """Issue 11, item 15: a rep signed in on their laptop cannot become a colleague or
    "everyone" without a password; a manager's laptop offers every rep."""
    with database.sessions() as s, s.begin():
        rep = make_user(s)
        make_user(s, "lgomez", full_name="Luis Gómez")
        make_user(s, "boss", full_name="Ana Jefe", role="manager")
    ctx.settings.set("sync.username", "jperez")
    window = make_window(qtbot, ctx)
    qtbot.waitUntil(lambda: ctx.user_id == rep.id)
    assert window.working_as.count() == 1 and not window.working_as.isEnabled()
    assert window.working_as.currentText() == "Juana Pérez"
    window.close()
    ctx.settings.set("sync.username", "boss")
    managers = make_window(qtbot, ctx)
    qtbot.waitUntil(lambda: managers.working_as.count() == 4)  # everyone and the three
    assert managers.working_as.isEnabled()
    assert managers.working_as.itemText(0) == "Everyone (manager)"
