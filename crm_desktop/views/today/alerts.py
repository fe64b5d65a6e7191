"""Alerts: follow-up rules re-evaluated after data changes, due reminders as desktop notifications.

install_alerts(ctx, main_window) wires it up. After a change to the data the rules read
(debounced, on the writer pool) the rules run for the changed accounts only (from the change
set's ids, and the outbox ops written since the last run), and the RFM scores are refreshed when
sales changed. A single-shot QTimer is armed for the next due time (never
polling the database every second); when it fires, the reminders that fell due are shown with
QSystemTrayIcon.showMessage, or in the status bar when there is no system tray. The rules also
run at start and every few hours, since their horizon moves with the calendar. Done, snooze and
reschedule are on the Today page; overdue reminders stay listed there until handled.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMainWindow, QStyle, QSystemTrayIcon
from sqlalchemy.orm import Session

from crm_desktop.services.core.errors import ValidationError
from crm_desktop.services.followup.due_reminders import DueReminder, due_between, next_due_at
from crm_desktop.services.followup.followup import (
    ALL_RULES,
    EvaluationResult,
    FollowupConfig,
    accounts_of_rows,
    evaluate_rules,
    rows_written_since,
)
from crm_desktop.services.reports.rfm import WEIGHT_KEYS, Weights, check_weights, compute_rfm
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.ops import ChangeSet

RULE_TABLES = ("accounts", "quotes", "opportunities", "account_products", "activities", "visits")
SALES_TABLES = ("quotes", "opportunities")
DEBOUNCE_MS = 1500
RULES_EVERY_MS = 6 * 3600 * 1000
LONGEST_WAIT = timedelta(hours=6)  # re-arm at least this often (sleep, clock changes)
MAX_SHOWN = 3
RESULT_TABLES = frozenset({"reminders", "account_scores"})


class AlertController(QObject):
    notified = Signal(list)  # list[DueReminder] just shown
    evaluated = Signal(object)  # EvaluationResult

    def __init__(self, ctx: AppContext, window: QMainWindow) -> None:
        super().__init__(window)
        self.ctx, self.window = ctx, window
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            icon = window.windowIcon()
            if icon.isNull():
                icon = QApplication.style().standardIcon(
                    QStyle.StandardPixmap.SP_MessageBoxInformation
                )
            self.tray = QSystemTrayIcon(icon, self)
            self.tray.setToolTip(window.windowTitle())
            self.tray.show()
        self.checked_until = self.ctx.clock.now()
        self._pending_ids: set[str] = set()
        self._full = True  # the first evaluation looks at every account
        self._outbox_seq = 0  # outbox ops up to this one were looked at
        self._sales_changed = True
        self.debounce = self._timer(DEBOUNCE_MS, self.evaluate)
        self.next_timer = self._timer(0, self.check_due)
        self.periodic = QTimer(self)
        self.periodic.setInterval(RULES_EVERY_MS)
        self.periodic.timeout.connect(self._periodic)
        self.periodic.start()
        ctx.ops.changed.connect(self._on_changed)

    def _timer(self, ms: int, slot: Callable[[], None]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(ms)
        timer.timeout.connect(slot)
        return timer

    def start(self) -> None:
        """At start: show what is already overdue once, then evaluate and arm the timer."""
        self._show_overdue_summary()
        self.evaluate()

    # -- rule evaluation -----------------------------------------------------------------------
    def _on_changed(self, changes: ChangeSet) -> None:
        if changes.tables and changes.tables <= RESULT_TABLES:
            self.arm()  # our own results: only the next due time may have moved
            return
        if changes.touches("*") or (changes.touches("sync_outbox") and not changes.ids):
            self._full = True  # a refresh-all, or a sync whose pulled rows are not listed
        elif changes.touches(*RULE_TABLES):
            # Changes announced without ids are found in the outbox (everything written here).
            self._pending_ids |= set(changes.ids)
        self._sales_changed |= changes.touches("*", *SALES_TABLES)
        if changes.touches("*", "reminders", *RULE_TABLES):
            self.debounce.start()

    def _periodic(self) -> None:
        self._full = True
        self.evaluate()

    def evaluate(self) -> None:
        """Run the rules (for the changed accounts, or all) and refresh scores on the writer."""
        config = FollowupConfig.from_settings(self.ctx.settings)
        weights = self._weights() if self._sales_changed else None
        ids = None if self._full else frozenset(self._pending_ids)
        owner, since = self.ctx.user_id, self._outbox_seq
        self._full, self._pending_ids, self._sales_changed = False, set(), False

        def work(session: Session) -> tuple[EvaluationResult, int]:
            now = self.ctx.clock.now()
            written, newest = rows_written_since(session, since)
            changed = None if ids is None else accounts_of_rows(session, ids | written)
            # Working as everyone (a manager), only reassignments: the reps' laptops make the rest,
            # so the same rule reminder is not made on two devices.
            rules = ALL_RULES if owner is not None else frozenset({"assigned"})
            result = evaluate_rules(session, now, changed, config, owner, rules)
            if weights is not None:
                compute_rfm(session, now, weights)
            return result, newest

        self.ctx.ops.write(work, ChangeSet(tables=RESULT_TABLES), self._evaluated)

    def _evaluated(self, done: tuple[EvaluationResult, int]) -> None:
        result, self._outbox_seq = done
        self.evaluated.emit(result)

    def _weights(self) -> Weights | None:
        try:
            return check_weights(*(int(self.ctx.settings.get(key)) for key in WEIGHT_KEYS))
        except ValidationError:
            return None  # the Settings page says why; scores keep their last values

    # -- notifications -------------------------------------------------------------------------
    def arm(self) -> None:
        """Set the single-shot timer for the next due reminder (or re-check in a few hours)."""
        owner, after = self.ctx.user_id, self.checked_until

        def work(session: Session) -> datetime | None:
            return next_due_at(session, owner, after)

        self.ctx.ops.read(work, self._armed)

    def _armed(self, due: datetime | None) -> None:
        now = self.ctx.clock.now()
        wait = min(due - now, LONGEST_WAIT) if due is not None else LONGEST_WAIT
        self.next_timer.start(max(0, int(wait.total_seconds() * 1000)))

    def check_due(self) -> None:
        owner, since, until = self.ctx.user_id, self.checked_until, self.ctx.clock.now()

        def work(session: Session) -> list[DueReminder]:
            return due_between(session, owner, since, until)

        def shown(found: list[DueReminder]) -> None:
            self.checked_until = until
            self.notify(found)
            self.arm()

        self.ctx.ops.read(work, shown)

    def notify(self, due: list[DueReminder]) -> None:
        for reminder in due[:MAX_SHOWN]:
            title = self.tr("Follow-up due: {0}").format(reminder.account_name or "")
            self._show(title.rstrip(": "), reminder.title)
        if len(due) > MAX_SHOWN:
            self._show(
                self.tr("Follow-ups due"), self.tr("%n more in Today", "", len(due) - MAX_SHOWN)
            )
        if due:
            self.notified.emit(due)

    def _show(self, title: str, body: str) -> None:
        if self.tray is not None:
            self.tray.showMessage(title, body, QSystemTrayIcon.MessageIcon.Information, 15_000)
        else:
            self.window.statusBar().showMessage(f"{title} — {body}", 15_000)

    def _show_overdue_summary(self) -> None:
        owner, now = self.ctx.user_id, self.ctx.clock.now()
        # Overdue = due before today, as the Today page counts them.
        today_start = now.astimezone().replace(hour=0, minute=0, second=0, microsecond=0)

        def work(session: Session) -> int:
            start = now - timedelta(days=3650)
            return len(due_between(session, owner, start, today_start, limit=1000))

        def shown(count: int) -> None:
            if count:
                summary = self.tr("%n follow-up(s) overdue, see Today", "", count)
                self._show(self.tr("Follow-ups due"), summary)
            self.arm()

        self.ctx.ops.read(work, shown)


def install_alerts(ctx: AppContext, main_window: QMainWindow) -> AlertController:
    """Start rule evaluation after data changes and desktop notifications of due reminders."""
    controller = AlertController(ctx, main_window)
    controller.start()
    return controller
