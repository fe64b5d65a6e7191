"""The idle lock: the window hides its contents after N idle minutes (the pinned clock moved,
never waited for) and opens again only with the password of the last sign-in, checked
offline against its argon2id hash in the keyring."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from crm_desktop.clock import FixedClock
from crm_desktop.secure.unlock import UNLOCK_SERVICE, password_matches, remember_password
from crm_desktop.views.common.idle_lock import IdleLock
from tests.memory_keyring import MemoryKeyring

SECRET = "Clave-de-Ana-2026"


@pytest.fixture
def window(qtbot: QtBot) -> QMainWindow:
    window = QMainWindow()
    window.setCentralWidget(QLabel("Ferretería El Tornillo · ana@tornillo.co"))
    window.menuBar().addMenu("Archivo")
    qtbot.addWidget(window)
    window.show()
    return window


def test_only_the_hash_is_kept_and_it_checks_the_password(memory_keyring: MemoryKeyring) -> None:
    remember_password("ana", SECRET)
    stored = memory_keyring.secrets[(UNLOCK_SERVICE, "ana")]
    assert stored.startswith("$argon2id$") and SECRET not in stored
    assert password_matches("ana", SECRET)
    assert not password_matches("ana", "otra") and not password_matches("beto", SECRET)


def test_the_window_locks_after_the_idle_minutes_and_unlocks_with_the_password(
    qtbot: QtBot, window: QMainWindow, clock: FixedClock
) -> None:
    remember_password("ana", SECRET)
    lock = IdleLock(window, clock, 15, lambda: "ana")
    contents = window.centralWidget()
    clock.advance(timedelta(minutes=14))
    qtbot.keyClick(window, Qt.Key.Key_A)  # activity: the 15 minutes start again
    clock.advance(timedelta(minutes=14))
    lock.check()
    assert not lock.locked
    clock.advance(timedelta(minutes=1))
    with qtbot.waitSignal(lock.locked_changed):
        lock.check()
    assert lock.locked and window.centralWidget() is lock.screen
    assert not contents.isVisible() and not window.menuBar().isEnabled()
    assert lock.screen is not None
    qtbot.keyClicks(lock.screen.password, "equivocada")
    qtbot.keyClick(lock.screen.password, Qt.Key.Key_Return)
    assert lock.locked and lock.screen.problem.text()  # "Contraseña incorrecta." / "Wrong…"
    assert lock.screen.password.text() == ""
    qtbot.keyClicks(lock.screen.password, SECRET)
    with qtbot.waitSignal(lock.locked_changed):
        qtbot.mouseClick(lock.screen.unlock, Qt.MouseButton.LeftButton)
    assert not lock.locked and window.centralWidget() is contents and contents.isVisible()
    assert window.menuBar().isEnabled()


def test_no_lock_without_a_kept_password_or_with_the_setting_at_zero(
    window: QMainWindow, clock: FixedClock
) -> None:
    never_signed_in = IdleLock(window, clock, 15, lambda: "ana")
    off = IdleLock(window, clock, 0, lambda: "ana")
    clock.advance(timedelta(hours=3))
    never_signed_in.check()
    assert not never_signed_in.locked  # nothing to check a password against
    remember_password("ana", SECRET)
    off.check()
    assert not off.locked


def test_the_lock_covers_an_open_modal_dialog_and_gives_it_back_as_it_was(
    qtbot: QtBot, window: QMainWindow, clock: FixedClock
) -> None:
    """A visit dialog (modal) open when the lock fires: its data goes out of sight and reach,
    the password is asked in a window above it, and after unlocking the dialog is as it was."""
    remember_password("ana", SECRET)
    lock = IdleLock(window, clock, 15, lambda: "ana")
    dialog = QDialog(window)
    dialog.setWindowTitle("Visita a Ferretería El Tornillo")
    notes = QLineEdit("Valentina pidió descuento", dialog)
    dialog.setModal(True)
    dialog.show()
    box = QMessageBox(QMessageBox.Icon.Question, "¿Enviar?", "A ana@tornillo.co", parent=dialog)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.show()
    clock.advance(timedelta(minutes=15))
    with qtbot.waitSignal(lock.locked_changed):
        lock.check()
    assert lock.screen is not None and lock.screen.isWindow() and lock.screen.isVisible()
    assert QApplication.activeModalWidget() is lock.screen  # the password can be typed
    for covered in (dialog, box):
        cover = covered.findChild(QWidget, "lockCover")
        assert cover is not None and cover.isVisible()
        assert cover.geometry() == covered.rect()
        assert not covered.isEnabled() and "Tornillo" not in covered.windowTitle()
    qtbot.keyClick(lock.screen, Qt.Key.Key_Escape)
    assert lock.screen.isVisible()  # Escape does not open it
    qtbot.keyClicks(lock.screen.password, SECRET)
    with qtbot.waitSignal(lock.locked_changed):
        qtbot.keyClick(lock.screen.password, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.isEnabled() and box.isVisible()
    assert dialog.windowTitle() == "Visita a Ferretería El Tornillo"
    assert notes.text() == "Valentina pidió descuento" and dialog.result() == 0
    qtbot.waitUntil(lambda: dialog.findChild(QWidget, "lockCover") is None)
    box.close()
    dialog.close()
