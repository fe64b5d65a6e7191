"""A campaign's target list on the Campaigns page: the filter (RFM segment, kind, role, city,
CIIU, products owned and not owned, last contact before a day), a preview that says how many
matched and how many were left out and why, and filling the campaign with the rest."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.clock import Clock, today
from crm_desktop.i18n import gettext
from crm_desktop.services.campaigns.campaign_list import FilterChoices
from crm_desktop.services.campaigns.targets import Filter, TargetList
from crm_desktop.services.reports.rfm_segments import SEGMENTS
from crm_desktop.views.common.labels import choices
from crm_desktop.views.common.qtime import pydate, qdate, typed_dates

CTX = "CampaignTargets"


def _checklist(name: str, items: list[tuple[str, str]], checked: tuple[str, ...]) -> QListWidget:
    box = QListWidget()
    box.setObjectName(name)
    box.setMinimumHeight(90)
    fill_checklist(box, items, checked)
    return box


def fill_checklist(
    box: QListWidget, items: list[tuple[str, str]], checked: tuple[str, ...]
) -> None:
    box.clear()
    for code, title in items:
        item = QListWidgetItem(title)
        item.setData(Qt.ItemDataRole.UserRole, code)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if code in checked else Qt.CheckState.Unchecked)
        box.addItem(item)


def checked_codes(box: QListWidget) -> tuple[str, ...]:
    return tuple(
        str(box.item(row).data(Qt.ItemDataRole.UserRole))
        for row in range(box.count())
        if box.item(row).checkState() == Qt.CheckState.Checked
    )


def check(box: QListWidget, code: str) -> None:
    """Tick the item of this code (tests and the screenshots script use it)."""
    for row in range(box.count()):
        if box.item(row).data(Qt.ItemDataRole.UserRole) == code:
            box.item(row).setCheckState(Qt.CheckState.Checked)


class TargetTab(QWidget):
    preview_requested = Signal(object)  # Filter
    fill_requested = Signal(object)  # Filter

    def __init__(self, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        segments = [(code, gettext(title)) for code, title in SEGMENTS.items()]
        self.segments = _checklist("filter_segments", segments, ())
        self.kinds = _checklist("filter_kinds", choices("kind"), ())
        self.roles = _checklist("filter_roles", choices("role"), ())
        self.cities = _checklist("filter_cities", [], ())
        self.owns = _checklist("filter_owns", [], ())
        self.not_owns = _checklist("filter_not_owns", [], ())
        self.activities = QLineEdit()
        self.activities.setObjectName("filter_activities")
        self.activities.setPlaceholderText(self.tr("CIIU codes or their first digits: 4651, 62"))
        self.since_on = QCheckBox(self.tr("No visit or activity since"))
        self.since = QDateEdit(qdate(today(clock)))
        self.since.setCalendarPopup(True)
        typed_dates(self.since)  # the language's dd/mm/aaaa, typed or picked
        grid = QGridLayout()
        for number, (title, widget) in enumerate(
            (
                (self.tr("Value segment (RFM)"), self.segments),
                (self.tr("Kind"), self.kinds),
                (self.tr("Role"), self.roles),
                (self.tr("City"), self.cities),
                (self.tr("Owns any of"), self.owns),
                (self.tr("Owns none of (cross-sell)"), self.not_owns),
            )
        ):
            row, column = divmod(number, 3)
            grid.addWidget(QLabel(title), row * 2, column)
            grid.addWidget(widget, row * 2 + 1, column)
        extra = QHBoxLayout()
        extra.addWidget(QLabel(self.tr("CIIU activity")))
        extra.addWidget(self.activities, 1)
        extra.addWidget(self.since_on)
        extra.addWidget(self.since)
        self.preview_button = QPushButton(self.tr("Preview the list"))
        self.preview_button.setObjectName("preview_targets")
        self.preview_button.clicked.connect(lambda: self.preview_requested.emit(self.filter()))
        self.fill_button = QPushButton(self.tr("Add them to the campaign"))
        self.fill_button.setObjectName("fill_campaign")
        self.fill_button.clicked.connect(lambda: self.fill_requested.emit(self.filter()))
        self.summary = QLabel()
        self.summary.setObjectName("target_summary")
        self.summary.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.fill_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(grid, 1)
        layout.addLayout(extra)
        layout.addLayout(buttons)
        layout.addWidget(self.summary)

    def set_choices(self, found: FilterChoices) -> None:
        fill_checklist(self.cities, [(c, c) for c in found.cities], checked_codes(self.cities))
        products = list(found.products)
        fill_checklist(self.owns, products, checked_codes(self.owns))
        fill_checklist(self.not_owns, products, checked_codes(self.not_owns))

    def load(self, f: Filter) -> None:
        for box, codes in (
            (self.segments, f.segments), (self.kinds, f.kinds), (self.roles, f.roles),
            (self.cities, f.cities), (self.owns, f.owns), (self.not_owns, f.not_owns),
        ):  # fmt: skip
            for row in range(box.count()):
                item = box.item(row)
                ticked = item.data(Qt.ItemDataRole.UserRole) in codes
                item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        self.activities.setText(", ".join(f.activities))
        self.since_on.setChecked(f.last_contact_before is not None)
        if f.last_contact_before is not None:
            self.since.setDate(qdate(f.last_contact_before))
        self.summary.clear()

    def filter(self) -> Filter:
        activities = tuple(a.strip() for a in self.activities.text().split(",") if a.strip())
        return Filter(
            segments=checked_codes(self.segments),
            kinds=checked_codes(self.kinds),
            roles=checked_codes(self.roles),
            cities=checked_codes(self.cities),
            activities=activities,
            owns=checked_codes(self.owns),
            not_owns=checked_codes(self.not_owns),
            last_contact_before=pydate(self.since.date()) if self.since_on.isChecked() else None,
        )

    def summary_text(self, found: TargetList) -> str:
        """ "1 account matches; 1 can be added. Left out: 1 without marketing consent."."""
        text = self.tr("%n account(s) match", "", found.matched) + "; "
        text += self.tr("%n can be added", "", len(found.account_ids)) + "."
        words = {
            "no_marketing_consent": lambda n: self.tr("%n without marketing consent", "", n),
            "no_rep": lambda n: self.tr("%n without a rep", "", n),
            "already_member": lambda n: self.tr("%n already member(s)", "", n),
        }
        left = [words[r](n) for r, n in found.left_out.items() if r in words and n]
        if left:
            text += " " + self.tr("Left out: %1.").replace("%1", ", ".join(left))
        return text

    def show_found(self, found: TargetList, added: bool) -> None:
        text = self.summary_text(found)
        if added:
            text = self.tr("%n member(s) added.", "", len(found.account_ids)) + " " + text
        self.summary.setText(text)

    def set_editable(self, editable: bool) -> None:
        self.fill_button.setVisible(editable)
