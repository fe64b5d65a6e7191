"""A combo box as wide as the choice it shows, not as its longest choice nor a fixed width.

The accounts filters were nine characters wide, so "Todos los segmentos de valor" showed as
"Todos los segme"; as wide as the longest choice, seven filters pushed the 360° view off the
screen. This one asks for the room its current text needs; the list it opens is as wide as
its longest choice.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox, QWidget


class FitComboBox(QComboBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Asked again when the choice or the choices change, signals blocked or not (the
        # geometry is asked for later, from the event loop, with the choice then shown).
        self.currentIndexChanged.connect(lambda _i: self.updateGeometry())
        model = self.model()
        for signal in (model.dataChanged, model.rowsInserted, model.rowsRemoved, model.modelReset):
            signal.connect(lambda *_a: self.updateGeometry())
        self.view().setTextElideMode(self.view().textElideMode().ElideNone)

    def sizeHint(self) -> QSize:
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        text = self.fontMetrics().horizontalAdvance(self.currentText() or " ")
        content = QSize(text + 4, self.fontMetrics().height())
        return (
            self.style()
            .sizeFromContents(QStyle.ContentsType.CT_ComboBox, option, content, self)
            .expandedTo(QSize(60, 0))
        )

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def showPopup(self) -> None:
        widest = max(
            (self.fontMetrics().horizontalAdvance(self.itemText(i)) for i in range(self.count())),
            default=0,
        )
        self.view().setMinimumWidth(widest + 40)
        super().showPopup()
