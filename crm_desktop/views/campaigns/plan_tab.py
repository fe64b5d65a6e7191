"""A campaign's plan on the Campaigns page: name, goal, channels, period, budget, owner, status,
attribution, and its actual cost lines (each with the day it was spent)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.clock import Clock, today
from crm_desktop.services.campaigns.campaign_list import CampaignDetail, CostLine
from crm_desktop.views.common import fmt
from crm_desktop.views.common.columns import fit_columns
from crm_desktop.views.common.field_errors import FieldErrors
from crm_desktop.views.common.labels import QT_TRANSLATE_NOOP
from crm_desktop.views.common.qtime import date_field, pydate, qdate
from crm_desktop.views.common.rows_model import Column, RowsModel

CTX = "CampaignPlan"
CHANNELS = (
    ("visit", QT_TRANSLATE_NOOP("CampaignPlan", "Visit")),
    ("call", QT_TRANSLATE_NOOP("CampaignPlan", "Call")),
    ("email", QT_TRANSLATE_NOOP("CampaignPlan", "E-mail")),
    ("event", QT_TRANSLATE_NOOP("CampaignPlan", "Event")),
    ("other", QT_TRANSLATE_NOOP("CampaignPlan", "Other")),
)
STATUSES = (
    ("planned", QT_TRANSLATE_NOOP("CampaignPlan", "Planned")),
    ("active", QT_TRANSLATE_NOOP("CampaignPlan", "Active")),
    ("closed", QT_TRANSLATE_NOOP("CampaignPlan", "Closed")),
    ("cancelled", QT_TRANSLATE_NOOP("CampaignPlan", "Cancelled")),
)
COST_COLUMNS: list[Column[CostLine]] = [
    Column(QT_TRANSLATE_NOOP("CampaignPlan", "Day"), lambda c: fmt.day(c.spent_on)),
    Column(QT_TRANSLATE_NOOP("CampaignPlan", "What"), lambda c: c.description),
    Column(QT_TRANSLATE_NOOP("CampaignPlan", "Amount"), lambda c: fmt.money(c.amount), True),
]


class PlanTab(QWidget):
    save_requested = Signal(dict)  # the campaign's values, as the services take them
    cost_requested = Signal(dict)  # a new cost line's values

    def __init__(self, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clock = clock
        day = today(clock)
        self.name = QLineEdit()
        self.name.setObjectName("campaign_name")
        self.goal = QPlainTextEdit()
        self.goal.setFixedHeight(54)
        words = QCoreApplication.translate
        self.channels = {code: QCheckBox(words(CTX, title)) for code, title in CHANNELS}
        row = QHBoxLayout()
        for box in self.channels.values():
            row.addWidget(box)
        channel_box = QWidget()
        channel_box.setLayout(row)
        row.setContentsMargins(0, 0, 0, 0)
        self.starts_on, self.ends_on = date_field(day), date_field(day)
        self.budget = QLineEdit()
        self.budget.setObjectName("campaign_budget")
        self.owner = QComboBox()
        self.status = QComboBox()
        for code, title in STATUSES:
            self.status.addItem(words(CTX, title), code)
        self.attribution = QComboBox()
        self.attribution.addItem(self.tr("Last touch"), "last_touch")
        self.attribution.addItem(self.tr("First touch"), "first_touch")
        self.window_days = QSpinBox()
        self.window_days.setRange(1, 730)
        self.window_days.setValue(90)
        self.window_days.setSuffix(self.tr(" days"))
        general = QLabel()
        self.errors = FieldErrors(general)
        form = QFormLayout()
        for title, name, field in (
            (self.tr("Name"), "name", self.name),
            (self.tr("Goal"), "goal", self.goal),
            (self.tr("Channels"), "channels", channel_box),
            (self.tr("Starts"), "starts_on", self.starts_on),
            (self.tr("Ends"), "ends_on", self.ends_on),
            (self.tr("Budget (COP)"), "budget", self.budget),
            (self.tr("Owner"), "owner_id", self.owner),
            (self.tr("Status"), "status", self.status),
            (self.tr("Attribution"), "attribution", self.attribution),
            (self.tr("Attribution window"), "attribution_days", self.window_days),
        ):
            self.errors.add_row(form, title, name, field)
        self.save_button = QPushButton(self.tr("Save the campaign"))
        self.save_button.setObjectName("save_campaign")
        self.save_button.clicked.connect(self._save)
        self.read_only_note = QLabel(
            self.tr("A manager plans the campaign; here you see it and work with your members.")
        )
        self.read_only_note.setWordWrap(True)
        self.read_only_note.setVisible(False)
        left = QVBoxLayout()
        left.addWidget(self.read_only_note)
        left.addWidget(general)
        left.addLayout(form)
        left.addWidget(self.save_button)
        left.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addWidget(self._costs_box(day), 2)

    def _costs_box(self, day: date) -> QGroupBox:
        box = QGroupBox(self.tr("What it cost"))
        self.costs: RowsModel[CostLine] = RowsModel(CTX, COST_COLUMNS, parent=self)
        table = QTableView()
        table.setModel(self.costs)
        fit_columns(table, stretch=1)
        self.cost_day = date_field(day)
        self.cost_amount = QLineEdit()
        self.cost_amount.setObjectName("cost_amount")
        self.cost_amount.setPlaceholderText(self.tr("Amount (COP)"))
        self.cost_what = QLineEdit()
        self.cost_what.setPlaceholderText(self.tr("What was paid for"))
        self.add_cost_button = QPushButton(self.tr("Add cost"))
        self.add_cost_button.setObjectName("add_cost")
        self.add_cost_button.clicked.connect(self._add_cost)
        self.cost_total = QLabel()
        self.cost_error = QLabel()
        self.cost_error.setStyleSheet("color: #b00020;")
        self.cost_error.setWordWrap(True)
        entry, what = QHBoxLayout(), QHBoxLayout()
        entry.addWidget(self.cost_day)
        entry.addWidget(self.cost_amount, 1)
        what.addWidget(self.cost_what, 1)
        what.addWidget(self.add_cost_button)
        layout = QVBoxLayout(box)
        layout.addWidget(table, 1)
        layout.addWidget(self.cost_total)
        layout.addLayout(entry)
        layout.addLayout(what)
        layout.addWidget(self.cost_error)
        return box

    # -- filling -------------------------------------------------------------------------------
    def set_people(self, people: tuple[tuple[str, str], ...]) -> None:
        chosen = self.owner.currentData()
        self.owner.clear()
        self.owner.addItem(self.tr("(nobody)"), "")
        for user_id, name in people:
            self.owner.addItem(name, user_id)
        self.owner.setCurrentIndex(max(self.owner.findData(chosen or ""), 0))

    def load(self, detail: CampaignDetail | None) -> None:
        """Show a campaign, or an empty plan for a new one (None)."""
        self.errors.clear()
        self.cost_error.clear()
        day = today(self.clock)
        self.name.setText(detail.name if detail else "")
        self.goal.setPlainText(detail.goal if detail else "")
        for code, box in self.channels.items():
            box.setChecked(code in detail.channels if detail else code == "visit")
        self.starts_on.setDate(qdate(detail.starts_on if detail else day))
        self.ends_on.setDate(qdate(detail.ends_on if detail else day))
        self.budget.setText(fmt.number(detail.budget) if detail else "")
        owner = (detail.owner_id or "") if detail else ""
        self.owner.setCurrentIndex(max(self.owner.findData(owner), 0))
        status = detail.status if detail else "planned"
        self.status.setCurrentIndex(max(self.status.findData(status), 0))
        self.attribution.setCurrentIndex(
            max(self.attribution.findData(detail.attribution if detail else "last_touch"), 0)
        )
        self.window_days.setValue(detail.attribution_days if detail else 90)
        self.costs.set_rows(detail.costs if detail else ())
        total = sum((c.amount for c in detail.costs), Decimal(0)) if detail else Decimal(0)
        self.cost_total.setText(self.tr("Spent so far: %1").replace("%1", fmt.money(total)))
        self.add_cost_button.setEnabled(detail is not None)

    def values(self) -> dict[str, Any]:
        budget_text = self.budget.text().strip()
        budget = fmt.parse_decimal(budget_text) if budget_text else 0
        return {
            "name": self.name.text().strip(),
            "goal": self.goal.toPlainText().strip() or None,
            "channels": ",".join(c for c, box in self.channels.items() if box.isChecked()),
            "starts_on": pydate(self.starts_on.date()),
            "ends_on": pydate(self.ends_on.date()),
            "budget": budget if budget is not None else budget_text,  # the rules say what is wrong
            "owner_id": self.owner.currentData() or None,
            "status": self.status.currentData(),
            "attribution": self.attribution.currentData(),
            "attribution_days": self.window_days.value(),
        }

    def set_editable(self, editable: bool) -> None:
        """Only managers plan campaigns and record their costs: for a rep the plan is read-only
        and says so (fields that looked editable with no way to save confused a rep)."""
        hidden: list[QWidget] = [self.save_button, self.add_cost_button, self.cost_amount,
                                 self.cost_what, self.cost_day]  # fmt: skip
        for shown in hidden:
            shown.setVisible(editable)
        self.name.setReadOnly(not editable)
        self.goal.setReadOnly(not editable)
        self.budget.setReadOnly(not editable)
        fixed: list[QWidget] = [*self.channels.values(), self.starts_on, self.ends_on, self.owner,
                                self.status, self.attribution, self.window_days]  # fmt: skip
        for field in fixed:
            field.setEnabled(editable)
        self.read_only_note.setVisible(not editable)

    # -- actions -------------------------------------------------------------------------------
    def _save(self) -> None:
        self.errors.clear()
        self.save_requested.emit(self.values())

    def _add_cost(self) -> None:
        self.cost_error.clear()
        amount = fmt.parse_decimal(self.cost_amount.text().strip())
        if amount is None:
            self.cost_error.setText(self.tr("Write the amount, for example 1.500.000."))
            return
        spent = pydate(self.cost_day.date())
        self.cost_requested.emit(
            {"spent_on": spent, "amount": amount, "description": self.cost_what.text().strip()}
        )

    def cost_added(self) -> None:
        self.cost_amount.clear()
        self.cost_what.clear()
