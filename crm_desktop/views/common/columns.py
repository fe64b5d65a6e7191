"""Tables whose key columns stay on screen: one column takes the room left, the others fit.

At 1366×768 (the commonest laptop screen) a table whose columns all size to their contents
pushed the account or the amount off to the right; a table set up here never scrolls
sideways for them: the stretching column (a name or a title) is elided instead.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableView


def fit_columns(table: QTableView, stretch: int, minimum: int = 120) -> None:
    """Column `stretch` takes the width left (and is elided); the others fit their contents."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    header.setMinimumSectionSize(40)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    header.setMinimumWidth(minimum)


def columns_in_view(table: QTableView, columns: list[int]) -> bool:
    """Whether each of these columns is wholly inside the table's viewport (for tests)."""
    width = table.viewport().width()
    for column in columns:
        left = table.columnViewportPosition(column)
        if left < 0 or left + table.columnWidth(column) > width or table.columnWidth(column) < 30:
            return False
    return True
