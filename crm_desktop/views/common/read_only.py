"""A database file that can only be viewed, said on the window (see Database.read_only)."""

from __future__ import annotations


def show_read_only(window: object, reason: str) -> None:
    """A file that can only be viewed: said in the title and the status bar; no sync, no rule
    runs (they write), and every save is refused in these words (Operations.read_only)."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QLabel, QMainWindow

    assert isinstance(window, QMainWindow)
    words = QCoreApplication.translate("ReadOnly", "Read-only: %1. You can look, not change.")
    label = QLabel(words.replace("%1", reason))
    label.setObjectName("read_only_notice")
    label.setStyleSheet("color: #8a4b00; font-weight: bold;")
    window.statusBar().addWidget(label, 1)
    suffix = QCoreApplication.translate("ReadOnly", "read-only")
    window.setWindowTitle(f"{window.windowTitle()} — {suffix}")
