"""Screenshots of costs and margins: the quote builder as a manager (margin per line and per
quote) and as a rep (the minimum-margin warning, no cost), and the profitability report.

xvfb-run -a env QT_QPA_PLATFORM=xcb .venv/bin/python scripts/screenshots_costs.py DB OUT_DIR
(DB: a database made by `crm-desktop --db DB seed --accounts 2000`; seeded data has costs.)
"""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import func, select

from crm_desktop import i18n
from crm_desktop.database import open_database
from crm_desktop.models import Quote, QuoteLine
from crm_desktop.services.core.crud import unit_of_work
from crm_desktop.services.quotes.costs import apply_minimum_margin
from crm_desktop.settings import Settings
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.ops import Operations
from crm_desktop.views.common.translations import install_translator
from crm_desktop.views.quotes.quote_builder import QuoteBuilder
from crm_desktop.views.reports.reports import ReportsPage

SIZE = (1366, 768)


def settle(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def save(widget: QWidget, path: Path) -> None:
    widget.grab().save(str(path), "PNG", 9)
    print(path, path.stat().st_size // 1024, "KB")


def _draft(ctx: AppContext) -> tuple[str, str | None]:
    with ctx.database.sessions() as session:
        lines = (
            select(func.count())
            .where(QuoteLine.quote_id == Quote.id, QuoteLine.deleted_at.is_(None))
            .scalar_subquery()
        )
        quote = session.scalars(
            select(Quote).where(Quote.status == "draft", Quote.currency == "COP")
            .order_by(lines.desc(), Quote.number)
        ).first()  # fmt: skip
        assert quote is not None
        return quote.id, quote.owner_id


def builder_shots(app: QApplication, ctx: AppContext, out: Path, lang: str) -> None:
    quote_id, owner = _draft(ctx)
    for who, user_id in (("manager", None), ("rep", owner)):
        ctx.user_id = user_id
        builder = QuoteBuilder(ctx, quote_id)
        builder.resize(*SIZE)
        builder.show()
        settle(1500)
        if who == "rep":  # a deep discount on the first item: below the minimum margin
            row = next(i for i, x in enumerate(builder.model.lines) if x.kind == "item")
            line = builder.model.lines[row]
            builder.model.lines[row] = replace(line, discount_pct=Decimal(45))
            builder.model.recompute()
            settle(300)
        save(builder, out / f"{lang}-quote-margin-{who}.png")
        builder.close()
        ctx.ops.wait()
    ctx.user_id = None


def report_shot(ctx: AppContext, out: Path, lang: str, day: date) -> None:
    page = ReportsPage(ctx)
    page.resize(*SIZE)
    page.show()
    panel = page.reports
    panel.period.set_period("quarter", day)
    panel.kind.setCurrentIndex(panel.kind.findData("profitability"))
    settle(3000)
    save(page, out / f"{lang}-reports-profitability.png")
    ctx.ops.wait()
    page.close()


def main() -> int:
    db, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    database = open_database(db)
    with unit_of_work(database.sessions) as session:
        apply_minimum_margin(session, Decimal(25), date.today())  # wall clock: a screenshot
    for lang in ("es",):
        install_translator(app, lang)
        i18n.set_language(lang)
        ctx = AppContext(database, Operations(database.sessions), Settings(None), lang)
        builder_shots(app, ctx, out, lang)
        report_shot(ctx, out, lang, date.today())  # wall clock: a screenshot
    database.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
