"""The main window: navigation, menus and toolbar from actions.py, "working as", status bar.

Pages are made when first shown (the start page at once), so the program starts fast; each
page listens to ctx.ops.changed and refreshes only for the tables it shows. Nothing here imports
SQLAlchemy or the models at module level: the start page paints first (its one page read is plain
sqlite3), and the database work the start asks for waits for that paint (first_painted).
"""

from __future__ import annotations

import importlib
from contextlib import closing
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QPaintEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from crm_desktop.services.accounts.account_list import Person, allowed_people, people
from crm_desktop.views.actions import ACTIONS, MENUS, make_action, update_enabled
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.guard import while_alive
from crm_desktop.views.common.labels import QT_TRANSLATE_NOOP
from crm_desktop.views.common.ops import ChangeSet

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from crm_desktop.database import Database

# (page id, module, class, title). Each page class takes (ctx: AppContext).
PAGES = [
    (
        "today",
        "crm_desktop.views.today.today",
        "TodayPage",
        QT_TRANSLATE_NOOP("MainWindow", "Today"),
    ),
    (
        "accounts",
        "crm_desktop.views.accounts.accounts",
        "AccountsPage",
        QT_TRANSLATE_NOOP("MainWindow", "Accounts"),
    ),
    (
        "pipeline",
        "crm_desktop.views.pipeline.pipeline",
        "PipelinePage",
        QT_TRANSLATE_NOOP("MainWindow", "Pipeline"),
    ),
    (
        "quotes",
        "crm_desktop.views.quotes.quotes",
        "QuotesPage",
        QT_TRANSLATE_NOOP("MainWindow", "Quotes"),
    ),
    (
        "reports",
        "crm_desktop.views.reports.reports",
        "ReportsPage",
        QT_TRANSLATE_NOOP("MainWindow", "Reports"),
    ),
    (
        "campaigns",
        "crm_desktop.views.campaigns.campaigns",
        "CampaignsPage",
        QT_TRANSLATE_NOOP("MainWindow", "Campaigns"),
    ),
    (
        "settings",
        "crm_desktop.views.settings.settings_page",
        "SettingsPage",
        QT_TRANSLATE_NOOP("MainWindow", "Settings"),
    ),
]
PAGE_IDS = [page[0] for page in PAGES]
# A ChangeSet with these tables means "the person the program works as changed".
USER_CHANGED = ChangeSet(tables=frozenset({"users", "*"}))
ALL_TABLES = frozenset(
    {"*", "users", "accounts", "contacts", "visits", "activities", "reminders", "quotes"}
    | {"opportunities", "products", "account_products", "sync_outbox"}
)


def _make_page(ctx: AppContext, module: str, cls: str, title: str) -> QWidget:
    try:
        page_module = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name != module:
            raise
        placeholder = QLabel(title)  # the page is not built yet
        placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return placeholder
    page: QWidget = getattr(page_module, cls)(ctx)
    return page


def _current_user(database: Database, username: str) -> tuple[str, str] | None:
    """(id, full name) of the user with this username, read at start without SQLAlchemy."""
    with closing(database.read_connection()) as conn:
        found = conn.execute(
            "SELECT id, full_name FROM users WHERE username = ? AND deleted_at IS NULL",
            (username,),
        ).fetchone()
    return (str(found[0]), str(found[1] or username)) if found and found[0] else None


class MainWindow(QMainWindow):
    page_shown = Signal(str)  # page id
    first_painted = Signal()  # once, just after the window first painted: the start is over

    def __init__(self, ctx: AppContext, start_page: str = "today") -> None:
        super().__init__()
        self._painted = False
        self.ctx = ctx
        self.database = ctx.database
        self.setObjectName("main_window")
        self.setWindowTitle(self.tr("CRM de campo — {0}").format(ctx.database.path.name))
        self.resize(1360, 840)
        self._resolve_user()
        self.actions_by_id: dict[str, QAction] = {}
        self._build_actions()
        self._build_body()
        self._build_status_bar()
        self._restore_geometry()
        ctx.ops.changed.connect(self._on_changed)
        self.go_to(start_page)
        self.refresh_pending()
        self._load_people()

    # -- building ----------------------------------------------------------------------------
    def _resolve_user(self) -> None:
        """general.current_user (a username) -> ctx.user_id and the name "working as" shows
        from the first paint (not "Everyone (manager)" until the people are read)."""
        username = str(self.ctx.settings.get("general.current_user") or "")
        self._start_name = ""
        if username and self.ctx.user_id is None:
            found = _current_user(self.database, username)
            if found is not None:
                self.ctx.user_id, self._start_name = found

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self._after_first_paint)  # after the children painted too

    def _after_first_paint(self) -> None:
        """Say the start is over, then run the database work the start held (app.run_app)."""
        self.first_painted.emit()
        self.ctx.ops.release()

    def _build_actions(self) -> None:
        menus = {
            key: self.menuBar().addMenu(QCoreApplication.translate("Actions", title))
            for key, title in MENUS
        }
        self.toolbar = QToolBar(self.tr("Main toolbar"))
        self.toolbar.setObjectName("main_toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for spec in ACTIONS:
            action = make_action(spec, self)
            self.actions_by_id[spec.id] = action
            menus[spec.menu].addAction(action)
            if spec.toolbar:
                self.toolbar.addAction(action)
        self.toolbar.addSeparator()
        self.toolbar.addWidget(QLabel(self.tr("Working as:") + " "))
        self.working_as = QComboBox()
        self.working_as.setObjectName("working_as")
        self.working_as.setMinimumWidth(220)
        if self.ctx.user_id and getattr(self, "_start_name", ""):
            self.working_as.addItem(self._start_name, self.ctx.user_id)  # until people are read
        else:
            self.working_as.addItem(self.tr("Everyone (manager)"), "")
        self.working_as.activated.connect(self._working_as_chosen)
        self.toolbar.addWidget(self.working_as)
        self.addToolBar(self.toolbar)

    def _build_body(self) -> None:
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(150)  # every page's own columns need the width more (1366×768)
        self.pages = QStackedWidget()
        self.page_by_id: dict[str, QWidget] = {}
        for _page_id, _module, _cls, title in PAGES:
            self.nav.addItem(QCoreApplication.translate("MainWindow", title))
            self.pages.addWidget(QWidget())  # replaced by the page when first shown
        self.nav.currentRowChanged.connect(lambda row: self.go_to(PAGE_IDS[row]))
        body = QWidget()
        layout = QHBoxLayout(body)
        layout.addWidget(self.nav)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(body)

    def _build_status_bar(self) -> None:
        self.pending_label = QLabel()
        self.pending_label.setObjectName("pending_changes")
        # The sync issue puts its status widget here (see set_sync_status_widget).
        self.sync_status_area = QWidget()
        self.sync_status_area.setObjectName("sync_status_area")
        QHBoxLayout(self.sync_status_area).setContentsMargins(0, 0, 0, 0)
        self.statusBar().addPermanentWidget(self.sync_status_area)
        self.statusBar().addPermanentWidget(self.pending_label)

    def set_sync_status_widget(self, widget: QWidget) -> None:
        """Where the sync status (last sync, errors, conflicts) shows in the status bar."""
        layout = self.sync_status_area.layout()
        assert layout is not None
        while layout.count():
            item = layout.takeAt(0)
            old = item.widget() if item is not None else None
            if old is not None:
                old.deleteLater()
        layout.addWidget(widget)
        # The sync widget counts the changes to send itself; one count in the status bar is enough.
        self.pending_label.hide()

    # -- pages -------------------------------------------------------------------------------
    def page(self, page_id: str) -> QWidget:
        """The page, made now if it has not been shown yet."""
        if page_id not in self.page_by_id:
            number = PAGE_IDS.index(page_id)
            _id, module, cls, title = PAGES[number]
            made = _make_page(
                self.ctx, module, cls, QCoreApplication.translate("MainWindow", title)
            )
            made.setObjectName(f"page_{page_id}")
            old = self.pages.widget(number)
            self.pages.insertWidget(number, made)
            if old is not None:
                self.pages.removeWidget(old)
                old.deleteLater()
            self.page_by_id[page_id] = made
            compare = getattr(made, "compare_requested", None)
            if compare is not None:  # the Campaigns page links to the ROI report
                compare.connect(self.show_campaign_roi)
        return self.page_by_id[page_id]

    def show_campaign_roi(self) -> None:
        """The Reports page with the ROI report comparing campaigns."""
        self.go_to("reports")
        reports = getattr(self.page("reports"), "reports", None)
        if reports is not None:
            self.page("reports").tabs.setCurrentWidget(reports)  # type: ignore[attr-defined]
            reports.kind.setCurrentIndex(max(reports.kind.findData("campaign_roi"), 0))

    def go_to(self, page_id: str) -> None:
        number = PAGE_IDS.index(page_id)
        self.pages.setCurrentWidget(self.page(page_id))
        if self.nav.currentRow() != number:
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(number)
            self.nav.blockSignals(False)
        self._watch_selection(self.page_by_id[page_id])
        self.update_actions()
        self.page_shown.emit(page_id)

    def current_page_id(self) -> str:
        return PAGE_IDS[self.pages.currentIndex()]

    def _watch_selection(self, page: QWidget) -> None:
        table = getattr(page, "table", None)
        if table is not None and not getattr(page, "_watched_by_window", False):
            table.selectionModel().selectionChanged.connect(self.update_actions)
            table.model().modelReset.connect(self.update_actions)
            page._watched_by_window = True  # type: ignore[attr-defined]

    def selected_account_id(self) -> str | None:
        page = self.page_by_id.get("accounts")
        select_of = getattr(page, "selected_account_id", None)
        return select_of() if callable(select_of) else None

    def update_actions(self, *_args: Any) -> None:
        update_enabled(self.actions_by_id, self)

    # -- action handlers (named in actions.py) -----------------------------------------------
    def focus_search(self) -> None:
        self.go_to("accounts")
        getattr(self.page("accounts"), "focus_search", lambda: None)()

    def new_account(self) -> None:
        self.go_to("accounts")
        getattr(self.page("accounts"), "new_account", lambda: None)()

    def import_accounts(self) -> None:
        from crm_desktop.views.importing.import_wizard import ImportWizard

        wizard = ImportWizard(self.ctx, self)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.open()

    def import_contacts_vcard(self) -> None:
        """Contacts from a .vcf: for the account selected on the Accounts page, else for the
        account each card's company names."""
        from pathlib import Path

        from crm_desktop.views.importing.vcard_import import VCardImportDialog

        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Import contacts from vCard"), "", "vCard (*.vcf *.vcard)"
        )
        if not path:
            return
        account_id = self.selected_account_id()
        name = getattr(self.page("accounts"), "selected_account_name", lambda: None)()
        chosen = (account_id, name or account_id) if account_id else None
        dialog = VCardImportDialog(self.ctx, Path(path), chosen, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def export_contacts_vcard(self) -> None:
        """The selected account's contacts on the Accounts page, else everyone's."""
        from crm_desktop.views.importing.vcard_export import VCardExport

        VCardExport(self.ctx, self).ask_and_export(self.selected_account_id())

    def export_visits_ical(self) -> None:
        from crm_desktop.views.importing.ical_export import ICalExport

        ICalExport(self.ctx, self).ask_and_export()

    def duplicate_accounts(self) -> None:
        """Managers: the accounts two reps created with one tax id, to merge."""
        from crm_desktop.views.sync.duplicates_dialog import DuplicateAccountsDialog

        controller = getattr(self, "sync_controller", None)
        if controller is None or not controller.configured():
            QMessageBox.information(
                self,
                self.tr("Duplicate accounts"),
                self.tr("Sign in to the server first: the server finds duplicate accounts."),
            )
            return
        dialog = DuplicateAccountsDialog(self.ctx, controller.client, controller.runner, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.merged.connect(lambda _survivor: controller.sync_now())
        dialog.open()

    def open_privacy_log(self) -> None:
        from crm_desktop.views.accounts.privacy_log import PrivacyLogDialog

        dialog = PrivacyLogDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def open_selected_account(self) -> None:
        account_id = self.selected_account_id()
        if account_id is not None:
            getattr(self.page("accounts"), "open_account", lambda _id: None)(account_id)

    def record_visit(self) -> None:
        from crm_desktop.views.activity.quick_pick import pick_account_then

        pick_account_then(self.ctx, self, "visit", self.selected_account_id())

    def log_call(self) -> None:
        from crm_desktop.views.activity.quick_pick import pick_account_then

        pick_account_then(self.ctx, self, "call", self.selected_account_id())

    def refresh(self) -> None:
        """F5: every page reads its data again."""
        self.ctx.ops.changed.emit(ChangeSet(tables=ALL_TABLES))

    # -- working as --------------------------------------------------------------------------
    def _load_people(self) -> None:
        self.ctx.ops.read(people, while_alive(self, self._people_loaded))

    def _people_loaded(self, found: list[Person]) -> None:
        found, everyone = allowed_people(found, str(self.ctx.settings.get("sync.username") or ""))
        self.working_as.blockSignals(True)
        self.working_as.clear()
        if everyone:
            self.working_as.addItem(self.tr("Everyone (manager)"), "")
        for person in found:
            self.working_as.addItem(person.full_name, person.id)
            self.working_as.setItemData(
                self.working_as.count() - 1, person.username, Qt.ItemDataRole.UserRole + 1
            )
        chosen = self.working_as.findData(self.ctx.user_id or "")
        self.working_as.setCurrentIndex(max(chosen, 0))
        self.working_as.blockSignals(False)
        self.working_as.setEnabled(self.working_as.count() > 1)
        if not everyone and found and self.ctx.user_id != found[0].id:
            self.set_working_as(found[0].id, found[0].username)  # a signed-in rep is themself

    def _working_as_chosen(self, row: int) -> None:
        user_id = self.working_as.itemData(row) or None
        username = self.working_as.itemData(row, Qt.ItemDataRole.UserRole + 1) or ""
        self.set_working_as(user_id, str(username))

    def set_working_as(self, user_id: str | None, username: str) -> None:
        """Work as this rep (None: everyone, as a manager); remembered in the settings."""
        self.ctx.user_id = user_id
        self.ctx.settings.set("general.current_user", username)
        self.ctx.settings.save()
        self.ctx.ops.changed.emit(USER_CHANGED)

    def follow_settings_user(self) -> None:
        """The Settings page chose another rep: work as that one."""
        self.ctx.user_id = None
        self._resolve_user()
        self.working_as.setCurrentIndex(max(self.working_as.findData(self.ctx.user_id or ""), 0))
        self.ctx.ops.changed.emit(USER_CHANGED)

    # -- status bar --------------------------------------------------------------------------
    def _on_changed(self, changes: ChangeSet) -> None:
        self.refresh_pending()
        self.update_actions()

    def refresh_pending(self) -> None:
        def count(session: Session) -> int:
            from sqlalchemy import func, select

            from crm_desktop.models import OutboxOp

            return (
                session.scalar(
                    select(func.count()).select_from(OutboxOp).where(OutboxOp.state == "pending")
                )
                or 0
            )

        self.ctx.ops.read(count, while_alive(self, self._show_pending))

    def _show_pending(self, pending: int) -> None:
        self.pending_label.setText(self.tr("%n change(s) waiting to sync", "", pending))

    # -- window state ------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        stored = QSettings()
        geometry, state = stored.value("main_window/geometry"), stored.value("main_window/state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)

    def fit_screen(self) -> None:
        """A window no bigger than the screen, at first start or as stored on a bigger screen:
        1360×840 on a 1366×768 laptop put the status bar below the screen's edge. Maximized
        when the screen is the smaller."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        room = screen.availableGeometry()
        frame = 32  # the title bar a window manager adds, not known before the window is shown
        if self.width() > room.width() or self.height() + frame > room.height():
            self.resize(min(self.width(), room.width()), min(self.height(), room.height() - frame))
            self.move(room.topLeft())
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    def save_geometry(self) -> None:
        stored = QSettings()
        stored.setValue("main_window/geometry", self.saveGeometry())
        stored.setValue("main_window/state", self.saveState())
        stored.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_geometry()
        self.ctx.ops.wait(5000)  # let queued saves finish before the window goes
        super().closeEvent(event)

    def self_check(self) -> list[str]:
        """What a self-test checks: the window shows and the database answers."""
        from sqlalchemy import func, select

        from crm_desktop.models import Account

        problems = []
        if not self.isVisible():
            problems.append("the main window is not visible")
        with self.database.sessions() as session:
            session.scalar(select(func.count()).select_from(Account))
        return problems
