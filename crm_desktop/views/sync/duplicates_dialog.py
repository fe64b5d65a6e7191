"""Duplicate accounts, for managers: the pairs the server found, merged field by field.

The list comes from the server (pairs flagged when reps synced); both accounts are read from
this laptop (a manager's holds every account). The merge runs on the server, then a sync
brings the result here, as it brings it to every rep's laptop.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.services.accounts.merge import (
    MergePair,
    default_choice,
    fields_to_take,
    read_pair,
)
from crm_desktop.sync import protocol as P
from crm_desktop.sync.client import SyncClient
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.guard import while_alive
from crm_desktop.views.common.labels import QT_TRANSLATE_NOOP, label, labels
from crm_desktop.views.sync.sync_worker import NetworkRunner

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

TITLES = {
    "legal_name": QT_TRANSLATE_NOOP("DuplicateAccounts", "Legal name"),
    "trade_name": QT_TRANSLATE_NOOP("DuplicateAccounts", "Trade name"),
    "kind": QT_TRANSLATE_NOOP("DuplicateAccounts", "Kind"),
    "roles": QT_TRANSLATE_NOOP("DuplicateAccounts", "Roles"),
    "tax_id_kind": QT_TRANSLATE_NOOP("DuplicateAccounts", "Tax id kind"),
    "tax_id": QT_TRANSLATE_NOOP("DuplicateAccounts", "Tax id"),
    "economic_activity": QT_TRANSLATE_NOOP("DuplicateAccounts", "Economic activity"),
    "employee_count": QT_TRANSLATE_NOOP("DuplicateAccounts", "Employees"),
    "legal_representative": QT_TRANSLATE_NOOP("DuplicateAccounts", "Legal representative"),
    "address": QT_TRANSLATE_NOOP("DuplicateAccounts", "Address"),
    "city": QT_TRANSLATE_NOOP("DuplicateAccounts", "City"),
    "region": QT_TRANSLATE_NOOP("DuplicateAccounts", "Region"),
    "country": QT_TRANSLATE_NOOP("DuplicateAccounts", "Country"),
    "phone": QT_TRANSLATE_NOOP("DuplicateAccounts", "Phone"),
    "email": QT_TRANSLATE_NOOP("DuplicateAccounts", "E-mail"),
    "website": QT_TRANSLATE_NOOP("DuplicateAccounts", "Website"),
    "lifecycle_phase": QT_TRANSLATE_NOOP("DuplicateAccounts", "Phase"),
    "segment": QT_TRANSLATE_NOOP("DuplicateAccounts", "Segment"),
    "price_list_id": QT_TRANSLATE_NOOP("DuplicateAccounts", "Price list"),
    "vision": QT_TRANSLATE_NOOP("DuplicateAccounts", "Vision"),
    "notes": QT_TRANSLATE_NOOP("DuplicateAccounts", "Notes"),
    "consent_data_processing": QT_TRANSLATE_NOOP("DuplicateAccounts", "Data processing consent"),
    "consent_data_processing_at": QT_TRANSLATE_NOOP("DuplicateAccounts", "Data consent date"),
    "consent_marketing": QT_TRANSLATE_NOOP("DuplicateAccounts", "Marketing consent"),
    "consent_marketing_at": QT_TRANSLATE_NOOP("DuplicateAccounts", "Marketing consent date"),
}
ENUMS = {"kind": "kind", "tax_id_kind": "tax_id_kind", "lifecycle_phase": "phase"}
Loaded = list[tuple[P.DuplicatePair, MergePair | None]]


def _tr(text: str) -> str:
    return QCoreApplication.translate("DuplicateAccounts", text)


def shown(name: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _tr("Yes") if value else _tr("No")
    if name in ENUMS:
        return label(ENUMS[name], str(value))
    if name == "roles":
        return labels("role", str(value))
    return str(value)


class DuplicateAccountsDialog(QDialog):
    """Pick a pair, the account that stays and each field's value; merge, or say they differ."""

    merged = Signal(str)  # the survivor's id, once the server merged

    def __init__(
        self,
        ctx: AppContext,
        client: Callable[[], SyncClient],
        runner: NetworkRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.client, self.runner = ctx, client, runner
        self.loaded: Loaded = []
        self.choice: dict[str, str] = {}
        self.setWindowTitle(self.tr("Duplicate accounts"))
        self.resize(1100, 620)
        self._build()
        self.reload()

    # -- building --------------------------------------------------------------------------
    def _build(self) -> None:
        intro = QLabel(
            self.tr(
                "Accounts with the same tax id, created by reps who did not know of each other. "
                "Choose the account that stays and, for each field that differs, the value it "
                "keeps: it receives every contact, visit, activity, opportunity, quote and "
                "reminder of the other, which remains as “merged into”."
            )
        )
        intro.setWordWrap(True)
        self.pairs = QListWidget()
        self.pairs.currentRowChanged.connect(self._show_pair)
        self.keep_first, self.keep_second = QRadioButton(), QRadioButton()
        self.keep_first.toggled.connect(self._survivor_changed)
        self.fields = QTableWidget(0, 3)
        self.fields.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.fields.setHorizontalHeaderLabels([self.tr("Field"), "", ""])
        self.fields.verticalHeader().setVisible(False)
        header = self.fields.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.fields.cellClicked.connect(self._cell_clicked)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.merge_button = QPushButton(self.tr("Merge"))
        self.merge_button.clicked.connect(self.confirm_merge)
        self.dismiss_button = QPushButton(self.tr("They are different companies"))
        self.dismiss_button.clicked.connect(self.dismiss)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        right = QWidget()
        side = QVBoxLayout(right)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(QLabel(self.tr("The account that stays:")))
        side.addWidget(self.keep_first)
        side.addWidget(self.keep_second)
        side.addWidget(self.fields, 1)
        split = QSplitter()
        split.addWidget(self.pairs)
        split.addWidget(right)
        split.setSizes([330, 770])
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for button in (self.dismiss_button, self.merge_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        self._enable(False)

    def _enable(self, on: bool) -> None:
        for widget in (self.merge_button, self.dismiss_button, self.keep_first, self.keep_second):
            widget.setEnabled(on)

    # -- loading ---------------------------------------------------------------------------
    def reload(self) -> None:
        self.status.setText(self.tr("Asking the server…"))
        client = self.client()
        self.runner.run(
            client.duplicate_accounts,
            while_alive(self, self._pairs_arrived),
            while_alive(self, self._failed),
        )

    def _pairs_arrived(self, answer: P.DuplicatesResponse) -> None:
        def work(session: Session) -> Loaded:
            return [(p, read_pair(session, p.first_id, p.second_id)) for p in answer.pairs]

        self.ctx.ops.read(work, while_alive(self, self._loaded))

    def _loaded(self, loaded: Loaded) -> None:
        self.loaded = loaded
        self.pairs.clear()
        for pair, sides in loaded:
            if sides is None:
                text = self.tr("Tax id {0}: sync this laptop to see both accounts").format(
                    pair.tax_id
                )
            else:
                text = f"{sides.first.tax_id}\n{sides.first.legal_name} ({sides.first.owner_name})"
                text += f"\n{sides.second.legal_name} ({sides.second.owner_name})"
            self.pairs.addItem(QListWidgetItem(text))
        self.status.setText(
            self.tr("%n pair(s) of duplicate accounts.", "", len(loaded))
            if loaded
            else self.tr("No duplicate accounts: nothing to merge.")
        )
        if loaded:
            self.pairs.setCurrentRow(0)
        else:
            self.fields.setRowCount(0)
            self._enable(False)

    def _failed(self, error: Exception) -> None:
        self._enable(self.current() is not None)
        self.status.setText(self.tr("The server said: {0}").format(error))

    # -- one pair ----------------------------------------------------------------------------
    def current(self) -> MergePair | None:
        row = self.pairs.currentRow()
        return self.loaded[row][1] if 0 <= row < len(self.loaded) else None

    def survivor_id(self) -> str:
        pair = self.current()
        assert pair is not None
        return pair.first.id if self.keep_first.isChecked() else pair.second.id

    def _show_pair(self, _row: int) -> None:
        pair = self.current()
        self._enable(pair is not None)
        self.fields.setRowCount(0)
        if pair is None:
            return
        for button, side in ((self.keep_first, pair.first), (self.keep_second, pair.second)):
            button.setText(
                self.tr("{0} — {1}, %n contact(s)", "", side.contacts).format(
                    side.legal_name, side.owner_name or self.tr("no rep")
                )
            )
        self.keep_first.blockSignals(True)
        self.keep_first.setChecked(True)
        self.keep_first.blockSignals(False)
        self._survivor_changed()

    def _survivor_changed(self, *_args: Any) -> None:
        pair = self.current()
        if pair is None:
            return
        self.choice = default_choice(pair, self.survivor_id())
        self._fill_fields(pair)

    def _fill_fields(self, pair: MergePair) -> None:
        self.fields.setHorizontalHeaderLabels(
            [self.tr("Field"), pair.first.legal_name, pair.second.legal_name]
        )
        self.fields.setRowCount(len(pair.differing))
        for row, name in enumerate(pair.differing):
            title = QTableWidgetItem(_tr(TITLES.get(name, name)))
            title.setData(Qt.ItemDataRole.UserRole, name)
            self.fields.setItem(row, 0, title)
            for column, side in ((1, pair.first), (2, pair.second)):
                item = QTableWidgetItem(shown(name, side.values[name]))
                chosen = self.choice.get(name) == side.id
                item.setCheckState(Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                self.fields.setItem(row, column, item)

    def _cell_clicked(self, row: int, column: int) -> None:
        pair = self.current()
        if pair is None or column == 0:
            return
        name = pair.differing[row]
        self.choice[name] = pair.first.id if column == 1 else pair.second.id
        self._fill_fields(pair)

    # -- actions ------------------------------------------------------------------------------
    def confirm_merge(self) -> None:
        pair = self.current()
        if pair is None:
            return
        survivor = self.survivor_id()
        other = pair.second if survivor == pair.first.id else pair.first
        kept = pair.first if other is pair.second else pair.second
        answer = QMessageBox.question(
            self,
            self.tr("Merge the accounts"),
            self.tr(
                "“{0}” will receive everything of “{1}”, which remains as merged into it. "
                "Every laptop follows at its next sync. Merge?"
            ).format(kept.legal_name, other.legal_name),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.merge(survivor, other.id, fields_to_take(self.choice, survivor))

    def merge(self, survivor_id: str, merged_id: str, take: list[str]) -> None:
        self._enable(False)
        self.status.setText(self.tr("Merging…"))
        client = self.client()
        self.runner.run(
            lambda: client.merge_accounts(survivor_id, merged_id, take),
            while_alive(self, self._merged),
            while_alive(self, self._failed),
        )

    def _merged(self, done: P.MergeResponse) -> None:
        self.merged.emit(done.survivor_id)
        self.reload()
        self.status.setText(
            self.tr("Merged: %n record(s) moved to the account that stays.", "", done.moved)
        )

    def dismiss(self) -> None:
        row = self.pairs.currentRow()
        if not 0 <= row < len(self.loaded):
            return
        pair_id = self.loaded[row][0].id
        self._enable(False)
        client = self.client()
        self.runner.run(
            lambda: client.dismiss_duplicate(pair_id),
            while_alive(self, self._pairs_arrived),
            while_alive(self, self._failed),
        )
