"""The main window: navigation between the program's views and the status bar."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QWidget,
)
from sqlalchemy import func, select

from crm_desktop.database import Database
from crm_desktop.models import Account, OutboxOp


class MainWindow(QMainWindow):
    def __init__(self, database: Database) -> None:
        super().__init__()
        self.database = database
        self.setWindowTitle(self.tr("CRM de campo — {0}").format(database.path.name))
        self.resize(1200, 800)
        self.nav = QListWidget()
        self.nav.setFixedWidth(180)
        self.pages = QStackedWidget()
        for title in (
            self.tr("Today"),
            self.tr("Accounts"),
            self.tr("Pipeline"),
            self.tr("Quotes"),
            self.tr("Reports"),
            self.tr("Settings"),
        ):
            self.nav.addItem(title)
            placeholder = QLabel(title)
            placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.pages.addWidget(placeholder)
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.nav.setCurrentRow(0)
        body = QWidget()
        layout = QHBoxLayout(body)
        layout.addWidget(self.nav)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(body)
        self.pending_label = QLabel()
        self.statusBar().addPermanentWidget(self.pending_label)
        self.refresh_pending()

    def refresh_pending(self) -> None:
        with self.database.sessions() as session:
            pending = session.scalar(
                select(func.count()).select_from(OutboxOp).where(OutboxOp.state == "pending")
            )
        self.pending_label.setText(self.tr("%n change(s) waiting to sync", "", pending or 0))

    def self_check(self) -> list[str]:
        """What a self-test checks: the window shows and the database answers."""
        problems = []
        if not self.isVisible():
            problems.append("the main window is not visible")
        with self.database.sessions() as session:
            session.scalar(select(func.count()).select_from(Account))
        return problems
