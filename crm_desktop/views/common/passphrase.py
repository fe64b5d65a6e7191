"""The database passphrase, asked at start when the computer has no keyring service at all.

With a keyring (Windows, macOS, a Linux desktop) the database key is random and kept there, and
this dialog never shows. Without one, the key is derived from a passphrase the user types at
every start; nothing is written to a file (secure/keys.py).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

MIN_LENGTH = 8


class PassphraseDialog(QDialog):
    """Asks the passphrase of the database at path (twice for a new database)."""

    def __init__(
        self, path: Path, new: bool, parent: QWidget | None = None, elsewhere: bool = False
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Database passphrase"))
        self.new = new
        copied = self.tr(
            "The key of %1 is not in this computer's keyring: the file was most likely copied "
            "by hand from another computer, where its key stayed. If a passphrase was set for "
            "it, type it; otherwise cancel, and open the file on that computer or sync here."
        )
        intro = (
            copied.replace("%1", str(path))
            if elsewhere
            else (
                self.tr(
                    "This computer has no keyring service to keep the database key. Choose a "
                    "passphrase for %1: it encrypts the file and will be asked at every start. "
                    "If it is lost, the data on this computer cannot be read (sync brings it back)."
                )
                if new
                else self.tr("Type the passphrase of the encrypted database %1.")
            ).replace("%1", str(path))
        )
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b00020")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._check)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Passphrase"), self.passphrase)
        if new:
            form.addRow(self.tr("Repeat it"), self.repeat)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(480, self.sizeHint().height())

    def _check(self) -> None:
        text = self.passphrase.text()
        if self.new and len(text) < MIN_LENGTH:
            self.problem.setText(
                self.tr("Use at least %1 characters.").replace("%1", str(MIN_LENGTH))
            )
        elif self.new and self.repeat.text() != text:
            self.problem.setText(self.tr("The two passphrases differ."))
        elif not text:
            self.problem.setText(self.tr("Type the passphrase."))
        else:
            self.accept()


def ask_passphrase(path: Path, new: bool, elsewhere: bool = False) -> str | None:
    """keys.PassphraseProvider for the window: the typed passphrase, or None if cancelled."""
    dialog = PassphraseDialog(path, new, elsewhere=elsewhere)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.passphrase.text()
