"""Run in its own process (the screen size and scale factor are fixed at QApplication's birth):
build the main window on a seeded database at a given size, visit each page, and print each key
column that is not wholly inside its table's viewport, and each text that is cut: a label,
button, tab or combo box narrower than its text, clipped by the scroll area it is in, or a
chart label QtCharts elided ("Pro..."). tests/views/test_viewport.py runs it.

    python -m tests.views.viewport_check DB WIDTH HEIGHT [LANGUAGE]
"""

from __future__ import annotations

import sys
from pathlib import Path

import shiboken6
from PySide6.QtCharts import QChartView
from PySide6.QtCore import QCoreApplication, QEventLoop, QRect, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGraphicsTextItem,
    QLabel,
    QTabBar,
    QTableView,
    QWidget,
)

from crm_desktop import i18n
from crm_desktop.database import open_database
from crm_desktop.settings import Settings
from crm_desktop.views.common.columns import columns_in_view
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.ops import Operations
from crm_desktop.views.common.translations import install_translator
from crm_desktop.views.main_window import MainWindow

# page -> [(table object name or attribute path, key columns: account, amount, status...)]
KEY_COLUMNS: dict[str, list[tuple[str, list[int]]]] = {
    "today": [("today_visits", [1, 2, 6]), ("today_reminders", [0, 1]),
              ("today_quotes", [0, 1, 3])],
    "accounts": [("account_table", [0])],
    "pipeline": [("pipeline_list", [1, 2, 3])],
    "quotes": [("quotes_table", [0, 2, 3, 6])],
    "reports": [("table_activity", [0, 7])],
}  # fmt: skip


def _shown(widget: QWidget, window: QWidget) -> bool:
    return widget.isVisibleTo(window) and widget.isVisible() and widget.width() > 0


def _clipped_sideways(widget: QWidget) -> bool:
    """Part of the widget's width hidden by an ancestor (a scroll area scrolled or too narrow):
    what is visible of it is narrower than it, though some of it is visible."""
    seen: QRect = widget.visibleRegion().boundingRect()
    return not seen.isEmpty() and seen.width() < widget.width() - 2


def _text_of(widget: QWidget) -> str:
    if isinstance(widget, QLabel):
        return widget.text()
    if isinstance(widget, QAbstractButton):
        return widget.text()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    return ""


def cut_texts(window: QWidget) -> list[str]:
    """Each text on screen that a user cannot read whole, with what it is and why."""
    problems: list[str] = []
    for widget in window.findChildren(QWidget):
        if not _shown(widget, window) or widget.window() is not window:
            continue
        text = _text_of(widget).replace("\n", " ")[:60]
        kind = type(widget).__name__
        if isinstance(widget, QLabel) and widget.text() and widget.pixmap().isNull():
            if widget.wordWrap():
                if widget.heightForWidth(widget.width()) > widget.height() + 2:
                    problems.append(f"{kind} {text!r}: wrapped lines cut at the bottom")
            elif widget.sizeHint().width() > widget.width() + 2:
                problems.append(f"{kind} {text!r}: {widget.sizeHint().width()} px of text "
                                f"in {widget.width()} px")  # fmt: skip
        elif isinstance(widget, QAbstractButton) and widget.text():
            if widget.sizeHint().width() > widget.width() + 2:
                problems.append(f"{kind} {text!r}: {widget.sizeHint().width()} px of text "
                                f"in {widget.width()} px")  # fmt: skip
        elif isinstance(widget, QComboBox) and widget.currentText():
            needed = widget.fontMetrics().horizontalAdvance(widget.currentText())
            room = widget.style().subControlRect(
                widget.style().ComplexControl.CC_ComboBox, _combo_option(widget),
                widget.style().SubControl.SC_ComboBoxEditField, widget,
            ).width()  # fmt: skip
            if needed > room + 1:
                problems.append(f"{kind} {text!r}: {needed} px of text in {room} px")
        elif isinstance(widget, QTabBar):
            for tab in range(widget.count()):
                if widget.tabRect(tab).width() < widget.tabSizeHint(tab).width() - 2:
                    problems.append(f"tab {widget.tabText(tab)!r}: cut")
                elif not widget.rect().contains(widget.tabRect(tab)):
                    problems.append(f"tab {widget.tabText(tab)!r}: beyond its tab bar")
        elif isinstance(widget, QChartView) and widget.scene() is not None:
            for plain in chart_texts(widget):
                if plain.endswith("...") or plain.endswith("…"):
                    problems.append(f"chart label {plain!r}: elided by QtCharts")
        if (
            isinstance(widget, QLabel | QAbstractButton | QComboBox | QTabBar)
            and _text_of(widget)
            and _clipped_sideways(widget)
        ):
            problems.append(f"{kind} {text!r}: clipped by the area it is in")
    return problems


TEXT_ITEM = 8  # QGraphicsTextItem::Type (PySide6 does not export it)


def chart_texts(view: QChartView) -> list[str]:
    """The texts QtCharts drew in view (axis labels, titles): QGraphicsTextItems that PySide
    hands out as plain QGraphicsItems, read through their QGraphicsObject."""
    texts = []
    for item in view.scene().items():
        found = item.toGraphicsObject()
        if item.isVisible() and found is not None and item.type() == TEXT_ITEM:
            text_item = shiboken6.wrapInstance(shiboken6.getCppPointer(found)[0], QGraphicsTextItem)
            texts.append(text_item.toPlainText())
    return texts


def _combo_option(combo: QComboBox) -> object:
    from PySide6.QtWidgets import QStyleOptionComboBox

    option = QStyleOptionComboBox()
    option.initFrom(combo)
    option.editable = combo.isEditable()
    return option


def settle(window: MainWindow, msecs: int = 300) -> None:
    window.ctx.ops.wait()
    loop = QEventLoop()
    QTimer.singleShot(msecs, loop.quit)
    loop.exec()
    window.ctx.ops.wait()
    QCoreApplication.processEvents()


def _states(window: MainWindow) -> list[tuple[str, object]]:
    """(name, how to get there) of each screen checked for cut texts, besides the pages."""

    def open_account() -> None:
        page = window.page("accounts")
        table = window.findChild(QTableView, "account_table")
        assert table is not None
        page._open_index(table.model().index(0, 0))  # type: ignore[attr-defined]

    def report(key: str) -> object:
        def choose() -> None:
            combo = window.page("reports").reports.kind  # type: ignore[attr-defined]
            combo.setCurrentIndex(combo.findData(key))

        return choose

    kinds = window.page("reports").reports.kind  # type: ignore[attr-defined]
    reports = [kinds.itemData(i) for i in range(kinds.count())]
    return [
        ("accounts + 360°", open_account),
        *((f"report {key}", report(key)) for key in reports),
    ]


def main() -> int:
    db, width, height = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    language = sys.argv[4] if len(sys.argv) > 4 else "es"
    app = QApplication(sys.argv[:1])
    i18n.set_language(language)
    install_translator(app, language)
    database = open_database(db)
    ctx = AppContext(database, Operations(database.sessions, app), Settings(None), language)
    window = MainWindow(ctx)
    window.resize(width, height)
    window.show()
    problems = []
    for page_id in [*KEY_COLUMNS, "settings"]:
        window.go_to(page_id)
        if page_id == "pipeline":
            window.page("pipeline").views.setCurrentIndex(1)  # type: ignore[attr-defined]
        settle(window, 600 if page_id == "reports" else 300)
        for name, columns in KEY_COLUMNS.get(page_id, []):
            table = window.findChild(QTableView, name)
            if table is None:
                problems.append(f"{page_id}: no table {name}")
            elif table.model().rowCount() == 0:
                problems.append(f"{page_id}: {name} is empty")
            elif not columns_in_view(table, columns):
                shown = [
                    (c, table.columnViewportPosition(c), table.columnWidth(c)) for c in columns
                ]
                problems.append(
                    f"{page_id}: {name} columns (column, left, width) {shown} not all inside "
                    f"{table.viewport().width()} px"
                )
        problems += [f"{page_id}: {cut}" for cut in cut_texts(window)]
    for state, reach in _states(window):
        window.go_to("reports" if state.startswith("report") else "accounts")
        settle(window)
        reach()  # type: ignore[operator]
        settle(window, 600)
        problems += [f"{state}: {cut}" for cut in cut_texts(window)]
    print("\n".join(problems) if problems else "all key columns in view, no text cut")
    window.close()
    ctx.ops.wait()
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
