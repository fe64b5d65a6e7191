"""The pipeline board: one column per stage; dragging a card to another column moves it there."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QFontMetrics,
    QPainter,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.services.pipeline.pipeline_board import OpportunityCard, StageTotal
from crm_desktop.views.common import fmt
from crm_desktop.views.common.labels import label

CARD_MIME = "application/x-crm-opportunity"
CARD_ROLE = Qt.ItemDataRole.UserRole + 1
STAGE_COLOURS = {
    "prospecting": "#90a4ae",
    "qualification": "#4fc3f7",
    "needs_analysis": "#4db6ac",
    "proposal": "#ffb74d",
    "negotiation": "#ff8a65",
    "closed_won": "#66bb6a",
    "closed_lost": "#e57373",
}


def card_mime(opportunity_id: str) -> QMimeData:
    """What a dragged card carries: the opportunity's id."""
    mime = QMimeData()
    mime.setData(CARD_MIME, opportunity_id.encode())
    return mime


def totals_text(totals: list[StageTotal], weighted_word: str) -> str:
    """Per currency (pesos first): the amount, then the amount weighted by probability."""
    return "\n".join(
        f"{fmt.money(t.amount, t.currency)}\n"
        + weighted_word.replace("%1", fmt.money(t.weighted, t.currency))
        for t in sorted(totals, key=lambda t: (t.currency != "COP", t.currency))
    )


class CardDelegate(QStyledItemDelegate):
    """A card: the opportunity in bold, its account, amount and probability, expected close."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return QSize(140, option.fontMetrics.height() * 5 + 14)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        card: OpportunityCard | None = index.data(CARD_ROLE)
        if card is None:
            return
        painter.save()
        rect = option.rect.adjusted(2, 2, -2, -2)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(QColor(STAGE_COLOURS.get(card.stage, "#bdbdbd")))
        painter.setBrush(option.palette.highlight() if selected else option.palette.base())
        painter.drawRoundedRect(rect, 4, 4)
        text = option.palette.highlightedText() if selected else option.palette.text()
        painter.setPen(text.color())
        line, width = option.fontMetrics.height(), rect.width() - 12
        close = fmt.day(card.expected_close)
        chance = fmt.percent(card.probability) + (f" · {close}" if close else "")
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        # The opportunity's name on two lines: one line cut every name of a narrow column.
        lines = [*two_lines(painter.fontMetrics(), card.name, width), card.account_name,
                 fmt.money(card.amount, card.currency), chance]  # fmt: skip
        for number, words in enumerate(lines):
            painter.setFont(bold if number < 2 else option.font)
            elided = painter.fontMetrics().elidedText(words, Qt.TextElideMode.ElideRight, width)
            painter.drawText(
                QRect(rect.left() + 6, rect.top() + 5 + number * line, width, line), 0, elided
            )
        painter.restore()


def two_lines(metrics: QFontMetrics, text: str, width: int) -> list[str]:
    """text broken at a space into a line that fits and the rest (elided when drawn)."""
    if metrics.horizontalAdvance(text) <= width:
        return [text, ""]
    words = text.split(" ")
    for cut in range(len(words) - 1, 0, -1):
        first = " ".join(words[:cut])
        if metrics.horizontalAdvance(first) <= width:
            return [first, " ".join(words[cut:])]
    return [text, ""]


class CardList(QListWidget):
    """The cards of one stage; accepts cards dropped from the other stages."""

    card_dropped = Signal(str, str)  # opportunity id, the stage it goes to
    card_opened = Signal(str)  # account id of a double-clicked card

    def __init__(self, stage: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stage = stage
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(False)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setItemDelegate(CardDelegate(self))
        self.setUniformItemSizes(True)
        self.setSpacing(1)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.itemDoubleClicked.connect(
            lambda item: self.card_opened.emit(item.data(CARD_ROLE).account_id)
        )

    def move_menu(self, card: OpportunityCard) -> QMenu:
        """The keyboard and right-click way to move a card: "Move to" each other stage."""
        menu = QMenu(self)
        for stage in STAGE_COLOURS:
            if stage != card.stage:
                action = menu.addAction(self.tr("Move to %1").replace("%1", label("stage", stage)))
                action.triggered.connect(
                    lambda _checked=False, to=stage: self.card_dropped.emit(card.id, to)
                )
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """Right click on a card, or the menu key on the selected one."""
        keyboard = event.reason() == QContextMenuEvent.Reason.Keyboard
        item = self.currentItem() if keyboard else self.itemAt(event.pos())
        if item is not None:
            where = self.viewport().mapToGlobal(self.visualItemRect(item).center())
            self.move_menu(item.data(CARD_ROLE)).exec(where if keyboard else event.globalPos())

    def mimeTypes(self) -> list[str]:
        return [CARD_MIME]

    def mimeData(self, items: list[QListWidgetItem]) -> QMimeData:  # type: ignore[override]
        card: OpportunityCard = items[0].data(CARD_ROLE)
        return card_mime(card.id)

    def _carries_card(self, mime: QMimeData) -> bool:
        return mime.hasFormat(CARD_MIME)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._carries_card(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._carries_card(event.mimeData()) and event.source() is not self:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        """The page moves the opportunity in the database and redraws; Qt moves nothing."""
        mime = event.mimeData()
        if not self._carries_card(mime):
            event.ignore()
            return
        opportunity_id = bytes(mime.data(CARD_MIME).data()).decode()
        event.setDropAction(Qt.DropAction.CopyAction)  # the source list keeps its item
        event.accept()
        if not any(self.item(i).data(CARD_ROLE).id == opportunity_id for i in range(self.count())):
            self.card_dropped.emit(opportunity_id, self.stage)

    def cards(self) -> list[OpportunityCard]:
        return [self.item(i).data(CARD_ROLE) for i in range(self.count())]


class StageColumn(QFrame):
    """A stage's header (count, totals), its cards and how many more there are."""

    def __init__(self, stage: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stage = stage
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumWidth(150)  # seven stages side by side at 1366×768
        self.title = QLabel()
        self.title.setWordWrap(True)  # "Análisis de necesidades (11)" needs two lines
        self.title.setMinimumHeight(self.title.fontMetrics().height() * 2 + 8)
        self.title.setStyleSheet(
            f"background: {STAGE_COLOURS.get(stage, '#bdbdbd')}; padding: 4px; font-weight: bold;"
        )
        self.totals = QLabel()
        self.totals.setWordWrap(True)
        # Room for pesos and dollars, so every column's cards start at the same height.
        self.totals.setMinimumHeight(self.totals.fontMetrics().height() * 4 + 4)
        self.totals.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.cards = CardList(stage)
        self.more = QLabel()
        self.more.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.more.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.totals)
        layout.addWidget(self.cards, 1)
        layout.addWidget(self.more)

    def show_stage(
        self, cards: list[OpportunityCard], count: int, totals: list[StageTotal]
    ) -> None:
        self.title.setText(f"{label('stage', self.stage)} ({count})")
        self.totals.setText(totals_text(totals, self.tr("weighted %1")))
        self.totals.setToolTip(self.tr("Total amount, and the amount weighted by probability"))
        self.cards.clear()
        for card in cards:
            item = QListWidgetItem(self._card_text(card))
            item.setData(CARD_ROLE, card)
            item.setToolTip(f"{card.name}\n{card.account_name}\n{card.owner_name}")
            self.cards.addItem(item)
        hidden = count - len(cards)
        self.more.setText(self.tr("+%n more", "", hidden))
        self.more.setVisible(hidden > 0)

    @staticmethod
    def _card_text(card: OpportunityCard) -> str:
        close = fmt.day(card.expected_close)
        chance = fmt.percent(card.probability) + (f" · {close}" if close else "")
        lines = (card.name, card.account_name, fmt.money(card.amount, card.currency), chance)
        return "\n".join(line for line in lines if line)
