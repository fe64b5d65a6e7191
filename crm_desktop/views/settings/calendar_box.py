"""My calendar in Outlook or Google: ask the server for this user's calendar address (a new one
stops the old), copy it, or stop it. The server keeps only a hash: the address is shown once."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout

from crm_desktop.sync.client import SyncClient
from crm_desktop.sync.identity import laptop_of
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.guard import while_alive
from crm_desktop.views.common.network import NetworkRunner


class CalendarAddressBox(QGroupBox):
    """A new address, Copy, Stop; words for every answer (signed out, offline, refused)."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setTitle(self.tr("My calendar in Outlook or Google"))
        self.runner = NetworkRunner(self)
        note = QLabel(
            self.tr(
                "Your planned visits and open reminders, at an address your calendar program "
                "subscribes to. Anyone with the address sees them: a new address stops the old "
                "one. It is shown only once: copy it now."
            )
        )
        note.setWordWrap(True)
        self.address = QLineEdit()
        self.address.setReadOnly(True)
        self.address.setObjectName("calendar_address")
        self.new_button = QPushButton(self.tr("New address"))
        self.copy_button = QPushButton(self.tr("Copy"))
        self.stop_button = QPushButton(self.tr("Stop the address"))
        self.new_button.clicked.connect(lambda: self._ask(revoke=False))
        self.stop_button.clicked.connect(lambda: self._ask(revoke=True))
        self.copy_button.clicked.connect(self._copy)
        self.copy_button.setEnabled(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.address, 1)
        for button in (self.copy_button, self.new_button, self.stop_button):
            row.addWidget(button)
        column = QVBoxLayout(self)
        column.addWidget(note)
        column.addLayout(row)
        column.addWidget(self.status)

    def _client(self) -> SyncClient | None:
        url = self.ctx.settings.get("sync.server_url")
        user = self.ctx.settings.get("sync.username")
        if not url or not user:
            return None
        db = self.ctx.database
        return SyncClient(str(url), str(user), laptop=laptop_of(lambda: db.sessions, db.path))

    def _ask(self, revoke: bool) -> None:
        client = self._client()
        if client is None:
            self.status.setText(self.tr("Sign in to the server first (the sync button)."))
            return
        self.status.setText(self.tr("Asking the server…"))

        def work() -> str | None:
            try:
                return client.calendar_address(revoke=revoke)
            finally:
                client.close()

        self.runner.run(work, while_alive(self, self._answered), while_alive(self, self._failed))

    def _answered(self, address: str | None) -> None:
        self.address.setText(address or "")
        self.copy_button.setEnabled(address is not None)
        self.status.setText(
            self.tr("Your calendar address; the previous one no longer works.")
            if address
            else self.tr("The address was stopped: calendars subscribed to it get nothing more.")
        )

    def _failed(self, error: Exception) -> None:
        self.status.setText(self.tr("The server said: {0}").format(error))

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.address.text())
        self.status.setText(self.tr("Copied: paste it in your calendar program."))
