"""The manager's view: the sales force per rep (accounts by life-cycle phase, visits and calls in
the period, overdue follow-ups), and for the chosen rep each customer's phase, last contact and
open opportunity stage: the phases of contact between that rep and each customer."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from crm_desktop.clock import clock_of
from crm_desktop.services.reports.manager_view import (
    AccountContact,
    count_rep_accounts,
    manager_report,
    rep_accounts,
)
from crm_desktop.services.reports.reports import Report, rep_names
from crm_desktop.views.common import fmt
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.guard import while_alive
from crm_desktop.views.common.labels import QT_TRANSLATE_NOOP, label
from crm_desktop.views.common.ops import ChangeSet
from crm_desktop.views.common.rows_model import Column, RowsModel
from crm_desktop.views.reports.period_picker import PeriodPicker
from crm_desktop.views.reports.report_chart import build_chart, chart_view
from crm_desktop.views.reports.report_model import ReportTableModel

CTX = "ManagerPanel"
PAGE = 300
WATCHED = ("*", "users", "accounts", "visits", "activities", "reminders", "opportunities")
ACCOUNT_COLUMNS: list[Column[AccountContact]] = [
    Column(QT_TRANSLATE_NOOP("ManagerPanel", "Account"), lambda a: a.legal_name),
    Column(
        QT_TRANSLATE_NOOP("ManagerPanel", "Life-cycle phase"), lambda a: label("phase", a.phase)
    ),
    Column(
        QT_TRANSLATE_NOOP("ManagerPanel", "Last contact"), lambda a: fmt.moment(a.last_contact_at)
    ),
    Column(QT_TRANSLATE_NOOP("ManagerPanel", "How"), lambda a: _contact_kind(a.last_contact_kind)),
    Column(
        QT_TRANSLATE_NOOP("ManagerPanel", "Open opportunity"),
        lambda a: label("stage", a.open_stage),
    ),
    Column(QT_TRANSLATE_NOOP("ManagerPanel", "Overdue"), lambda a: str(a.overdue or ""), True),
]


def _contact_kind(kind: str | None) -> str:
    if kind == "visit":
        return QCoreApplication.translate("ManagerPanel", "Visit")
    return label("activity", kind)


@dataclass(frozen=True)
class Overview:
    report: Report
    rep_ids: tuple[str, ...]  # in the order of the report's rows


class ManagerPanel(QWidget):
    overview_shown = Signal(object)  # Overview
    accounts_shown = Signal(str)  # the rep's id

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.overview: Overview | None = None
        self.rep_id: str | None = None
        self._stale = True
        self._build()
        ctx.ops.changed.connect(while_alive(self, self._on_changed))

    def _build(self) -> None:
        # The same period as the Reports tab (this quarter, with today): the month of the
        # quarter's first day used to show another month than Reports did.
        self.period = PeriodPicker(str(self.ctx.settings.get("followup.timezone")), self.ctx.clock)
        self.period.changed.connect(self.reload)
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.reload)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Period")))
        top.addWidget(self.period)
        top.addWidget(refresh)
        top.addStretch(1)
        self.reps_model = ReportTableModel(parent=self)
        self.reps = _view(self.reps_model, "manager_reps")
        self.reps.clicked.connect(self._rep_clicked)
        self.chart = chart_view()
        upper = QSplitter()
        upper.addWidget(self.chart)
        upper.addWidget(self.reps)
        upper.setSizes([340, 940])
        self.accounts_model: RowsModel[AccountContact] = RowsModel(
            CTX, ACCOUNT_COLUMNS, lambda a: a.overdue > 0, self
        )
        self.accounts = _view(self.accounts_model, "manager_accounts")
        header = self.accounts.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.accounts_title = QLabel(self.tr("Choose a rep to see their customers."))
        self.more = QPushButton(self.tr("Show more"))
        self.more.clicked.connect(self.load_more)
        self.more.hide()
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.accounts_title)
        lower_layout.addWidget(self.accounts, 1)
        lower_layout.addWidget(self.more)
        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(upper)
        body.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(body, 1)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def _on_changed(self, changes: ChangeSet) -> None:
        if changes.touches(*WATCHED):
            self._stale = True
            if self.isVisible():
                self.reload()

    def reload(self) -> None:
        self._stale = False
        period, owner = self.period.period(), self.ctx.user_id

        def work(session: Session) -> Overview:
            ids = tuple(rep_names(session, owner))
            return Overview(manager_report(session, period, owner, clock_of(session).now()), ids)

        self.ctx.ops.read(work, while_alive(self, self._shown))

    def _shown(self, overview: Overview) -> None:
        self.overview = overview
        self.reps_model.set_table(overview.report.tables[0])
        self.reps.resizeColumnsToContents()
        self.chart.setChart(build_chart(overview.report, line_chars=11))  # a narrow panel
        if self.rep_id not in overview.rep_ids:  # none yet, or not in this scope any more
            self.rep_id = None
            self.accounts_model.set_rows([])
            self.accounts_title.setText(self.tr("Choose a rep to see their customers."))
            self.more.hide()
        if self.rep_id is None and overview.rep_ids:
            self.show_rep(overview.rep_ids[0])
        elif self.rep_id is not None:
            self.show_rep(self.rep_id)
        self.overview_shown.emit(overview)

    def _rep_clicked(self, index: QModelIndex) -> None:
        if self.overview and index.row() < len(self.overview.rep_ids):
            self.show_rep(self.overview.rep_ids[index.row()])

    def show_rep(self, rep_id: str, offset: int = 0) -> None:
        """The rep's customers, a page at a time (offset 0 starts over)."""
        self.rep_id = rep_id

        def work(session: Session) -> tuple[list[AccountContact], int]:
            return rep_accounts(
                session, rep_id, clock_of(session).now(), PAGE, offset
            ), count_rep_accounts(session, rep_id)

        self.ctx.ops.read(
            work, while_alive(self, lambda found: self._accounts(rep_id, offset, found))
        )

    def _accounts(self, rep_id: str, offset: int, found: tuple[list[AccountContact], int]) -> None:
        if rep_id != self.rep_id:
            return
        rows, total = found
        shown = (list(self.accounts_model.rows[:offset]) if offset else []) + rows
        self.accounts_model.set_rows(shown)
        name = ""
        if self.overview and rep_id in self.overview.rep_ids:
            name = self.overview.report.tables[0].rows[self.overview.rep_ids.index(rep_id)][0]
        self.accounts_title.setText(
            self.tr("Customers of {0}: {1} of {2}").format(name, len(shown), total)
        )
        self.more.setVisible(len(shown) < total)
        self.accounts_shown.emit(rep_id)

    def load_more(self) -> None:
        if self.rep_id is not None:
            self.show_rep(self.rep_id, len(self.accounts_model.rows))


def _view(model: QAbstractItemModel, name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.setAlternatingRowColors(True)
    view.horizontalHeader().setStretchLastSection(True)
    return view
