"""The main window: navigation between the program's pages and the status bar."""

from __future__ import annotations

import importlib

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QWidget,
)
from sqlalchemy import func, select

from crm_desktop.models import Account, OutboxOp
from crm_desktop.views.context import AppContext
from crm_desktop.views.ops import ChangeSet

# (page id, module, class, title). Each page class takes (ctx: AppContext).
PAGES = [
    ("today", "crm_desktop.views.today", "TodayPage", QT_TRANSLATE_NOOP("MainWindow", "Today")),
    (
        "accounts",
        "crm_desktop.views.accounts",
        "AccountsPage",
        QT_TRANSLATE_NOOP("MainWindow", "Accounts"),
    ),
    (
        "pipeline",
        "crm_desktop.views.pipeline",
        "PipelinePage",
        QT_TRANSLATE_NOOP("MainWindow", "Pipeline"),
    ),
    ("quotes", "crm_desktop.views.quotes", "QuotesPage", QT_TRANSLATE_NOOP("MainWindow", "Quotes")),
    (
        "reports",
        "crm_desktop.views.reports",
        "ReportsPage",
        QT_TRANSLATE_NOOP("MainWindow", "Reports"),
    ),
    (
        "settings",
        "crm_desktop.views.settings_page",
        "SettingsPage",
        QT_TRANSLATE_NOOP("MainWindow", "Settings"),
    ),
]


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


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.database = ctx.database
        self.setWindowTitle(self.tr("CRM de campo — {0}").format(ctx.database.path.name))
        self.resize(1280, 800)
        self.nav = QListWidget()
        self.nav.setFixedWidth(180)
        self.pages = QStackedWidget()
        self.page_by_id: dict[str, QWidget] = {}
        for page_id, module, cls, title in PAGES:
            translated = QCoreApplication.translate("MainWindow", title)
            self.nav.addItem(translated)
            page = _make_page(ctx, module, cls, translated)
            self.page_by_id[page_id] = page
            self.pages.addWidget(page)
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.nav.setCurrentRow(0)
        body = QWidget()
        layout = QHBoxLayout(body)
        layout.addWidget(self.nav)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(body)
        self.pending_label = QLabel()
        self.statusBar().addPermanentWidget(self.pending_label)
        ctx.ops.changed.connect(self._on_changed)
        self.refresh_pending()

    def _on_changed(self, _changes: ChangeSet) -> None:
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
