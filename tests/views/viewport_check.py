"""Run in its own process (the screen size and scale factor are fixed at QApplication's birth):
build the main window on a seeded database at a given size, visit each page, and print each key
column that is not wholly inside its table's viewport. tests/views/test_viewport.py runs it.

    python -m tests.views.viewport_check DB WIDTH HEIGHT
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QTableView

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


def settle(window: MainWindow, msecs: int = 300) -> None:
    window.ctx.ops.wait()
    loop = QEventLoop()
    QTimer.singleShot(msecs, loop.quit)
    loop.exec()
    window.ctx.ops.wait()
    QCoreApplication.processEvents()


def main() -> int:
    db, width, height = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    app = QApplication(sys.argv[:1])
    i18n.set_language("es")
    install_translator(app, "es")
    database = open_database(db)
    ctx = AppContext(database, Operations(database.sessions, app), Settings(None), "es")
    window = MainWindow(ctx)
    window.resize(width, height)
    window.show()
    problems = []
    for page_id, tables in KEY_COLUMNS.items():
        window.go_to(page_id)
        if page_id == "pipeline":
            window.page("pipeline").views.setCurrentIndex(1)  # type: ignore[attr-defined]
        settle(window, 600 if page_id == "reports" else 300)
        for name, columns in tables:
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
    print("\n".join(problems) if problems else "all key columns in view")
    window.close()
    ctx.ops.wait()
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
