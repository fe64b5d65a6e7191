"""Screenshots of the Reports page and the manager's view, in Spanish and English.

xvfb-run -a env QT_QPA_PLATFORM=xcb .venv/bin/python scripts/screenshots_reports.py DB OUT_DIR
(DB: e.g. a database made by `crm-desktop --db DB seed --accounts 2000`).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from crm_desktop import i18n
from crm_desktop.database import open_database
from crm_desktop.settings import Settings
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.ops import Operations
from crm_desktop.views.common.translations import install_translator
from crm_desktop.views.reports.reports import ReportsPage

SIZE = (1280, 760)


def settle(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def save(widget: QWidget, path: Path) -> None:
    widget.grab().save(str(path), "PNG", 9)
    print(path, path.stat().st_size // 1024, "KB")


def take(app: QApplication, db: Path, out: Path, lang: str, day: date) -> None:
    install_translator(app, lang)
    i18n.set_language(lang)
    database = open_database(db)
    ctx = AppContext(database, Operations(database.sessions), Settings(None), lang)
    page = ReportsPage(ctx)
    page.resize(*SIZE)
    page.show()
    panel = page.reports
    panel.period.set_period("quarter", day)
    for key, name in (("activity", "reports"), ("rejections", "reports-rejections"),
                      ("customers", "reports-customers")):  # fmt: skip
        panel.kind.setCurrentIndex(panel.kind.findData(key))
        settle(2500)
        save(page, out / f"{lang}-{name}.png")
    page.tabs.setCurrentWidget(page.manager)
    settle(3000)
    save(page, out / f"{lang}-manager.png")
    ctx.ops.wait()
    page.close()
    database.engine.dispose()


def main() -> int:
    db, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    for lang in ("es", "en"):
        take(app, db, out, lang, date.today())
    return 0


if __name__ == "__main__":
    sys.exit(main())
