"""Sign in to the sync server: the refresh token goes to the OS keyring, nothing to a file."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.secure.unlock import remember_password
from crm_desktop.sync.client import SyncClient, SyncError, server_url_problem
from crm_desktop.sync.engine import SyncEngine
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.guard import while_alive
from crm_desktop.views.sync.sync_worker import NetworkRunner


def _error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet("color: #b00020;")
    label.setWordWrap(True)
    label.hide()
    return label


class LoginDialog(QDialog):
    """Server address, user name and password; signing in happens on a worker thread."""

    def __init__(self, ctx: AppContext, runner: NetworkRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.wipe_error: SyncError | None = None  # the server had this laptop erased
        self.ctx, self.runner = ctx, runner
        self.setWindowTitle(self.tr("Sign in to the sync server"))
        self.server = QLineEdit(ctx.settings.get("sync.server_url"))
        self.server.setPlaceholderText("https://crm.example.com")
        self.username = QLineEdit(ctx.settings.get("sync.username"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.server_error, self.username_error, self.password_error = (
            _error_label(),
            _error_label(),
            _error_label(),
        )
        form = QFormLayout()
        form.addRow(self.tr("Server address"), self.server)
        form.addRow("", self.server_error)
        form.addRow(self.tr("User name"), self.username)
        form.addRow("", self.username_error)
        form.addRow(self.tr("Password"), self.password)
        form.addRow("", self.password_error)
        self.buttons = QDialogButtonBox()
        self.sign_in = self.buttons.addButton(
            self.tr("Sign in"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(self.tr("Work offline"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.try_sign_in)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        note = QLabel(self.tr("You can keep working offline; signing in is needed only to sync."))
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)
        # The first field still empty has the cursor: with the server and the user known (the
        # usual case), the password, so what is typed never lands in the server's address.
        first_empty = next((f for f in (self.server, self.username) if not f.text()), None)
        (first_empty or self.password).setFocus()

    def _show(self, label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))
        self.adjustSize()  # grow to the message: a clipped reason helps no one

    def _check_fields(self) -> bool:
        url, user = self.server.text().strip(), self.username.text().strip()
        problem = server_url_problem(url)
        self._show(
            self.server_error,
            ""
            if problem is None
            else self.tr("Write the address the administrator gave you, starting with https://")
            if problem == "address"
            else self.tr(
                "This address starts with http://: your password would travel unprotected. "
                "Use the https:// address (http:// is accepted only for a server on this computer)."
            ),
        )
        self._show(self.username_error, "" if user else self.tr("Write your user name."))
        self._show(
            self.password_error, "" if self.password.text() else self.tr("Write your password.")
        )
        return not any(
            lb.isVisible() for lb in (self.server_error, self.username_error, self.password_error)
        )

    def try_sign_in(self) -> None:
        if not self._check_fields():
            return
        url, user, password = (
            self.server.text().strip(),
            self.username.text().strip(),
            self.password.text(),
        )
        self.sign_in.setEnabled(False)

        db = self.ctx.database

        def work() -> str:
            client = SyncClient(url, user, timeout=20, attempts=2)
            try:  # names this laptop; a revoked one is refused and erases itself
                role = SyncEngine(db.sessions, db.path, client).sign_in(password).role
            finally:
                client.close()
            remember_password(user, password)  # argon2id, for the idle lock's offline check
            return role

        self.runner.run(
            work,
            while_alive(self, lambda _role: self._signed_in(url, user)),
            while_alive(self, self._failed),
        )

    def _signed_in(self, url: str, user: str) -> None:
        self.password.clear()
        self.ctx.settings.set("sync.server_url", url)
        self.ctx.settings.set("sync.username", user)
        self.ctx.settings.save()
        self.accept()

    def _failed(self, error: Exception) -> None:
        self.sign_in.setEnabled(True)
        kind = error.kind if isinstance(error, SyncError) else "other"
        if kind == "wipe":  # revoked: the data is erased; whoever opened the dialog says why
            self.wipe_error = error if isinstance(error, SyncError) else None
            self.reject()
            return
        if kind == "offline":
            self._show(
                self.server_error,
                self.tr("The server cannot be reached: check the address and the network."),
            )
        elif kind == "unauthorized":
            self._show(self.password_error, self.tr("Wrong user name or password."))
        elif kind == "slow_down":
            self._show(
                self.password_error,
                self.tr("Too many failed attempts: wait a moment and try again."),
            )
        elif kind == "too_old":
            self._show(
                self.server_error,
                self.tr("This program is too old for the server: please update it."),
            )
        else:
            self._show(
                self.server_error, self.tr("Signing in failed: %1").replace("%1", str(error))
            )
