"""The pipeline page: opportunities by stage as a board of columns and as a sortable list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from crm_desktop.services.pipeline import pipeline
from crm_desktop.services.pipeline.pipeline_board import (
    STAGES,
    OpportunityCard,
    PipelineData,
    Rep,
    active_reps,
    load_pipeline,
)
from crm_desktop.settings import lost_reasons
from crm_desktop.views.common import fmt
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.field_errors import failure_text
from crm_desktop.views.common.guard import while_alive
from crm_desktop.views.common.labels import label
from crm_desktop.views.common.ops import ChangeSet
from crm_desktop.views.common.rows_model import ListTableModel
from crm_desktop.views.common.table_export import add_export_action
from crm_desktop.views.pipeline.pipeline_board import StageColumn, totals_text

BOARD_CAP = 30  # cards drawn per column; the rest is "+N more"
LIST_CAP = 400  # rows per stage in the list
Index = QModelIndex | QPersistentModelIndex

COLUMNS = (
    QT_TRANSLATE_NOOP("PipelineListModel", "Opportunity"),
    QT_TRANSLATE_NOOP("PipelineListModel", "Account"),
    QT_TRANSLATE_NOOP("PipelineListModel", "Stage"),
    QT_TRANSLATE_NOOP("PipelineListModel", "Amount"),
    QT_TRANSLATE_NOOP("PipelineListModel", "Probability"),
    QT_TRANSLATE_NOOP("PipelineListModel", "Weighted"),
    QT_TRANSLATE_NOOP("PipelineListModel", "Expected close"),
    QT_TRANSLATE_NOOP("PipelineListModel", "Owner"),
)
_SORT_KEYS: tuple[Any, ...] = (
    lambda c: c.name.casefold(),
    lambda c: c.account_name.casefold(),
    lambda c: STAGES.index(c.stage) if c.stage in STAGES else 99,
    lambda c: (c.currency, c.amount),
    lambda c: c.probability,
    lambda c: (c.currency, c.weighted),
    lambda c: c.expected_close.toordinal() if c.expected_close else 0,
    lambda c: c.owner_name.casefold(),
)
_RIGHT = {3, 4, 5}


class PipelineListModel(ListTableModel[OpportunityCard]):
    """The loaded opportunities as rows; sorting reorders them in place."""

    def __init__(self) -> None:
        super().__init__("PipelineListModel", [str(title) for title in COLUMNS])

    @property
    def cards(self) -> list[OpportunityCard]:
        return self.rows

    def set_cards(self, cards: list[OpportunityCard]) -> None:
        self.set_rows(cards)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.cards):
            return None
        card, column = self.cards[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(card, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _RIGHT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return card
        return None

    @staticmethod
    def _text(card: OpportunityCard, column: int) -> str | None:
        texts = (
            card.name,
            card.account_name,
            label("stage", card.stage),
            fmt.money(card.amount, card.currency),
            fmt.percent(card.probability),
            fmt.money(card.weighted, card.currency),
            fmt.day(card.expected_close),
            card.owner_name,
        )
        return texts[column] if 0 <= column < len(texts) else None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(_SORT_KEYS):
            return
        self.layoutAboutToBeChanged.emit()
        old = list(self.cards)
        self.cards.sort(key=_SORT_KEYS[column], reverse=order == Qt.SortOrder.DescendingOrder)
        # Persistent indexes (the selection) follow their rows.
        where = {id(card): row for row, card in enumerate(self.cards)}
        for persistent in self.persistentIndexList():
            row = where[id(old[persistent.row()])]
            self.changePersistentIndex(persistent, self.index(row, persistent.column()))
        self.layoutChanged.emit()


@dataclass(frozen=True)
class PipelineLoad:
    data: PipelineData
    reps: list[Rep]


class PipelinePage(QWidget):
    """Opportunities by stage; drag a card to another stage to move it there."""

    loaded = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.owner_id = ctx.user_id
        self.data: PipelineData | None = None
        self._generation = 0
        self.dialog: QWidget | None = None
        self._build()
        ctx.ops.changed.connect(self._on_changed)
        self.reload(with_reps=True)

    def _build(self) -> None:
        self.rep = QComboBox()
        self.rep.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.rep.addItem(self.tr("Everyone"), None)
        self.rep.currentIndexChanged.connect(self._rep_changed)
        self.scope = QLabel(self.tr("Open opportunities and those closed in the last 90 days."))
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b00020;")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Rep:")))
        top.addWidget(self.rep)
        top.addWidget(self.scope, 1)
        top.addWidget(self.problem)
        self.columns: dict[str, StageColumn] = {}
        board = QWidget()
        row = QHBoxLayout(board)
        for stage in STAGES:
            column = StageColumn(stage)
            column.cards.card_dropped.connect(self.card_dropped)
            column.cards.card_opened.connect(self.open_account)
            self.columns[stage] = column
            row.addWidget(column)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(board)
        self.views = QTabWidget()
        self.views.addTab(scroll, self.tr("Board"))
        self.views.addTab(self._list(), self.tr("List"))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.views, 1)

    def _list(self) -> QWidget:
        self.list_model = PipelineListModel()
        self.table = QTableView()
        self.table.setObjectName("pipeline_list")
        self.table.setModel(self.list_model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)  # largest amounts first
        self.table.setWordWrap(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the names share the
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # room; amounts fit
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header.setResizeContentsPrecision(50)  # size columns from a sample, not every row
        self.stage_totals = QLabel()
        self.stage_totals.setTextFormat(Qt.TextFormat.RichText)
        self.export_status = QLabel()  # "Saved to …" after an export
        self.exporter = add_export_action(self.ctx, self.table, self.tr("pipeline"), self,
                                          self.export_status)  # fmt: skip
        export = QPushButton(self.tr("Export…"))
        export.setObjectName("export_pipeline")
        export.clicked.connect(self.exporter.ask_and_export)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.stage_totals, 1)
        bottom.addWidget(export)
        layout.addLayout(bottom)
        layout.addWidget(self.export_status)
        return page

    # -- loading, off the GUI thread ---------------------------------------------------------
    def reload(self, with_reps: bool = False) -> None:
        self._generation += 1
        generation, owner = self._generation, self.owner_id

        def work(session: Session) -> PipelineLoad:
            reps = active_reps(session) if with_reps else []
            return PipelineLoad(load_pipeline(session, owner, cap=LIST_CAP), reps)

        def shown(result: PipelineLoad) -> None:
            self._show(generation, result)

        self.ctx.ops.read(work, while_alive(self, shown), while_alive(self, self._failed))

    def _show(self, generation: int, result: PipelineLoad) -> None:
        if generation != self._generation:
            return  # a newer load (another rep chosen) is on its way
        if result.reps:
            self._fill_reps(result.reps)
        self.data = data = result.data
        for stage, column in self.columns.items():
            column.show_stage(
                data.cards_in(stage)[:BOARD_CAP], data.count_in(stage), data.totals_in(stage)
            )
        self.list_model.set_cards(list(data.cards))
        header = self.table.horizontalHeader()
        if header.sortIndicatorSection() < len(COLUMNS):
            self.list_model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self._show_totals(data)
        for number in range(len(COLUMNS)):
            if number > 1:  # the opportunity and account columns stretch
                self.table.resizeColumnToContents(number)
        self.problem.clear()
        self.loaded.emit()

    def _fill_reps(self, reps: list[Rep]) -> None:
        self.rep.blockSignals(True)
        for rep in reps:
            self.rep.addItem(rep.full_name, rep.id)
        self.rep.setCurrentIndex(max(self.rep.findData(self.owner_id), 0))
        self.rep.blockSignals(False)

    def _show_totals(self, data: PipelineData) -> None:
        weighted = self.tr("weighted %1")
        rows = []
        for stage in STAGES:
            totals = totals_text(data.totals_in(stage), weighted).replace("\n", " · ")
            rows.append(
                f"<tr><td><b>{label('stage', stage)}</b></td>"
                f"<td align='right'>{data.count_in(stage)}</td><td>{totals}</td></tr>"
            )
        self.stage_totals.setText("<table cellspacing='4'>" + "".join(rows) + "</table>")

    def _failed(self, exc: Exception) -> None:
        self.problem.setText(failure_text(exc, self.ctx.language))

    def _rep_changed(self) -> None:
        self.owner_id = self.rep.currentData()
        self.reload()

    def _on_changed(self, changes: ChangeSet) -> None:
        if "*" in changes.tables:  # refresh all, or the main window now works as another rep
            self.owner_id = self.ctx.user_id
            self.rep.blockSignals(True)
            self.rep.setCurrentIndex(max(self.rep.findData(self.owner_id), 0))
            self.rep.blockSignals(False)
            self.reload()
        elif changes.touches("opportunities", "accounts", "users"):
            self.reload()

    # -- moving a card -----------------------------------------------------------------------
    def card_dropped(self, opportunity_id: str, stage: str) -> None:
        """A card dropped on a column; closing as lost asks why first."""
        if stage != "closed_lost":
            self.move_card(opportunity_id, stage, None)
            return
        dialog = LostReasonDialog(lost_reasons(self.ctx.settings), self)
        dialog.setWindowTitle(label("stage", stage))
        dialog.accepted.connect(
            lambda: self.move_card(opportunity_id, stage, dialog.reason(), dialog.note())
        )
        self.dialog = dialog
        dialog.open()

    def move_card(
        self, opportunity_id: str, stage: str, lost_reason: str | None, note: str | None = None
    ) -> None:
        def work(session: Session) -> str:
            moved = pipeline.move_stage(session, opportunity_id, stage, lost_reason, note)
            return moved.account_id

        changes = ChangeSet(
            tables=frozenset({"opportunities", "activities"}), ids=frozenset({opportunity_id})
        )
        self.ctx.ops.write(work, changes, None, self._failed)

    def open_account(self, account_id: str) -> None:
        """The card's account in its own window, to see its whole history."""
        from crm_desktop.views.accounts.account_view import AccountView

        view = AccountView(self.ctx, account_id)
        view.setWindowFlag(Qt.WindowType.Window)
        view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        view.resize(1100, 720)
        view.show()
        self.account_window = view

    def column(self, stage: str) -> StageColumn:
        return self.columns[stage]


class LostReasonDialog(QDialog):
    """Why an opportunity was lost: one of the configured reasons, and a note of one's own."""

    def __init__(self, reasons: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reasons = QComboBox()
        self.reasons.setObjectName("lost_reason")
        self.reasons.addItem(self.tr("Choose a reason…"), None)
        for reason in reasons:
            self.reasons.addItem(reason, reason)
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("lost_note")
        self.note_edit.setPlaceholderText(self.tr("Optional: what happened, in a few words"))
        form = QFormLayout()
        form.addRow(self.tr("Why was the opportunity lost?"), self.reasons)
        form.addRow(self.tr("Note"), self.note_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reasons.currentIndexChanged.connect(self._enable)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._enable()

    def _enable(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.reasons.currentData() is not None)

    def reason(self) -> str | None:
        found = self.reasons.currentData()
        return str(found) if found else None

    def note(self) -> str | None:
        return self.note_edit.text().strip() or None
