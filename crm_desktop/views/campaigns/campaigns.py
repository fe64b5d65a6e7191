"""The Campaigns page: the campaigns on the left; on the right the chosen one's plan and costs,
its target list from a filter, its members, its e-mail and what it returned.

Managers plan campaigns; a rep sees the campaigns with members of theirs and records their
members' contacts and responses (the server refuses a rep's change of a campaign anyway)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.services.campaigns import campaigns as C
from crm_desktop.services.campaigns import mailing
from crm_desktop.services.campaigns.campaign_list import (
    CampaignDetail,
    CampaignRow,
    FilterChoices,
    campaign_detail,
    campaign_rows,
    filter_choices,
    member_rows,
)
from crm_desktop.services.campaigns.roi import CampaignReturn, campaign_returns
from crm_desktop.services.campaigns.targets import Filter, TargetList, target_list
from crm_desktop.views.campaigns.outreach import MailTab, MembersTab, ReturnTab
from crm_desktop.views.campaigns.plan_tab import STATUSES, PlanTab
from crm_desktop.views.campaigns.target_tab import TargetTab
from crm_desktop.views.common import fmt
from crm_desktop.views.common.columns import fit_columns
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.field_errors import ERROR_STYLE, failure_text
from crm_desktop.views.common.guard import while_alive
from crm_desktop.views.common.labels import QT_TRANSLATE_NOOP
from crm_desktop.views.common.ops import ChangeSet
from crm_desktop.views.common.rows_model import ROW_ROLE, Column, RowsModel

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

CTX = "CampaignsPage"
WATCHED = ("campaigns", "campaign_costs", "campaign_members", "users", "accounts", "quotes")
_STATUS = dict(STATUSES)
COLUMNS: list[Column[CampaignRow]] = [
    Column(QT_TRANSLATE_NOOP("CampaignsPage", "Campaign"), lambda c: c.name),
    Column(QT_TRANSLATE_NOOP("CampaignsPage", "Status"), lambda c: _status(c.status)),
    Column(QT_TRANSLATE_NOOP("CampaignsPage", "Ends"), lambda c: fmt.day(c.ends_on)),
    Column(QT_TRANSLATE_NOOP("CampaignsPage", "Members"), lambda c: fmt.number(c.members), True),
    Column(QT_TRANSLATE_NOOP("CampaignsPage", "Cost"), lambda c: fmt.money(c.cost), True),
]


def _status(code: str) -> str:
    return QCoreApplication.translate("CampaignPlan", _STATUS.get(code, code))


class CampaignsPage(QWidget):
    compare_requested = Signal()  # the ROI report on the Reports page
    loaded = Signal()  # a campaign's plan, members and return are on screen (tests wait on it)
    targets_found = Signal(object)  # TargetList, after a preview or a fill
    mail_queued = Signal(object)  # MailRun

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.current_id: str | None = None
        self._whole_pending = 0  # whole loads asked for and not yet shown
        self.campaigns: RowsModel[CampaignRow] = RowsModel(CTX, COLUMNS, parent=self)
        self.table = QTableView()
        self.table.setObjectName("campaigns_table")
        self.table.setModel(self.campaigns)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        fit_columns(self.table, stretch=0)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._chosen())
        self.new_button = QPushButton(self.tr("New campaign"))
        self.new_button.setObjectName("new_campaign")
        self.new_button.clicked.connect(self.new_campaign)
        self.title = QLabel()
        self.title.setObjectName("campaign_title")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.message = QLabel()
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.plan = PlanTab(ctx.clock)
        self.targets = TargetTab(ctx.clock)
        self.members = MembersTab()
        self.mail = MailTab()
        self.returns = ReturnTab()
        self.tabs = QTabWidget()
        for widget, title in (
            (self.plan, self.tr("Plan and costs")),
            (self.targets, self.tr("Target list")),
            (self.members, self.tr("Members")),
            (self.mail, self.tr("E-mail")),
            (self.returns, self.tr("Return")),
        ):
            self.tabs.addTab(widget, title)
        self._layout()
        self._connect()
        editable = ctx.user_id is None
        for part in (self.plan, self.targets):
            part.set_editable(editable)
        self.new_button.setVisible(editable)
        self.mail.setEnabled(editable)
        self.tabs.setTabVisible(self.tabs.indexOf(self.returns), editable)  # costs: managers'
        ctx.ops.changed.connect(while_alive(self, self._on_changed))
        self.reload()
        self._load_choices()

    def _layout(self) -> None:
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table, 1)
        column.addWidget(self.new_button)
        right = QWidget()
        body = QVBoxLayout(right)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.title)
        body.addWidget(self.message)
        body.addWidget(self.tabs, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([380, 800])
        layout = QHBoxLayout(self)
        layout.addWidget(splitter)

    def _connect(self) -> None:
        self.plan.save_requested.connect(self.save_plan)
        self.plan.cost_requested.connect(self.add_cost)
        self.targets.preview_requested.connect(lambda f: self.find_targets(f, fill=False))
        self.targets.fill_requested.connect(lambda f: self.find_targets(f, fill=True))
        self.members.reached_requested.connect(lambda m: self._member_write(C.mark_reached, m))
        self.members.response_requested.connect(self._record_response)
        self.members.unsubscribe_requested.connect(self._unsubscribe)
        self.mail.save_requested.connect(self.save_mail)
        self.mail.send_requested.connect(self.send_mail)
        self.returns.compare_requested.connect(self.compare_requested.emit)

    # -- reading ------------------------------------------------------------------------------
    def _on_changed(self, changes: ChangeSet) -> None:
        if changes.touches(*WATCHED, "*"):
            self.reload()

    def reload(self) -> None:
        owner = self.ctx.user_id

        def work(session: Session) -> list[CampaignRow]:
            return campaign_rows(session, owner)

        self.ctx.ops.read(work, while_alive(self, self._rows_loaded))

    def _rows_loaded(self, rows: list[CampaignRow]) -> None:
        self.campaigns.set_rows(rows)
        ids = [r.id for r in rows]
        if self.current_id in ids:
            self.table.selectRow(ids.index(self.current_id))
            self._load_current()
        elif self.current_id is None and rows and not self.plan.name.text():
            self.table.selectRow(0)

    def _load_choices(self) -> None:
        self.ctx.ops.read(filter_choices, while_alive(self, self._choices_loaded))

    def _choices_loaded(self, found: FilterChoices) -> None:
        self.plan.set_people(found.people)
        self.targets.set_choices(found)

    def _chosen(self) -> None:
        chosen = self.table.selectionModel().selectedRows()
        row = self.campaigns.data(chosen[0], ROW_ROLE) if chosen else None
        if row is not None and row.id != self.current_id:
            self.current_id = row.id
            self._load_current(whole=True)

    def _load_current(self, whole: bool = False) -> None:
        campaign_id, owner = self.current_id, self.ctx.user_id
        if campaign_id is None:
            return
        self._whole_pending += whole

        def work(session: Session) -> tuple[CampaignDetail, Any, CampaignReturn | None]:
            returns = campaign_returns(session, [campaign_id])
            detail = campaign_detail(session, campaign_id)
            return detail, member_rows(session, campaign_id, owner), returns[0] if returns else None

        def show(found: tuple[CampaignDetail, Any, CampaignReturn | None]) -> None:
            detail, (members, total), returned = found
            self._whole_pending -= whole
            if detail.id != self.current_id:
                return
            self.title.setText(detail.name)
            if whole:
                self.plan.load(detail)
                self.targets.load(detail.target)
                self.mail.load(detail)
            else:
                self.plan.costs.set_rows(detail.costs)
            self.members.show_members(members, total)
            self.returns.show_return(returned)
            if not self._whole_pending:  # the plan on screen is this campaign's
                self.loaded.emit()

        self.ctx.ops.read(work, while_alive(self, show))

    # -- planning -----------------------------------------------------------------------------
    def new_campaign(self) -> None:
        self.current_id = None
        self.table.clearSelection()
        self.title.setText(self.tr("New campaign"))
        self.plan.load(None)
        self.targets.load(Filter())
        self.mail.load(None)
        self.members.show_members([], 0)
        self.returns.show_return(None)
        self.tabs.setCurrentWidget(self.plan)
        self.plan.name.setFocus()

    def save_plan(self, values: dict[str, Any]) -> None:
        campaign_id = self.current_id
        if campaign_id is None and self.ctx.user_id is None:
            values = {"owner_id": None, **values}

        def work(session: Session) -> str:
            if campaign_id is None:
                return C.create_campaign(session, values).id
            return C.update_campaign(session, campaign_id, values).id

        def saved(new_id: str) -> None:
            self.current_id = new_id
            self.message.clear()
            self._load_current(whole=True)

        self.ctx.ops.write(
            work, ChangeSet(tables=frozenset({"campaigns"})), while_alive(self, saved),
            while_alive(self, lambda exc: self.plan.errors.show_failure(exc, self.ctx.language)),
        )  # fmt: skip

    def add_cost(self, values: dict[str, Any]) -> None:
        campaign_id = self.current_id
        if campaign_id is None:
            return

        def work(session: Session) -> None:
            C.add_cost(session, campaign_id, values)

        self.ctx.ops.write(
            work, ChangeSet(tables=frozenset({"campaign_costs"})),
            while_alive(self, lambda _r: self.plan.cost_added()),
            while_alive(self, lambda e: self.plan.cost_error.setText(self._words(e))),
        )  # fmt: skip

    # -- the target list ----------------------------------------------------------------------
    def find_targets(self, f: Filter, fill: bool) -> None:
        campaign_id = self.current_id
        if fill and campaign_id is None:
            self.message.setText(self.tr("Save the campaign first, then add its members."))
            return

        def preview(session: Session) -> TargetList:
            return target_list(session, f, campaign_id)

        def filled(session: Session) -> TargetList:
            assert campaign_id is not None
            C.save_filter(session, campaign_id, f)
            return C.fill(session, campaign_id)

        def shown(found: TargetList) -> None:
            self.message.clear()
            self.targets.show_found(found, added=fill)
            self.targets_found.emit(found)

        failed = while_alive(self, self._failed)
        if fill:
            tables = frozenset({"campaigns", "campaign_members"})
            self.ctx.ops.write(filled, ChangeSet(tables=tables), while_alive(self, shown), failed)
        else:
            self.ctx.ops.read(preview, while_alive(self, shown), failed)

    # -- members and e-mail -------------------------------------------------------------------
    def _member_write(self, action: Any, *args: Any) -> None:
        def work(session: Session) -> None:
            action(session, *args)

        tables = frozenset({"campaign_members", "accounts", "activities", "mail_outbox"})
        self.ctx.ops.write(work, ChangeSet(tables=tables), None, while_alive(self, self._failed))

    def _record_response(self, member_id: str, kind: str, outcome: str) -> None:
        self._member_write(C.record_response, member_id, kind, outcome)

    def _unsubscribe(self, member_id: str) -> None:
        sure = QMessageBox.question(
            self,
            self.tr("Unsubscribe"),
            self.tr("The account's marketing consent is withdrawn and its unsent campaign "
                    "e-mail dropped. Go ahead?"),
        )  # fmt: skip
        if sure == QMessageBox.StandardButton.Yes:
            self._member_write(mailing.unsubscribe, member_id)

    def save_mail(self, subject: str, body: str) -> None:
        campaign_id = self.current_id
        if campaign_id is None:
            self.message.setText(self.tr("Save the campaign first."))
            return
        changes = {"email_subject": subject.strip() or None, "email_body": body.strip() or None}

        def work(session: Session) -> None:
            C.update_campaign(session, campaign_id, changes)

        done = while_alive(self, lambda _r: self.mail.result.setText(self.tr("E-mail saved.")))
        tables = frozenset({"campaigns"})
        self.ctx.ops.write(work, ChangeSet(tables=tables), done, while_alive(self, self._failed))

    def send_mail(self) -> None:
        campaign_id = self.current_id
        if campaign_id is None:
            return
        sure = QMessageBox.question(
            self,
            self.tr("Queue the campaign e-mail"),
            self.tr("The e-mail goes into the outbox for every member who consents to marketing "
                    "and was not contacted yet; once sent it cannot be called back. Go ahead?"),
        )  # fmt: skip
        if sure != QMessageBox.StandardButton.Yes:
            return
        company = str(self.ctx.settings.get("company.name") or "")

        def work(session: Session) -> mailing.MailRun:
            return mailing.queue_campaign_mail(session, campaign_id, company)

        def sent(run: mailing.MailRun) -> None:
            self.mail.show_run(run)
            self.mail_queued.emit(run)

        tables = frozenset({"campaign_members", "mail_outbox", "activities"})
        self.ctx.ops.write(
            work, ChangeSet(tables=tables), while_alive(self, sent), while_alive(self, self._failed)
        )

    # -- failures -----------------------------------------------------------------------------
    def _words(self, exc: Exception) -> str:
        return failure_text(exc, self.ctx.language)

    def _failed(self, exc: Exception) -> None:
        self.message.setText(self._words(exc))
