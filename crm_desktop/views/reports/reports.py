"""The Reports page: pick a report, a scope (a rep, or everyone for a manager) and a period;
a chart beside the tables; export to CSV, XLSX or PDF on a worker. A second tab holds the
manager's view (views/reports/manager.py)."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from crm_desktop.clock import clock_of, today
from crm_desktop.documents.report_export import ExportInfo, export_filename, export_report
from crm_desktop.i18n import gettext
from crm_desktop.services.core.errors import ValidationError
from crm_desktop.services.reports.catalog import MANAGERS_ONLY, REPORTS, run_report
from crm_desktop.services.reports.reports import Report, rep_names
from crm_desktop.services.reports.rfm import WEIGHT_KEYS, check_weights, compute_rfm
from crm_desktop.views.common.columns import fit_columns
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.guard import while_alive
from crm_desktop.views.common.labels import QT_TRANSLATE_NOOP
from crm_desktop.views.common.ops import ChangeSet
from crm_desktop.views.reports.manager import ManagerPanel
from crm_desktop.views.reports.period_picker import PeriodPicker
from crm_desktop.views.reports.report_chart import build_chart, chart_view
from crm_desktop.views.reports.report_model import ReportTableModel

CTX = "ReportsPage"
WATCHED = ("*", "users", "accounts", "visits", "activities", "quotes", "opportunities",
           "account_products", "reminders")  # fmt: skip
NEEDS_SCORES = ("customers", "cross_sell")
FORMATS = (
    (
        "csv",
        QT_TRANSLATE_NOOP("ReportsPage", "Export CSV"),
        QT_TRANSLATE_NOOP("ReportsPage", "CSV files (*.csv)"),
    ),
    (
        "xlsx",
        QT_TRANSLATE_NOOP("ReportsPage", "Export XLSX"),
        QT_TRANSLATE_NOOP("ReportsPage", "Excel files (*.xlsx)"),
    ),
    (
        "pdf",
        QT_TRANSLATE_NOOP("ReportsPage", "Export PDF"),
        QT_TRANSLATE_NOOP("ReportsPage", "PDF files (*.pdf)"),
    ),
)


def table_view(model: ReportTableModel, name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.setAlternatingRowColors(True)
    # Amounts never wrap onto two lines: they take their content's width; the first column (a
    # rep, a stage, an account) takes the rest and is elided, so Sales is never off-screen.
    view.setWordWrap(False)
    fit_columns(view, stretch=0)
    return view


class ReportsPage(QWidget):
    """Reports for everyone and, on its second tab, the manager's view."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.reports = ReportPanel(ctx)
        self.manager = ManagerPanel(ctx)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.reports, self.tr("Reports"))
        self.tabs.addTab(self.manager, self.tr("Manager's view"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)


class ReportPanel(QWidget):
    report_shown = Signal(object)  # Report
    exported = Signal(str)  # the file written

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.report: Report | None = None
        self._generation = 0
        self._stale = True
        self.models: list[ReportTableModel] = []
        self._build()
        ctx.ops.changed.connect(while_alive(self, self._on_changed))
        self._load_scopes()

    def _build(self) -> None:
        self.kind = QComboBox()
        self.kind.setObjectName("report_kind")
        self.kind.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.kind.setMinimumContentsLength(34)  # "Visitas, llamadas, propuestas y ventas"
        for key, (title, _fn) in _all_reports(rep=self.ctx.user_id is not None).items():
            self.kind.addItem(gettext(title), key)
        self.scope = QComboBox()
        self.scope.setObjectName("report_scope")
        self.scope.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # whole names
        self.period = PeriodPicker(str(self.ctx.settings.get("followup.timezone")), self.ctx.clock)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(self.reload)
        controls = QHBoxLayout()
        for label, widget in ((self.tr("Report"), self.kind), (self.tr("For"), self.scope),
                              (self.tr("Period"), self.period)):  # fmt: skip
            controls.addWidget(QLabel(label))
            controls.addWidget(widget)
        controls.addWidget(self.refresh_button)
        controls.addStretch(1)
        self.status = QLabel()
        self.status.setObjectName("report_status")
        exports = QHBoxLayout()  # a row of its own, so the page fits a small window
        exports.addWidget(self.status, 1)
        self.export_buttons: dict[str, QPushButton] = {}
        for fmt_key, title, _filter in FORMATS:
            button = QPushButton(QCoreApplication.translate(CTX, title))
            button.setObjectName(f"export_{fmt_key}")
            button.clicked.connect(lambda _c=False, f=fmt_key: self.ask_export(f))
            exports.addWidget(button)
            self.export_buttons[fmt_key] = button
        self.chart = chart_view()
        self.tables = QTabWidget()
        splitter = QSplitter()
        splitter.addWidget(self.chart)
        splitter.addWidget(self.tables)
        splitter.setSizes([380, 900])  # the table's figures first at 1366×768
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addLayout(exports)
        layout.addWidget(splitter, 1)
        for signal in (self.kind.currentIndexChanged, self.scope.currentIndexChanged):
            signal.connect(lambda *_a: self.reload())
        self.period.changed.connect(self.reload)
        self._set_exporting_enabled(False)

    # -- scope ---------------------------------------------------------------------------------
    def _load_scopes(self) -> None:
        def work(session: Session) -> dict[str, str]:
            return rep_names(session, self.ctx.user_id)

        self.ctx.ops.read(work, while_alive(self, self._scopes_loaded))

    def _scopes_loaded(self, names: dict[str, str]) -> None:
        self.scope.blockSignals(True)
        self.scope.clear()
        if self.ctx.user_id is None:  # a manager sees everyone, or one rep at a time
            self.scope.addItem(self.tr("Everyone"), "")
        for user_id, name in names.items():
            self.scope.addItem(name, user_id)
        self.scope.setEnabled(self.ctx.user_id is None)
        self.scope.blockSignals(False)
        self.reload()

    def owner_id(self) -> str | None:
        if self.ctx.user_id is not None:
            return self.ctx.user_id
        return str(self.scope.currentData() or "") or None

    # -- loading -------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def _on_changed(self, changes: ChangeSet) -> None:
        if changes.touches("users", "*"):
            self._load_scopes()
        elif changes.touches(*WATCHED):
            self._stale = True
            if self.isVisible():
                self.reload()

    def reload(self) -> None:
        self._stale = False
        self._generation += 1
        generation = self._generation
        key, period, owner = str(self.kind.currentData()), self.period.period(), self.owner_id()
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # an export's link may be showing
        self.status.setText(self.tr("Computing…"))

        def work(session: Session) -> Report:
            return run_report(session, key, period, owner)

        def read(_scored: object = None) -> None:
            self.ctx.ops.read(work, while_alive(self, lambda r: self._shown(generation, r)),
                              while_alive(self, self._failed))  # fmt: skip

        if key in NEEDS_SCORES:
            self._score_then(read)
        else:
            read()

    def _score_then(self, then: Any) -> None:
        """Segments need fresh RFM scores: recompute them (a local write), then read."""
        weights = [int(self.ctx.settings.get(k)) for k in WEIGHT_KEYS]
        try:
            checked = check_weights(*weights)
        except ValidationError as problem:
            self._failed(problem)
            return

        def work(session: Session) -> int:
            return compute_rfm(session, clock_of(session).now(), checked).scored

        changes = ChangeSet(tables=frozenset({"account_scores"}))
        self.ctx.ops.write(work, changes, while_alive(self, then), while_alive(self, self._failed))

    def _shown(self, generation: int, report: Report) -> None:
        if generation != self._generation:
            return  # a newer request is on its way
        self.report = report
        self.status.setText(gettext(report.title))
        self.chart.setChart(build_chart(report))
        self.tables.clear()
        self.models = []
        for table in report.tables:
            model = ReportTableModel(table, self)
            self.models.append(model)
            view = table_view(model, f"table_{table.key}")
            view.resizeColumnsToContents()
            self.tables.addTab(view, gettext(table.title))
        self._set_exporting_enabled(True)
        self.report_shown.emit(report)

    def _failed(self, error: Exception) -> None:
        if isinstance(error, ValidationError):
            text = " ".join(p.text() for p in error.problems[:1])
        else:
            text = self.tr("The report could not be made: {0}").format(error)
        self.status.setText(text)

    # -- export --------------------------------------------------------------------------------
    def _set_exporting_enabled(self, enabled: bool) -> None:
        for button in self.export_buttons.values():
            button.setEnabled(enabled)

    def ask_export(self, fmt_key: str) -> None:
        if self.report is None:
            return
        _key, title, file_filter = next(f for f in FORMATS if f[0] == fmt_key)
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(Path(folder or Path.home()) / export_filename(
            self.report, fmt_key, self.ctx.language))  # fmt: skip
        caption = QCoreApplication.translate(CTX, title)
        wanted = QCoreApplication.translate(CTX, file_filter)
        path, _chosen = QFileDialog.getSaveFileName(self, caption, suggested, wanted)
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        """Write the report shown to path (format from its suffix) on a worker."""
        report, lang = self.report, self.ctx.language
        if report is None:
            return
        info = ExportInfo(
            self.scope.currentText(),
            today(self.ctx.clock, str(self.ctx.settings.get("followup.timezone"))),
            str(self.ctx.settings.get("company.name")),
        )

        def work(_session: Session) -> str:
            return str(export_report(report, path, info, lang))

        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setText(self.tr("Exporting…"))
        self.ctx.ops.read(work, while_alive(self, self._exported), while_alive(self, self._failed))

    def _exported(self, path: str) -> None:
        # Said where it can be seen, with a link that opens the folder the file was saved in.
        folder = QUrl.fromLocalFile(str(Path(path).parent)).toString()
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.status.setOpenExternalLinks(True)
        self.status.setText(
            "<b>" + html.escape(self.tr("Saved to {0}").format(path)) + "</b> · "
            f"<a href='{folder}'>{html.escape(self.tr('Open the folder'))}</a>"
        )
        self.exported.emit(path)


def _all_reports(rep: bool) -> dict[str, tuple[str, Any]]:
    """The reports of the list; a rep's leaves out those for managers (the profitability)."""
    from crm_desktop.services.reports import customer_value, manager_view  # noqa: F401  (registration)

    hidden = MANAGERS_ONLY if rep else frozenset({"manager"})  # the manager's view has a tab
    return {key: value for key, value in REPORTS.items() if key not in hidden}
