"""The sync status in the status bar, the background sync and its timer, and install_sync()."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QMessageBox, QPushButton, QWidget

from crm_desktop.services import attachments
from crm_desktop.sync.client import SyncClient, SyncError
from crm_desktop.sync.content import ContentSync
from crm_desktop.sync.engine import SyncEngine, SyncReport, SyncStatus, read_status
from crm_desktop.sync.identity import laptop_of
from crm_desktop.views.common import fmt
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.guard import while_alive
from crm_desktop.views.common.ops import ChangeSet
from crm_desktop.views.sync.conflicts import why_in_words
from crm_desktop.views.sync.sync_worker import NetworkRunner

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

SYNC_TABLES = frozenset({
    "*", "users", "accounts", "contacts", "visits", "activities", "reminders", "quotes",
    "quote_lines", "quote_revisions", "opportunities", "products", "price_lists",
    "price_list_items", "account_products", "sync_outbox", "sync_conflicts", "consent_events",
    "privacy_requests",
})  # fmt: skip
STATUS_TABLES = ("sync_outbox", "sync_conflicts", "sync_unapplied", "*")


OFFLINE_RETRY_MS = 60_000  # while the server does not answer, ask again every minute
# A mobile link that drops mid-sync (a car park, a tunnel) is waited for this long before the
# sync fails as offline (SyncClient's patience; a laptop already offline is told at once).
LINK_PATIENCE_S = 30.0


class SyncController(QObject):
    """Runs syncs on a worker: at start once the server answers, on demand, every N minutes
    while reachable, and before exit.

    Errors are this run's: the one a previous run stored in the database is not shown again
    at start (issue 11, item 3); the first sync of the run replaces it."""

    status_changed = Signal(object)  # SyncStatus
    sync_started = Signal()
    sync_finished = Signal(object)  # SyncReport
    sync_failed = Signal(str, str)  # kind, message
    unreachable = Signal()  # a background try found the server silent: tried again soon
    login_needed = Signal()
    wiped = Signal(str, str)  # code, message: the server had this laptop's data erased
    progress = Signal(int, int)  # rows received, rows in all: a first sync by bootstrap
    sending = Signal(int, int)  # changes sent (answered), changes to send: a push in pages

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = NetworkRunner(self)
        self.running = False
        self.status: SyncStatus | None = None
        self._client: SyncClient | None = None
        self.error: tuple[str, str, datetime] | None = None  # kind, message, when: this run's
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.sync_if_reachable)
        self.timer.start(int(ctx.settings.get("sync.interval_minutes")) * 60_000)
        self.retry = QTimer(self, singleShot=True, interval=OFFLINE_RETRY_MS)
        self.retry.timeout.connect(self.sync_if_reachable)
        ctx.ops.changed.connect(self._on_changed)

    def configured(self) -> bool:
        return bool(
            self.ctx.settings.get("sync.server_url") and self.ctx.settings.get("sync.username")
        )

    def _engine(self) -> SyncEngine:
        url, user = self.ctx.settings.get("sync.server_url"), self.ctx.settings.get("sync.username")
        if self._client is None or (self._client.server_url, self._client.username) != (
            url.rstrip("/"),
            user,
        ):
            db = self.ctx.database
            self._client = SyncClient(
                url,
                user,
                laptop=laptop_of(lambda: db.sessions, db.path),
                patience=LINK_PATIENCE_S,
            )
        db = self.ctx.database
        bootstrap = bool(int(self.ctx.settings.get("sync.bootstrap") or 0))
        engine = SyncEngine(
            db.sessions,
            db.path,
            self._client,
            bootstrap=bootstrap,
            progress=self.progress.emit,
            sending=self.sending.emit,
        )
        # Attachments' content after the rows (issue 17): uploads waiting, then the files of the
        # next days' visits; a file that fails is reported and never fails the row sync.
        eager = int(self.ctx.settings.get("attachments.eager_days") or 0)
        ContentSync(db, self._client, eager_days=eager).attach_to(engine)
        return engine

    def content_sync(self) -> ContentSync | None:
        """The content pass alone, for a file opened before it arrived (None: no server set
        up, nothing to download from)."""
        if not self.configured():
            return None
        return ContentSync(self.ctx.database, self._engine().client)

    def client(self) -> SyncClient:
        """The signed-in client, for requests other than a sync (a manager's merge)."""
        return self._engine().client

    def refresh_status(self) -> None:
        self.ctx.ops.read(read_status, while_alive(self, self._status_read))

    def _status_read(self, status: SyncStatus) -> None:
        self.status = status
        self.status_changed.emit(status)

    def _on_changed(self, changes: ChangeSet) -> None:
        if changes.touches(*STATUS_TABLES) or changes.tables - {"sync_conflicts"}:
            self.refresh_status()

    def sync_now(self) -> None:
        if self.running:
            return
        if not self.configured():
            self.login_needed.emit()
            return
        self._start(check_reachable=False)

    def sync_if_reachable(self) -> None:
        if not self.running and self.configured():
            self._start(check_reachable=True)

    def _start(self, check_reachable: bool) -> None:
        engine = self._engine()
        self.running = True
        self.sync_started.emit()

        def work() -> SyncReport | None:
            if check_reachable and not engine.client.health():
                return None  # offline: quietly try again at the next tick
            report = engine.sync()
            if report.pulled or report.evicted:  # files deleted elsewhere, or gone with an account
                attachments.purge_unreferenced(engine.db_path)
            return report

        self.runner.run(work, while_alive(self, self._done), while_alive(self, self._failed))

    def _done(self, report: SyncReport | None) -> None:
        self.running = False
        if report is not None:
            self.error = None
            self.ctx.ops.changed.emit(ChangeSet(tables=SYNC_TABLES))
            self.sync_finished.emit(report)
        else:
            self.retry.start()
            self.unreachable.emit()
        self.refresh_status()

    def _failed(self, error: Exception) -> None:
        self.running = False
        kind = error.kind if isinstance(error, SyncError) else "other"
        self.error = (kind, str(error), self.ctx.clock.now())
        if kind == "offline":
            self.retry.start()
        self.sync_failed.emit(kind, str(error))
        if kind == "login_needed":
            self.login_needed.emit()
        if kind == "wipe":  # the database is gone: nothing more is read or synced
            self.timer.stop()
            self.retry.stop()
            self.wiped.emit(getattr(error, "code", ""), str(error))
            return
        self.refresh_status()

    def wait(self, msecs: int = 30_000) -> bool:
        return self.runner.wait(msecs)


class SyncStatusWidget(QWidget):
    """Pending changes, last successful sync, last error in plain words, conflicts, Sync now."""

    conflicts_requested = Signal()

    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setObjectName("sync_status")
        self.pending = QLabel()
        self.last = QLabel()
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.conflicts = QPushButton()
        self.conflicts.setFlat(True)
        self.conflicts.clicked.connect(self.conflicts_requested)
        self.unapplied = QPushButton()  # rows from the server set aside: shown apart
        self.unapplied.setFlat(True)
        self.unapplied.clicked.connect(self.conflicts_requested)
        self.sync_button = QPushButton(self.tr("Sync now"))
        self.sync_button.clicked.connect(controller.sync_now)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.error, self.conflicts, self.unapplied, self.pending, self.last,
                       self.sync_button):  # fmt: skip
            layout.addWidget(widget)
        controller.status_changed.connect(self.show_status)
        controller.sync_started.connect(self._started)
        controller.sync_failed.connect(self._failed)
        controller.progress.connect(self._progress)
        controller.sending.connect(self._sending)
        controller.unreachable.connect(self._unreachable)
        controller.sync_finished.connect(lambda _report: self._show_error())
        self.show_status(None)
        controller.refresh_status()

    def _started(self) -> None:
        self.sync_button.setEnabled(False)
        self.sync_button.setText(self.tr("Syncing…"))
        self.error.clear()  # a new answer replaces the old one: pressing again is seen
        self.error.setVisible(False)

    def _progress(self, done: int, total: int) -> None:
        """A first sync by bootstrap: how far it is, on the button that says it is syncing."""
        if self.controller.running:
            text = self.tr("Receiving %1 of %2 rows…")
            self.sync_button.setText(
                text.replace("%1", fmt.number(done)).replace("%2", fmt.number(total))
            )

    def _sending(self, sent: int, total: int) -> None:
        """A push going out in pages: how many changes the server has taken so far."""
        if self.controller.running:
            text = self.tr("Sending %1 of %2 changes…")
            self.sync_button.setText(
                text.replace("%1", fmt.number(sent)).replace("%2", fmt.number(total))
            )

    def _failed(self, kind: str, message: str) -> None:
        self.sync_button.setEnabled(True)
        self.sync_button.setText(self.tr("Sync now"))
        self._show_error()

    def _unreachable(self) -> None:
        self.error.setStyleSheet("color: #5f6b7a;")
        self.error.setText(self.tr("Offline: syncing as soon as the server answers."))
        self.error.setVisible(True)

    def _show_error(self) -> None:
        found = self.controller.error
        if found is None:
            self.error.clear()
            self.error.setVisible(False)
            return
        kind, message, when = found
        self.error.setStyleSheet("color: #b00020;")
        self.error.setText(f"{fmt.ui().time(when)} · {self.error_text(kind, message)}")
        self.error.setVisible(True)

    def error_text(self, kind: str | None, message: str | None) -> str:
        return error_text(kind, message)

    def show_status(self, status: SyncStatus | None) -> None:
        self.sync_button.setEnabled(not self.controller.running)
        self.sync_button.setText(self.tr("Sync now"))
        if status is None:
            for label in (self.pending, self.last, self.error, self.conflicts, self.unapplied):
                label.setVisible(False)
            return
        self.pending.setText(self.tr("%n change(s) to send", "", status.pending))
        self.pending.setVisible(True)
        self.last.setText(
            self.tr("Last sync: %1").replace("%1", _local_time(status.last_ok_at))
            if status.last_ok_at
            else self.tr("Never synced")
        )
        self.last.setVisible(True)
        waiting = status.conflicts + status.refused + status.reassigned
        self.conflicts.setText(self.tr("%n item(s) need your decision", "", waiting))
        self.conflicts.setVisible(waiting > 0)
        self.unapplied.setText(
            self.tr("%n row(s) from the server could not be applied", "", status.unapplied)
        )
        self.unapplied.setVisible(status.unapplied > 0)
        why = status.unapplied_why
        self.unapplied.setToolTip(
            why_in_words(why[0], why[1], self.controller.ctx.language) if why else ""
        )
        if self.controller.error is not None or not self.error.text():
            self._show_error()  # this run's error only: a stale one from before is not shown


def error_text(kind: str | None, message: str | None) -> str:
    """A sync failure in plain words."""

    texts = {
        "offline": QCoreApplication.translate(
            "SyncStatusWidget",
            "The server cannot be reached: your changes are kept and will be sent later.",
        ),
        "login_needed": QCoreApplication.translate("SyncStatusWidget", "Sign in to sync."),
        "unauthorized": QCoreApplication.translate("SyncStatusWidget", "Sign in to sync."),
        "too_old": QCoreApplication.translate(
            "SyncStatusWidget", "This program is too old for the server: please update it."
        ),
        "slow_down": QCoreApplication.translate(
            "SyncStatusWidget", "Too many attempts: wait a moment and try again."
        ),
        "server_error": QCoreApplication.translate(
            "SyncStatusWidget", "The server had a problem: try again later."
        ),
        "wipe": QCoreApplication.translate(
            "SyncStatusWidget", "The server had this laptop's data erased: %1"
        ).replace("%1", message or ""),
    }
    failed = QCoreApplication.translate("SyncStatusWidget", "Sync failed: %1")
    return texts.get(kind or "", failed.replace("%1", message or ""))


def _local_time(iso: str) -> str:
    """The stored UTC time in local time, written the way the user's locale writes times."""
    return fmt.moment(datetime.fromisoformat(iso))


class _ExitGuard(QObject):
    """Offers a sync when the window closes with changes not yet sent; if that sync fails, says
    so and asks whether to close anyway or keep the program open."""

    def __init__(self, controller: SyncController, window: QMainWindow) -> None:
        super().__init__(window)
        self.controller, self.window, self.closing = controller, window, False
        self.waiting = False
        self.failure_box: QMessageBox | None = None
        controller.sync_finished.connect(self._synced)
        controller.sync_failed.connect(self._sync_failed)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.window or event.type() != QEvent.Type.Close or self.closing:
            return False
        status = self.controller.status
        if status is None or status.pending == 0 or not self.controller.configured():
            return False
        answer = QMessageBox.question(
            self.window,
            self.tr("Unsent changes"),
            self.tr(
                "%n change(s) are not on the server yet. Sync before closing?", "", status.pending
            ),
            QMessageBox.StandardButton.Yes
            | QMessageBox.StandardButton.No
            | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.No:
            return False
        if answer == QMessageBox.StandardButton.Yes:
            self.waiting = True
            self.controller.sync_now()
        event.ignore()
        return True

    def _synced(self, _report: Any) -> None:
        if self.waiting:
            self.waiting = False
            self._close_now()

    def _sync_failed(self, kind: str, message: str) -> None:
        if not self.waiting:
            return
        self.waiting = False
        pending = self.controller.status.pending if self.controller.status else 0
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("The sync failed"))
        stays = self.tr("%n change(s) stay on this laptop and will be sent at the next sync.", "",
                        pending)  # fmt: skip
        box.setText(
            self.tr("The changes could not be sent: %1").replace("%1", error_text(kind, message))
            + "\n\n"
            + stays
        )
        close = box.addButton(self.tr("Close anyway"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(self.tr("Keep open"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        self.failure_box = box
        box.finished.connect(lambda _r: self._close_now() if box.clickedButton() is close else None)
        box.open()

    def _close_now(self, *_args: Any) -> None:
        self.closing = True
        self.window.close()


def install_sync(ctx: AppContext, main_window: QMainWindow) -> SyncController:
    """Put the sync status in the status bar, open Conflicts from it, offer a sync at exit."""
    from crm_desktop.views.sync.conflicts import ConflictsWindow
    from crm_desktop.views.sync.login_dialog import LoginDialog

    controller = SyncController(ctx, main_window)
    ctx.content_source = controller.content_sync  # a file opened before it came downloads now
    widget = SyncStatusWidget(controller)
    setter = getattr(main_window, "set_sync_status_widget", None)
    if setter is not None:
        setter(widget)
    else:
        main_window.statusBar().addPermanentWidget(widget)

    def show_conflicts() -> None:
        ConflictsWindow.show_for(ctx, main_window)

    def ask_login() -> None:
        dialog = LoginDialog(ctx, controller.runner, main_window)
        if dialog.exec():
            controller.sync_now()
        elif dialog.wipe_error is not None:  # a revoked laptop signing in: erased, say why
            controller._failed(dialog.wipe_error)

    widget.conflicts_requested.connect(show_conflicts)
    controller.login_needed.connect(ask_login)
    controller.wiped.connect(lambda code, _m: _say_wiped(controller, main_window, code))
    controller.exit_guard = _ExitGuard(controller, main_window)  # type: ignore[attr-defined]
    from crm_desktop.views.sync.stale_lock import StaleLockGuard

    stale = StaleLockGuard(ctx, controller, main_window)
    controller.stale_guard = stale  # type: ignore[attr-defined]
    stale.check()
    controller.sync_if_reachable()  # at start: sync as soon as the server answers
    main_window.setProperty("sync_controller", controller)
    return controller


def _say_wiped(controller: SyncController, window: QMainWindow, code: str) -> None:
    """Say why, then close: the program cannot go on without its database."""
    from crm_desktop.secure.wipe import WipeNotice, read_notice
    from crm_desktop.views.sync.remote_wipe import wipe_box

    notice = read_notice(controller.ctx.database.path) or WipeNotice(code, "", "")
    guard = getattr(controller, "exit_guard", None)
    if guard is not None:
        guard.closing = True  # no "sync before closing?": there is nothing left to send
    box = wipe_box(notice, window)
    controller.wipe_box = box  # type: ignore[attr-defined]
    box.finished.connect(lambda _r: window.close())
    box.open()


def pending_changes(session: Session) -> int:
    return read_status(session).pending
