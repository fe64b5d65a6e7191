"""The idle lock: after N idle minutes (setting security.idle_lock_minutes) the window hides its
contents and asks the password of the rep's last sign-in, checked offline (secure/unlock.py).

Any key or mouse use in the program counts as activity; a timer looks every 15 seconds whether
the injected clock says the limit has passed. A user who never signed in on this laptop has no
password kept here, and the window is then not locked (Settings says so).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.clock import Clock
from crm_desktop.secure.unlock import IdleMeasure, can_check, password_matches

CHECK_EVERY_MS = 15_000
ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class LockScreen(QWidget):
    """What the locked window shows instead of its contents."""

    unlock_asked = Signal(str)

    def __init__(self, username: str, minutes: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.title = QLabel(self.tr("Locked after %n idle minute(s)", "", minutes))
        self.title.setStyleSheet("font-size: 14pt; font-weight: bold")
        self.prompt = QLabel(self.tr("Type the password of %1 to go on.").replace("%1", username))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b00020")
        self.unlock = QPushButton(self.tr("Unlock"))
        self.unlock.setDefault(True)
        panel = QWidget()  # a narrow column in the middle of the window
        panel.setFixedWidth(460)
        column = QVBoxLayout(panel)
        self.title.setWordWrap(True)
        self.prompt.setWordWrap(True)
        for widget in (self.title, self.prompt, self.password, self.problem):
            column.addWidget(widget)
        column.addWidget(self.unlock, alignment=Qt.AlignmentFlag.AlignRight)
        layout = QVBoxLayout(self)
        layout.addStretch()
        layout.addWidget(panel, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch()
        self.unlock.clicked.connect(lambda: self.unlock_asked.emit(self.password.text()))
        self.password.returnPressed.connect(lambda: self.unlock_asked.emit(self.password.text()))
        self.may_close = False  # as its own window (over a modal dialog): only the password opens

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.may_close:
            event.accept()
        else:
            event.ignore()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() != Qt.Key.Key_Escape:
            super().keyPressEvent(event)


class Cover(QWidget):
    """An opaque sheet over a window's contents while the program is locked."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("lockCover")
        self.setAutoFillBackground(True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setGeometry(window.rect())
        self.raise_()
        self.show()


@dataclass
class Covered:
    """A window other than the main one, as it was before the lock (given back at unlock)."""

    window: QWidget
    cover: Cover
    title: str
    enabled: bool


class IdleLock(QObject):
    """Watches the program's input and locks `window` when the idle measure says so."""

    locked_changed = Signal(bool)

    def __init__(
        self, window: QMainWindow, clock: Clock, minutes: int, username: Callable[[], str]
    ) -> None:
        super().__init__(window)
        self.window, self.username = window, username  # who signed in last, asked each time
        self.measure = IdleMeasure(clock, minutes)
        self.screen: LockScreen | None = None
        self._hidden: QWidget | None = None
        self._covered: list[Covered] = []
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.timer.start()

    @property
    def locked(self) -> bool:
        return self.screen is not None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY and not self.locked:
            self.measure.touch()
        elif event.type() == QEvent.Type.Resize and self._covered:
            for item in self._covered:
                if item.window is watched:
                    item.cover.setGeometry(item.window.rect())
        return False

    def check(self) -> None:
        """Lock if the limit has passed (the timer's job; tests call it after moving the clock)."""
        if not self.locked and self.measure.due() and can_check(self.username()):
            self.lock()

    def lock(self) -> None:
        """Hide the main window's contents and cover every other open window (a visit dialog, a
        message box): their data stays out of sight and out of reach, and comes back as it was.
        Under a modal dialog the main window takes no input, so the password is then asked in a
        window of its own, modal over everything."""
        modal = QApplication.activeModalWidget()
        self._cover_other_windows()
        self._hidden = self.window.takeCentralWidget()  # kept, not deleted: back on unlock
        if self._hidden is not None:
            self._hidden.hide()
        self.screen = LockScreen(self.username(), self.measure.minutes)
        self.screen.unlock_asked.connect(self._try_unlock)
        if modal is None:
            self.window.setCentralWidget(self.screen)
        else:
            self.window.setCentralWidget(QWidget())  # blank: the password is asked above
            self.screen.setWindowFlags(
                Qt.WindowType.Dialog
                | Qt.WindowType.CustomizeWindowHint
                | Qt.WindowType.WindowTitleHint
            )
            self.screen.setWindowTitle(self.tr("Locked"))
            self.screen.setWindowModality(Qt.WindowModality.ApplicationModal)
            self.screen.show()
            self.screen.activateWindow()
        self.window.menuBar().setEnabled(False)
        self.screen.password.setFocus()
        self.locked_changed.emit(True)

    def _cover_other_windows(self) -> None:
        for widget in QApplication.topLevelWidgets():
            if widget is self.window or not widget.isVisible():
                continue
            if widget.windowType() in (Qt.WindowType.ToolTip, Qt.WindowType.Popup):
                widget.hide()  # a tooltip or an open menu: gone, nothing to give back
                continue
            item = Covered(widget, Cover(widget), widget.windowTitle(), widget.isEnabled())
            widget.setWindowTitle(self.tr("Locked"))
            widget.setEnabled(False)
            self._covered.append(item)

    def _uncover(self) -> None:
        for item in self._covered:
            item.cover.deleteLater()
            item.window.setWindowTitle(item.title)
            item.window.setEnabled(item.enabled)
        self._covered = []

    def _try_unlock(self, password: str) -> None:
        assert self.screen is not None
        if not password_matches(self.username(), password):
            self.screen.password.clear()
            self.screen.problem.setText(self.tr("Wrong password."))
            return
        self.screen.may_close = True
        self.screen.close()
        self.screen.deleteLater()
        blank = self.window.takeCentralWidget()
        if blank is not None and blank is not self.screen:
            blank.deleteLater()
        self.screen = None
        self._uncover()
        if self._hidden is not None:
            self.window.setCentralWidget(self._hidden)
            self._hidden.show()
        self.window.menuBar().setEnabled(True)
        self.measure.touch()
        self.locked_changed.emit(False)


def install_idle_lock(ctx: Any, window: QMainWindow) -> IdleLock | None:
    """The window's idle lock from the settings; None when the setting is 0 (never)."""
    minutes = int(ctx.settings.get("security.idle_lock_minutes"))
    if minutes <= 0:
        return None
    return IdleLock(window, ctx.clock, minutes, lambda: str(ctx.settings.get("sync.username")))
