"""The Today page: the rep's visits in route order, due reminders, quotes about to expire and
the members of running campaigns still to work on."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractItemModel,
    QDateTime,
    QModelIndex,
    QTime,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.clock import local_now
from crm_desktop.views.common import fmt
from crm_desktop.views.common.columns import fit_columns
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.guard import while_alive
from crm_desktop.views.common.labels import QT_TRANSLATE_NOOP, label
from crm_desktop.views.common.ops import ChangeSet
from crm_desktop.views.common.qtime import qnow, typed_dates
from crm_desktop.views.common.rows_model import Column, RowsModel
from crm_desktop.views.common.table_export import add_export_action

if TYPE_CHECKING:  # the page is the program's start page: SQLAlchemy loads on its first read
    from sqlalchemy.orm import Session

    from crm_desktop.services.activity.today import Agenda, QuoteItem, ReminderItem, VisitItem
    from crm_desktop.services.campaigns.campaigns import CampaignTask

CTX = "TodayPage"
WARNING_STYLE = "background: #fff4e5; color: #7a4100; padding: 6px; border: 1px solid #f0b36b;"
WATCHED = ("visits", "reminders", "quotes", "users", "mail_outbox", "campaigns", "campaign_members")


def clock(value: datetime) -> str:
    """The local time of day, e.g. 8:30 a. m. (local time on screen, UTC in storage)."""
    return fmt.ui().time(value)


VISIT_COLUMNS: list[Column[VisitItem]] = [
    Column(QT_TRANSLATE_NOOP("TodayPage", "#"), lambda v: str(v.route_order or "")),
    Column(QT_TRANSLATE_NOOP("TodayPage", "Time"), lambda v: clock(v.planned_at)),
    Column(QT_TRANSLATE_NOOP("TodayPage", "Account"), lambda v: v.account_name),
    Column(QT_TRANSLATE_NOOP("TodayPage", "City"), lambda v: v.city or ""),
    Column(QT_TRANSLATE_NOOP("TodayPage", "Purpose"), lambda v: v.purpose or ""),
    Column(QT_TRANSLATE_NOOP("TodayPage", "Place"), lambda v: v.place or ""),
    Column(QT_TRANSLATE_NOOP("TodayPage", "Status"), lambda v: label("visit_status", v.status)),
]
REMINDER_COLUMNS: list[Column[ReminderItem]] = [
    # Who it is for before what: the long title takes the rest of the width (1366×768).
    Column(QT_TRANSLATE_NOOP("TodayPage", "Due"), lambda r: fmt.moment(r.due_at)),
    Column(QT_TRANSLATE_NOOP("TodayPage", "Account"), lambda r: r.account_name or ""),
    Column(QT_TRANSLATE_NOOP("TodayPage", "Reminder"), lambda r: r.title),
]
QUOTE_COLUMNS: list[Column[QuoteItem]] = [
    Column(QT_TRANSLATE_NOOP("TodayPage", "Quote"), lambda q: q.number),
    Column(QT_TRANSLATE_NOOP("TodayPage", "Account"), lambda q: q.account_name),
    Column(QT_TRANSLATE_NOOP("TodayPage", "Valid until"), lambda q: fmt.day(q.valid_until)),
    Column(QT_TRANSLATE_NOOP("TodayPage", "Total"), lambda q: fmt.money(q.total, q.currency), True),
]

CAMPAIGN_COLUMNS: list[Column[CampaignTask]] = [
    Column(QT_TRANSLATE_NOOP("TodayPage", "Campaign"), lambda t: t.campaign_name),
    Column(QT_TRANSLATE_NOOP("TodayPage", "Account"), lambda t: t.account_name),
    Column(QT_TRANSLATE_NOOP("TodayPage", "Status"), lambda t: label("member_status", t.status)),
    Column(QT_TRANSLATE_NOOP("TodayPage", "Ends"), lambda t: fmt.day(t.ends_on)),
]


def _table(model: QAbstractItemModel, name: str) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)  # an amount on two lines reads as two amounts
    return table


def _heading(text: str = "") -> QLabel:
    heading = QLabel(text)
    font = heading.font()
    font.setPointSizeF(font.pointSizeF() * 1.15)
    font.setWeight(QFont.Weight.DemiBold)
    heading.setFont(font)
    return heading


class TodayPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self._generation = 0
        self.visits: RowsModel[VisitItem] = RowsModel(CTX, VISIT_COLUMNS, parent=self)
        self.reminders: RowsModel[ReminderItem] = RowsModel(
            CTX, REMINDER_COLUMNS, lambda r: r.overdue, self
        )
        self.quotes: RowsModel[QuoteItem] = RowsModel(CTX, QUOTE_COLUMNS, parent=self)
        self.visits_table = _table(self.visits, "today_visits")
        self.reminders_table = _table(self.reminders, "today_reminders")
        self.quotes_table = _table(self.quotes, "today_quotes")
        self.campaign_tasks: RowsModel[CampaignTask] = RowsModel(CTX, CAMPAIGN_COLUMNS, parent=self)
        self.campaigns_table = _table(self.campaign_tasks, "today_campaign_tasks")
        fit_columns(self.campaigns_table, stretch=1)  # the account; status and end fit
        # A long campaign name shares the width with the account rather than squeezing it out
        # (at 1366 px the account was cut to a few letters).
        self.campaigns_table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch
        )
        fit_columns(self.visits_table, stretch=4)  # the purpose; account, time, status fit
        fit_columns(self.reminders_table, stretch=2)  # the title; due and account fit
        fit_columns(self.quotes_table, stretch=1)  # the account; number, date, total fit
        self.visits_table.activated.connect(self._open_visit)
        for table, name in (
            (self.visits_table, self.tr("visits")),
            (self.reminders_table, self.tr("reminders")),
            (self.quotes_table, self.tr("quotes")),
            (self.campaigns_table, self.tr("campaign-tasks")),
        ):
            add_export_action(ctx, table, name, self)  # right click: "Export as CSV or Excel…"
        self.title = _heading()
        self.title.setObjectName("today_title")
        self.visits_title, self.reminders_title, self.quotes_title = (
            _heading(),
            _heading(),
            _heading(),
        )
        self.campaigns_title = _heading()
        self._build()
        # Before the agenda is read (the start holds database work until the first paint), the
        # page already says which day it is and that it is loading: never an empty page.
        self.title.setText(self.tr("Today, {0}").format(fmt.long_day(local_now(ctx.clock).date())))
        for heading in (
            self.visits_title,
            self.reminders_title,
            self.quotes_title,
            self.campaigns_title,
        ):
            heading.setText(self.tr("Loading…"))
        self.reminders_table.selectionModel().selectionChanged.connect(self._update_buttons)
        ctx.ops.changed.connect(self._on_changed)
        self.reload()

    # -- building ----------------------------------------------------------------------------
    def _build(self) -> None:
        self.visit_button = QPushButton(self.tr("Record a visit… (Ctrl+R)"))
        self.visit_button.clicked.connect(lambda: _pick_account_then(self.ctx, self, "visit"))
        self.call_button = QPushButton(self.tr("Log a call… (Ctrl+L)"))
        self.call_button.clicked.connect(lambda: _pick_account_then(self.ctx, self, "call"))
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.visit_button)
        header.addWidget(self.call_button)
        self.done_button = QPushButton(self.tr("Mark done"))
        self.done_button.setObjectName("reminder_done")
        self.done_button.clicked.connect(self.complete_selected)
        self.snooze_button = QPushButton(self.tr("Snooze 1 day"))
        self.snooze_button.clicked.connect(self.snooze_selected)
        self.reschedule_button = QPushButton(self.tr("Reschedule…"))
        self.reschedule_button.clicked.connect(self.reschedule_selected)
        buttons = QHBoxLayout()
        for button in (self.done_button, self.snooze_button, self.reschedule_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(self.reminders_title)
        left.addWidget(self.reminders_table, 1)
        left.addLayout(buttons)
        right = QVBoxLayout()
        right.addWidget(self.quotes_title)
        right.addWidget(self.quotes_table, 1)
        right.addWidget(self.campaigns_title)
        right.addWidget(self.campaigns_table, 1)
        bottom = QHBoxLayout()
        bottom.addLayout(left, 3)
        bottom.addLayout(right, 2)
        self.mail_warning = QLabel()
        self.mail_warning.setObjectName("today_mail_warning")
        self.mail_warning.setWordWrap(True)
        self.mail_warning.setStyleSheet(WARNING_STYLE)
        self.mail_warning.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.mail_warning)
        layout.addWidget(self.visits_title)
        layout.addWidget(self.visits_table, 1)
        layout.addLayout(bottom, 1)
        self._update_buttons()

    # -- loading -----------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the agenda on a worker; only the newest answer is shown."""
        self._generation += 1
        generation, owner = self._generation, self.ctx.user_id

        def work(session: Session) -> Agenda:
            from crm_desktop.clock import clock_of
            from crm_desktop.services.activity.today import agenda

            return agenda(session, owner, clock_of(session).now())

        self.ctx.ops.read(work, while_alive(self, lambda found: self._loaded(generation, found)))

    def _loaded(self, generation: int, found: Agenda) -> None:
        if generation != self._generation:
            return
        long_date = fmt.long_day(local_now(self.ctx.clock).date())
        self.title.setText(self.tr("Today, {0}").format(long_date))
        self.visits.set_rows(found.visits)
        self.reminders.set_rows(found.reminders)
        self.quotes.set_rows(found.quotes)
        self.visits_title.setText(self.tr("%n visit(s) planned for today", "", len(found.visits)))
        shown = len(found.reminders)
        overdue = sum(1 for r in found.reminders if r.overdue)
        # Today's total and how many of them are already late: the latter is the number the
        # alert in the status bar gives, so the two never seem to disagree.
        self.reminders_title.setText(
            self.tr("%n reminder(s) for today", "", shown)
            + (self.tr(", %n overdue", "", overdue) if overdue else "")
            + (self.tr(" (the most overdue first; more are due)") if found.more_reminders else "")
        )
        self.quotes_title.setText(self.tr("%n quote(s) about to expire", "", len(found.quotes)))
        self.campaign_tasks.set_rows(found.campaign_tasks)
        self.campaigns_title.setText(self.tr("%n campaign task(s)", "", len(found.campaign_tasks)))
        self.mail_warning.setText(
            self.tr(
                "%n e-mail(s) to clients queued for more than 3 hours and not sent yet: "
                "see Quotes → Mail outbox.",
                "",
                found.stale_mail,
            )
        )
        self.mail_warning.setVisible(found.stale_mail > 0)
        self._update_buttons()

    def _on_changed(self, changes: ChangeSet) -> None:
        if changes.touches(*WATCHED):
            self.reload()

    # -- reminders ---------------------------------------------------------------------------
    def selected_reminder(self) -> ReminderItem | None:
        rows = self.reminders_table.selectionModel().selectedRows()
        return self.reminders.row_at(rows[0].row()) if rows else None

    def _update_buttons(self, *_args: object) -> None:
        chosen = self.selected_reminder() is not None
        for button in (self.done_button, self.snooze_button, self.reschedule_button):
            button.setEnabled(chosen)

    def _change_reminder(self, change: str, due_at: datetime | None = None) -> None:
        reminder = self.selected_reminder()
        if reminder is None:
            return
        reminder_id = reminder.id

        def work(session: Session) -> str:
            from crm_desktop.services.activity import reminders  # validation libraries: load on use

            if change == "done":
                return reminders.complete_reminder(session, reminder_id).id
            if change == "snooze":
                return reminders.snooze_reminder(session, reminder_id, timedelta(days=1)).id
            assert due_at is not None
            return reminders.reschedule_reminder(session, reminder_id, due_at).id

        changes = ChangeSet(tables=frozenset({"reminders"}), ids=frozenset({reminder_id}))
        self.ctx.ops.write(work, changes)

    def complete_selected(self) -> None:
        self._change_reminder("done")

    def snooze_selected(self) -> None:
        self._change_reminder("snooze")

    def reschedule_selected(self) -> None:
        if self.selected_reminder() is None:
            return
        dialog = RescheduleDialog(qnow(self.ctx.clock), self)
        dialog.accepted.connect(lambda: self._change_reminder("reschedule", dialog.due_at()))
        dialog.open()
        self.reschedule_dialog = dialog

    # -- visits ------------------------------------------------------------------------------
    def _open_visit(self, index: QModelIndex) -> None:
        visit = self.visits.row_at(index.row())
        if visit is None:
            return
        try:
            module = importlib.import_module("crm_desktop.views.activity.visit_dialog")
        except ModuleNotFoundError:  # part B's dialog is not there yet: say so
            from crm_desktop.views.activity.quick_pick import open_activity_dialog

            open_activity_dialog(self.ctx, self, "visit", visit.account_id)
            return
        dialog = module.VisitDialog(self.ctx, visit.account_id, visit.id, parent=self)
        dialog.open()
        self.visit_dialog = dialog


def _pick_account_then(ctx: AppContext, parent: QWidget, action: str) -> None:
    # Imported on use: the picker's account search loads SQLAlchemy, too slow for the start.
    from crm_desktop.views.activity.quick_pick import pick_account_then

    pick_account_then(ctx, parent, action)


class RescheduleDialog(QDialog):
    """Pick a new local date and time for a reminder (tomorrow at 9:00 by default)."""

    def __init__(self, now: QDateTime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Reschedule the reminder"))
        tomorrow = now.addDays(1)
        tomorrow.setTime(QTime(9, 0))
        self.when = QDateTimeEdit(tomorrow)
        typed_dates(self.when)
        self.when.setCalendarPopup(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("New due date and time:")))
        layout.addWidget(self.when)
        layout.addWidget(buttons)

    def due_at(self) -> datetime:
        return datetime.fromtimestamp(self.when.dateTime().toSecsSinceEpoch(), UTC)
