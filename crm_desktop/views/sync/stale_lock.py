"""The lock of a laptop that has not synced for too long (secure/stale.py), on screen.

Checked at start, after every sync and every half hour, against the injected clock. Locked, the
window is covered by a dialog that cannot be dismissed: sync now, type the manager's one-time
code (`crm-server unlock-code DEVICE`), or quit.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.secure.stale import StaleState, stale_state, unlock_with_code
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.ops import ChangeSet

CHECK_EVERY_MS = 30 * 60_000
_NO_CHANGES = ChangeSet(tables=frozenset({"sync_meta"}))


class StaleLockDialog(QDialog):
    sync_requested = Signal()
    unlocked = Signal()
    quit_requested = Signal()

    def __init__(self, ctx: AppContext, state: StaleState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("This laptop is locked"))
        self.setModal(True)
        days = int(ctx.settings.get("sync.stale_lock_days"))
        text = QLabel(
            self.tr(
                "This laptop has not synced for %1 days (the company allows %2). Sync to go on "
                "working, or ask a manager for this laptop's unlock code."
            )
            .replace("%1", str(state.days_without))
            .replace("%2", str(days))
        )
        text.setWordWrap(True)
        device = QLabel(
            self.tr("Laptop id (read it to the manager): %1").replace("%1", state.device)
        )
        device.setObjectName("stale_device")
        device.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code = QLineEdit()
        self.code.setPlaceholderText("XXXX-XXXX-XXXX")
        self.code.setEnabled(state.can_unlock)
        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.unlock_button.setEnabled(state.can_unlock)
        self.unlock_button.clicked.connect(self.unlock)
        self.code.returnPressed.connect(self.unlock)
        self.note = QLabel(
            "" if state.can_unlock else self.tr("No unlock code is left: only a sync unlocks it.")
        )
        self.note.setStyleSheet("color: #b00020;")
        self.sync_button = QPushButton(self.tr("Sync now"))
        self.sync_button.clicked.connect(self.sync_requested)
        quit_button = QPushButton(self.tr("Quit"))
        quit_button.clicked.connect(self.quit_requested)
        row = QHBoxLayout()
        row.addWidget(self.code, 1)
        row.addWidget(self.unlock_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.sync_button)
        buttons.addStretch(1)
        buttons.addWidget(quit_button)
        layout = QVBoxLayout(self)
        for widget in (text, device):
            layout.addWidget(widget)
        layout.addLayout(row)
        layout.addWidget(self.note)
        layout.addLayout(buttons)

    def reject(self) -> None:
        """Escape does not dismiss the lock."""

    def unlock(self) -> None:
        code, days, now = (
            self.code.text(),
            int(self.ctx.settings.get("sync.stale_lock_days")),
            self.ctx.clock.now(),
        )
        self.ctx.ops.write(
            lambda s: unlock_with_code(s, code, days, now), _NO_CHANGES, self._answered
        )

    def _answered(self, ok: bool) -> None:
        if ok:
            self.unlocked.emit()
            self.done(QDialog.DialogCode.Accepted)
        else:
            self.note.setText(self.tr("That code is not this laptop's, or it was used already."))


class StaleLockGuard(QObject):
    """Checks and shows the lock over the main window."""

    locked = Signal(object)  # StaleState

    def __init__(self, ctx: AppContext, controller: Any, window: QMainWindow) -> None:
        super().__init__(window)
        self.ctx, self.controller, self.window = ctx, controller, window
        self.dialog: StaleLockDialog | None = None
        self.timer = QTimer(self, interval=CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        controller.sync_finished.connect(lambda _report: self.check())

    def check(self) -> None:
        days, now = int(self.ctx.settings.get("sync.stale_lock_days")), self.ctx.clock.now()
        self.ctx.ops.read(lambda s: stale_state(s, days, now), self._checked)

    def _checked(self, state: StaleState) -> None:
        if not state.locked:
            if self.dialog is not None:
                self.dialog.done(QDialog.DialogCode.Accepted)
                self.dialog = None
            return
        if self.dialog is None:
            self.dialog = StaleLockDialog(self.ctx, state, self.window)
            self.dialog.sync_requested.connect(self.controller.sync_now)
            self.dialog.quit_requested.connect(self._quit)
            self.dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
            self.dialog.open()
        self.locked.emit(state)

    def _quit(self) -> None:
        if self.dialog is not None:
            self.dialog.done(QDialog.DialogCode.Rejected)
        self.window.close()
